package dev.convoy.plans.execution;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bounded concurrency: which waiting VMs may start, given the VMs already holding a transfer slot,
 * with limits per source host (ESXi read bandwidth, Forklift's MAX_VM_INFLIGHT per host), per
 * datastore and per target storage class. VMs are admitted in the given order, so the plan's order
 * decides who goes first; a VM that does not fit does not stop later ones that do.
 */
public final class Admission {
  private Admission() {}

  /**
   * Limits; a value of 0 or less means unlimited.
   *
   * @param perSourceHost VMs transferring at once from one ESXi host
   * @param perDatastore VMs transferring at once that read one datastore
   * @param perTargetStorage VMs transferring at once that write one storage class
   */
  public record Limits(int perSourceHost, int perDatastore, int perTargetStorage) {
    /** Forklift's default of 20 VMs per host, and as many per datastore and storage class. */
    public static Limits defaults() {
      return new Limits(20, 20, 20);
    }
  }

  /**
   * Where a VM reads and writes.
   *
   * @param vm the VM's name
   * @param sourceHost its ESXi host (null when unknown, e.g. an OVA)
   * @param datastores the datastores its disks are on
   * @param targetStorage the storage classes its PVCs use
   */
  public record Placement(
      String vm, String sourceHost, Set<String> datastores, Set<String> targetStorage) {
    public Placement {
      datastores = Set.copyOf(datastores);
      targetStorage = Set.copyOf(targetStorage);
    }
  }

  /**
   * The VMs among {@code waiting} that may start now.
   *
   * @param waiting VMs that want to start, in priority order
   * @param holding VMs that hold a slot now
   */
  public static Set<String> admit(List<Placement> waiting, List<Placement> holding, Limits limits) {
    Map<String, Integer> hosts = new HashMap<>();
    Map<String, Integer> datastores = new HashMap<>();
    Map<String, Integer> storage = new HashMap<>();
    for (Placement p : holding) {
      take(p, hosts, datastores, storage);
    }
    Set<String> admitted = new LinkedHashSet<>();
    for (Placement p : waiting) {
      if (fits(
              p.sourceHost() == null ? Set.of() : Set.of(p.sourceHost()),
              hosts,
              limits.perSourceHost())
          && fits(p.datastores(), datastores, limits.perDatastore())
          && fits(p.targetStorage(), storage, limits.perTargetStorage())) {
        take(p, hosts, datastores, storage);
        admitted.add(p.vm());
      }
    }
    return admitted;
  }

  private static boolean fits(Set<String> keys, Map<String, Integer> used, int limit) {
    if (limit <= 0) {
      return true;
    }
    for (String key : keys) {
      if (used.getOrDefault(key, 0) >= limit) {
        return false;
      }
    }
    return true;
  }

  private static void take(
      Placement p,
      Map<String, Integer> hosts,
      Map<String, Integer> datastores,
      Map<String, Integer> storage) {
    if (p.sourceHost() != null) {
      hosts.merge(p.sourceHost(), 1, Integer::sum);
    }
    p.datastores().forEach(d -> datastores.merge(d, 1, Integer::sum));
    p.targetStorage().forEach(s -> storage.merge(s, 1, Integer::sum));
  }
}
