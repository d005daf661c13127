package dev.convoy.plans.execution;

import dev.convoy.api.convoy.v1alpha1.ExecutionLimits;
import dev.convoy.api.convoy.v1alpha1.MigrationPlanSpec;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bounded concurrency: which waiting VMs may start, given the VMs already holding transfer slots,
 * with a global limit and limits per source host (ESXi read bandwidth, Forklift's MAX_VM_INFLIGHT
 * per host), per datastore and per target storage class.
 *
 * <p>A slot is one disk transfer, as in Forklift's vSphere scheduler (a VM costs the disks it still
 * has to copy): a VM is admitted as a whole when every limit it touches has room for all of its
 * remaining disks. A VM with more disks than a limit is admitted when nothing else uses that key,
 * so it runs alone there instead of never. Placements built without disks cost one slot per key.
 *
 * <p>VMs are considered in the given (plan) order. A VM that does not fit does not stop later ones
 * that do, with one exception that prevents starvation: the first VM that does not fit reserves
 * what it needs on every key it touches, so later VMs cannot take the slots it waits for. It is
 * admitted as soon as its keys drain; then the next blocked VM becomes the one that reserves.
 */
public final class Admission {
  private Admission() {}

  /**
   * Limits in disk transfers at once; a value of 0 or less means unlimited.
   *
   * @param perSourceHost transfers reading from one ESXi host
   * @param perDatastore transfers reading one datastore
   * @param perTargetStorage transfers writing one storage class
   * @param total transfers in the whole migration
   */
  public record Limits(int perSourceHost, int perDatastore, int perTargetStorage, int total) {
    /** Without a global limit. */
    public Limits(int perSourceHost, int perDatastore, int perTargetStorage) {
      this(perSourceHost, perDatastore, perTargetStorage, 0);
    }

    /** Forklift's default of 20 per host, as many per datastore and storage class, no total. */
    public static Limits defaults() {
      return new Limits(20, 20, 20, 0);
    }

    /** No limit at all. */
    public static Limits unlimited() {
      return new Limits(0, 0, 0, 0);
    }

    /**
     * The limits a plan asks for in {@code spec.execution.limits}, each unset one from {@link
     * #defaults()}; the total falls back to {@code spec.waves.auto.caps.maxConcurrentDisks} (what
     * the wave planner assumed), else unlimited.
     */
    public static Limits of(MigrationPlanSpec spec) {
      Limits d = defaults();
      ExecutionLimits limits =
          spec == null || spec.getExecution() == null ? null : spec.getExecution().getLimits();
      Integer plannedDisks =
          spec == null
                  || spec.getWaves() == null
                  || spec.getWaves().getAuto() == null
                  || spec.getWaves().getAuto().getCaps() == null
              ? null
              : spec.getWaves().getAuto().getCaps().getMaxConcurrentDisks();
      if (limits == null) {
        return new Limits(
            d.perSourceHost(),
            d.perDatastore(),
            d.perTargetStorage(),
            plannedDisks == null ? d.total() : plannedDisks);
      }
      return new Limits(
          or(limits.getPerHost(), d.perSourceHost()),
          or(limits.getPerDatastore(), d.perDatastore()),
          or(limits.getPerStorageClass(), d.perTargetStorage()),
          or(limits.getTotal(), plannedDisks == null ? d.total() : plannedDisks));
    }

    private static int or(Integer value, int fallback) {
      return value == null ? fallback : value;
    }
  }

  /**
   * Where one disk reads and writes.
   *
   * @param name the disk's name within its VM (e.g. {@code disk-0})
   * @param datastore the datastore its source file is on, null when none (OVA)
   * @param storageClass the storage class of its target PVC, null for the cluster's default
   */
  public record DiskPlacement(String name, String datastore, String storageClass) {}

  /**
   * Where a VM reads and writes.
   *
   * @param vm the VM's name
   * @param sourceHost its ESXi host (null when unknown, e.g. an OVA)
   * @param datastores the datastores its disks are on
   * @param targetStorage the storage classes its PVCs use
   * @param disks its disks; empty when only the sets above are known, and the VM then costs one
   *     slot on each key and one of the total (nothing when it touches no key at all)
   */
  public record Placement(
      String vm,
      String sourceHost,
      Set<String> datastores,
      Set<String> targetStorage,
      List<DiskPlacement> disks) {
    /** The storage-class key of PVCs without a storage class name. */
    public static final String DEFAULT_STORAGE_CLASS = "(default)";

    public Placement {
      datastores = Set.copyOf(datastores);
      targetStorage = Set.copyOf(targetStorage);
      disks = List.copyOf(disks);
    }

    /** A VM known only by the sets of keys it touches: one slot per key. */
    public Placement(
        String vm, String sourceHost, Set<String> datastores, Set<String> targetStorage) {
      this(vm, sourceHost, datastores, targetStorage, List.of());
    }

    /** A VM with its disks: one slot per disk on each key the disk touches. */
    public static Placement ofDisks(String vm, String sourceHost, List<DiskPlacement> disks) {
      Set<String> datastores = new TreeSet<>();
      Set<String> storage = new TreeSet<>();
      for (DiskPlacement d : disks) {
        if (d.datastore() != null) {
          datastores.add(d.datastore());
        }
        storage.add(storageKey(d.storageClass()));
      }
      return new Placement(vm, sourceHost, datastores, storage, disks);
    }

    /** This placement without the disks named in {@code done} (they no longer hold a slot). */
    public Placement without(Collection<String> done) {
      if (disks.isEmpty() || done.isEmpty()) {
        return this;
      }
      List<DiskPlacement> left = disks.stream().filter(d -> !done.contains(d.name())).toList();
      // every disk copied: it holds nothing any more
      return left.isEmpty()
          ? new Placement(vm, null, Set.of(), Set.of())
          : ofDisks(vm, sourceHost, left);
    }

    /** The slots it needs, per key; capped to each limit when admitting. */
    Map<Key, Integer> demand() {
      Map<Key, Integer> demand = new LinkedHashMap<>();
      // the most specific keys first, so a VM that waits is told the narrowest reason
      if (disks.isEmpty()) {
        if (sourceHost == null && datastores.isEmpty() && targetStorage.isEmpty()) {
          return demand; // touches nothing: costs nothing
        }
        if (sourceHost != null) {
          demand.put(new Key(Kind.HOST, sourceHost), 1);
        }
        datastores.forEach(d -> demand.put(new Key(Kind.DATASTORE, d), 1));
        targetStorage.forEach(s -> demand.put(new Key(Kind.STORAGE, s), 1));
        demand.put(Key.TOTAL, 1);
        return demand;
      }
      for (DiskPlacement d : disks) {
        if (sourceHost != null) {
          demand.merge(new Key(Kind.HOST, sourceHost), 1, Integer::sum);
        }
        if (d.datastore() != null) {
          demand.merge(new Key(Kind.DATASTORE, d.datastore()), 1, Integer::sum);
        }
        demand.merge(new Key(Kind.STORAGE, storageKey(d.storageClass())), 1, Integer::sum);
      }
      demand.put(Key.TOTAL, disks.size());
      return demand;
    }
  }

  /** The storage-class key of a PVC's storage class name. */
  public static String storageKey(String storageClass) {
    return storageClass == null || storageClass.isBlank()
        ? Placement.DEFAULT_STORAGE_CLASS
        : storageClass;
  }

  enum Kind {
    TOTAL,
    HOST,
    DATASTORE,
    STORAGE
  }

  record Key(Kind kind, String name) {
    static final Key TOTAL = new Key(Kind.TOTAL, "");
  }

  private static int limit(Limits limits, Kind kind) {
    return switch (kind) {
      case TOTAL -> limits.total();
      case HOST -> limits.perSourceHost();
      case DATASTORE -> limits.perDatastore();
      case STORAGE -> limits.perTargetStorage();
    };
  }

  /**
   * The VMs among {@code waiting} that may start now.
   *
   * @param waiting VMs that want to start, in priority order
   * @param holding VMs that hold slots now (with only the disks they still copy)
   */
  public static Set<String> admit(List<Placement> waiting, List<Placement> holding, Limits limits) {
    return decide(waiting, holding, limits).admitted();
  }

  /**
   * The decision with reasons: which VMs start, and for each one that waits, the limit it waits for
   * (e.g. {@code source host esx-1: 2 of 2 transfers}).
   */
  public record Decision(Set<String> admitted, Map<String, String> waitingFor) {
    public Decision {
      admitted = Collections.unmodifiableSet(new LinkedHashSet<>(admitted));
      waitingFor = Collections.unmodifiableMap(new LinkedHashMap<>(waitingFor));
    }
  }

  /** Like {@link #admit} with the reason each VM that does not start waits. */
  public static Decision decide(List<Placement> waiting, List<Placement> holding, Limits limits) {
    Map<Key, Integer> used = new HashMap<>();
    for (Placement p : holding) {
      take(p.demand(), used, limits);
    }
    Set<String> admitted = new LinkedHashSet<>();
    Map<String, String> waitingFor = new LinkedHashMap<>();
    boolean reserved = false;
    for (Placement p : waiting) {
      Map<Key, Integer> demand = p.demand();
      Key full = firstFull(demand, used, limits);
      if (full == null) {
        take(demand, used, limits);
        admitted.add(p.vm());
        continue;
      }
      waitingFor.put(
          p.vm(),
          "waits for "
              + describe(full)
              + " ("
              + used.getOrDefault(full, 0)
              + " of "
              + limit(limits, full.kind())
              + " transfers in use or reserved)");
      if (!reserved) {
        // the first VM that waits keeps its place: nobody after it takes what it needs
        take(demand, used, limits);
        reserved = true;
      }
    }
    return new Decision(admitted, waitingFor);
  }

  /** A key without room for the demand, or null when all have room. */
  private static Key firstFull(Map<Key, Integer> demand, Map<Key, Integer> used, Limits limits) {
    for (Map.Entry<Key, Integer> e : demand.entrySet()) {
      int limit = limit(limits, e.getKey().kind());
      if (limit <= 0) {
        continue;
      }
      int inUse = used.getOrDefault(e.getKey(), 0);
      // more disks than the limit: wait until the key is free, then run alone on it
      int need = Math.min(e.getValue(), limit);
      if (inUse + need > limit) {
        return e.getKey();
      }
    }
    return null;
  }

  private static void take(Map<Key, Integer> demand, Map<Key, Integer> used, Limits limits) {
    demand.forEach(
        (k, n) -> {
          int limit = limit(limits, k.kind());
          used.merge(k, limit > 0 ? Math.min(n, limit) : n, Integer::sum);
        });
  }

  private static String describe(Key key) {
    return switch (key.kind()) {
      case TOTAL -> "the migration's total limit";
      case HOST -> "source host " + key.name();
      case DATASTORE -> "datastore " + key.name();
      case STORAGE -> "storage class " + key.name();
    };
  }
}
