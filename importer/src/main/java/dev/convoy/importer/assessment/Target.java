package dev.convoy.importer.assessment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What is known about the migration target, for the target-side checks. Every field is optional;
 * checks whose input is missing do not run.
 *
 * @param namespace the namespace VMs go to
 * @param storageClass the storage class disks will use
 * @param storageClasses the storage classes the cluster has, with what is known of their capacity
 * @param quotaBytes the namespace's {@code requests.storage} quota still available (hard minus
 *     used), if any
 * @param warm whether the plan is a warm migration (changed block tracking then matters)
 * @param maxDisksPerVm the most disks one target VM can have
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Target(
    String namespace,
    String storageClass,
    List<StorageClass> storageClasses,
    Long quotaBytes,
    Boolean warm,
    Integer maxDisksPerVm) {

  public Target {
    storageClasses = storageClasses == null ? List.of() : List.copyOf(storageClasses);
  }

  /** Nothing known: only source-side rules run, with default limits. */
  public static Target unknown() {
    return new Target(null, null, null, null, null, null);
  }

  /**
   * A storage class of the target cluster.
   *
   * @param availableBytes free capacity (e.g. from CSIStorageCapacity), null when unknown
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StorageClass(String name, Long availableBytes) {}
}
