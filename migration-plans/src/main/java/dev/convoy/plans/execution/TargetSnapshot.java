package dev.convoy.plans.execution;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What pre-flight needs to know of the target cluster, read at one moment: namespaces, storage
 * classes with the capacity their CSI driver publishes, ResourceQuotas and the PVCs that already
 * exist. Values only; an edge in the importer reads them from the API server.
 *
 * @param namespaces the namespaces that exist
 * @param storageClasses every storage class of the cluster
 * @param quotas every ResourceQuota in the namespaces of interest
 * @param claims names of the PVCs that exist, per namespace (they are already counted in a quota's
 *     {@code used} and a CSIStorageCapacity's remaining capacity, so pre-flight does not charge
 *     them again)
 * @param instances names of the VirtualMachineInstances that exist, per namespace (their
 *     virt-launcher pods already count in the quotas' memory and CPU)
 */
public record TargetSnapshot(
    Set<String> namespaces,
    List<StorageClass> storageClasses,
    List<Quota> quotas,
    Map<String, Set<String>> claims,
    Map<String, Set<String>> instances) {

  public TargetSnapshot {
    namespaces = Set.copyOf(namespaces);
    storageClasses = List.copyOf(storageClasses);
    quotas = List.copyOf(quotas);
    claims = copy(claims);
    instances = copy(instances);
  }

  private static Map<String, Set<String>> copy(Map<String, Set<String>> map) {
    Map<String, Set<String>> copy = new java.util.HashMap<>();
    map.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
    return Map.copyOf(copy);
  }

  /**
   * A storage class.
   *
   * @param name its name
   * @param isDefault annotated {@code storageclass.kubernetes.io/is-default-class: "true"}
   * @param capacities one entry per CSIStorageCapacity object (topology segment) of the class;
   *     empty when the driver publishes none, and the capacity check is then skipped
   */
  public record StorageClass(String name, boolean isDefault, List<Capacity> capacities) {
    public StorageClass {
      capacities = List.copyOf(capacities);
    }
  }

  /**
   * One CSIStorageCapacity object.
   *
   * @param capacityBytes free capacity in its topology segment
   * @param maximumVolumeSizeBytes the largest volume it can create, null when not reported
   */
  public record Capacity(long capacityBytes, Long maximumVolumeSizeBytes) {}

  /**
   * One ResourceQuota, with quantities in base units: bytes for storage and memory, millicores for
   * CPU, a count for object counts ({@code persistentvolumeclaims}).
   *
   * @param namespace its namespace
   * @param name its name
   * @param hard the limits
   * @param used what is used now (from its status; empty before the quota controller ran)
   */
  public record Quota(
      String namespace, String name, Map<String, Long> hard, Map<String, Long> used) {
    public Quota {
      hard = Map.copyOf(hard);
      used = Map.copyOf(used);
    }

    /** Hard minus used for {@code key}, never negative; empty when the quota does not limit it. */
    public Optional<Long> remaining(String key) {
      Long limit = hard.get(key);
      if (limit == null) {
        return Optional.empty();
      }
      return Optional.of(Math.max(0, limit - used.getOrDefault(key, 0L)));
    }
  }

  /** The storage class named {@code name}, if the cluster has it. */
  public Optional<StorageClass> storageClass(String name) {
    return storageClasses.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The cluster's default storage class, if exactly one is marked default. */
  public Optional<StorageClass> defaultStorageClass() {
    List<StorageClass> defaults = storageClasses.stream().filter(StorageClass::isDefault).toList();
    return defaults.size() == 1 ? Optional.of(defaults.get(0)) : Optional.empty();
  }

  /** Whether the VirtualMachineInstance {@code name} exists in {@code namespace}. */
  public boolean instanceExists(String namespace, String name) {
    return instances.getOrDefault(namespace, Set.of()).contains(name);
  }

  /** Whether the PVC {@code name} exists in {@code namespace}. */
  public boolean claimExists(String namespace, String name) {
    return claims.getOrDefault(namespace, Set.of()).contains(name);
  }
}
