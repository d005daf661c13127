package dev.convoy.plans.waves;

import java.time.Duration;
import java.util.List;

/**
 * One planned wave.
 *
 * @param number 1-based
 * @param name {@code wave-01}, or the explicit wave's name
 * @param environment the environment its VMs belong to, or null
 * @param vms its VMs, sorted by name
 * @param estimatedDuration from the plan's throughput
 * @param window its cutover window, or null when the plan has too few windows or none
 */
public record Wave(
    int number,
    String name,
    String environment,
    List<WaveVm> vms,
    long provisionedBytes,
    int diskCount,
    Duration estimatedDuration,
    CutoverWindow window) {
  public Wave {
    vms = List.copyOf(vms);
  }
}
