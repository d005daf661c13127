package dev.convoy.plans.waves;

import java.util.Objects;

/**
 * One VM as the wave planner sees it: identity, size and the attributes that order it.
 *
 * @param id unique key (the source's id, e.g. the vCenter moref); the planner sorts by it, so the
 *     result never depends on input order
 * @param name the display name used in reasons and reports
 * @param provisionedBytes the sum of the VM's disk capacities
 * @param diskCount how many disks it has (all of a wave's disks copy concurrently)
 * @param largestDiskBytes the largest single disk, for per-disk throughput limits
 * @param environment its environment (e.g. {@code prod}), or null when environments are not used
 * @param priority higher moves earlier among VMs that could go in the same wave
 */
public record PlanningVm(
    String id,
    String name,
    long provisionedBytes,
    int diskCount,
    long largestDiskBytes,
    String environment,
    int priority) {
  public PlanningVm {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (provisionedBytes < 0 || diskCount < 0 || largestDiskBytes < 0) {
      throw new IllegalArgumentException("negative size for VM " + id);
    }
  }
}
