package dev.convoy.plans.waves;

/**
 * Per-wave limits; null means unlimited.
 *
 * @param maxVms VMs per wave
 * @param maxProvisionedBytes total provisioned disk bytes per wave
 * @param maxDisks disks per wave (a wave copies all its disks concurrently)
 */
public record WaveCaps(Integer maxVms, Long maxProvisionedBytes, Integer maxDisks) {
  /** No limits. */
  public static WaveCaps none() {
    return new WaveCaps(null, null, null);
  }

  boolean any() {
    return maxVms != null || maxProvisionedBytes != null || maxDisks != null;
  }
}
