package dev.convoy.disk.ova;

/**
 * Bounds on what Convoy reads from an OVA before trusting it.
 *
 * @param maxMembers most tar members accepted
 * @param maxDescriptorBytes largest OVF descriptor read into memory
 * @param maxManifestBytes largest .mf manifest read into memory
 */
public record OvaLimits(int maxMembers, int maxDescriptorBytes, int maxManifestBytes) {
  /** 1024 members, a 16 MiB OVF, a 1 MiB manifest. */
  public static OvaLimits defaults() {
    return new OvaLimits(1024, 16 * 1024 * 1024, 1024 * 1024);
  }
}
