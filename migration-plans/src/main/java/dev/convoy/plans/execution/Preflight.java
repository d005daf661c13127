package dev.convoy.plans.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pre-flight of one wave, before any of its VMs is cut over: which VMs may start and why the others
 * may not. A VM is blocked by its Critical assessment findings and by target checks: the namespace
 * exists (or will be created), every storage class its PVCs use exists (or there is a default), the
 * new PVCs fit the storage classes' published capacity (CSIStorageCapacity) and the namespace's
 * ResourceQuotas ({@code requests.storage}, {@code persistentvolumeclaims}, their per-storage-class
 * forms, {@code requests.memory}/{@code memory}, {@code requests.cpu}/{@code cpu}, and the object
 * counts {@code pods}, {@code count/pods}, {@code count/persistentvolumeclaims} and {@code
 * count/virtualmachines.kubevirt.io}).
 *
 * <p>VMs are checked in the given (plan) order and each VM that passes is charged against capacity
 * and quota, so the last VMs of a wave that does not fit as a whole are the ones blocked. PVCs and
 * VirtualMachineInstances that already exist are counted in the cluster's own numbers and are not
 * charged again, so the same wave can be checked again after a restart or between rounds. Pure.
 */
public final class Preflight {
  private Preflight() {}

  /** The storage-class-scoped quota key for storage requests. */
  static String classStorageKey(String storageClass) {
    return storageClass + ".storageclass.storage.k8s.io/requests.storage";
  }

  /** The storage-class-scoped quota key for the PVC count. */
  static String classClaimsKey(String storageClass) {
    return storageClass + ".storageclass.storage.k8s.io/persistentvolumeclaims";
  }

  /**
   * An assessment finding as values (from {@code convoy assess} or the importer's assessment).
   *
   * @param ruleId the rule's stable id, e.g. {@code passthrough_device.detected}
   * @param severity {@code Critical}, {@code Warning} or {@code Info}
   * @param message what was found
   */
  public record Finding(String ruleId, String severity, String message) {
    /** Whether it blocks the VM. */
    public boolean critical() {
      return "critical".equalsIgnoreCase(severity);
    }
  }

  /**
   * One PVC a VM needs.
   *
   * @param name the PVC's name
   * @param storageClass its storage class, null for the cluster's default
   * @param requestBytes its {@code spec.resources.requests.storage}
   */
  public record Claim(String name, String storageClass, long requestBytes) {}

  /**
   * One VM of the wave.
   *
   * @param name the VM's name in the migration (findings are looked up by it)
   * @param namespace the target namespace
   * @param claims its PVCs
   * @param memoryBytes the memory its virt-launcher pod requests (at least the guest's memory)
   * @param cpuMillis the CPU its virt-launcher pod requests, in millicores
   */
  public record Vm(
      String name, String namespace, List<Claim> claims, long memoryBytes, long cpuMillis) {
    public Vm {
      claims = List.copyOf(claims);
    }
  }

  /**
   * Why a VM is blocked.
   *
   * @param ruleId the assessment rule's id, or a {@code target.*} id for target checks
   * @param message what is wrong, naming the object and the numbers
   */
  public record Reason(String ruleId, String message) {
    @Override
    public String toString() {
      return ruleId + ": " + message;
    }
  }

  /** The verdict on one VM: ok when there is no reason. */
  public record Verdict(String vm, List<Reason> reasons) {
    public Verdict {
      reasons = List.copyOf(reasons);
    }

    public boolean ok() {
      return reasons.isEmpty();
    }

    /** The reasons as lines ({@code ruleId: message}), e.g. for a VM's observation. */
    public List<String> messages() {
      return reasons.stream().map(Reason::toString).toList();
    }
  }

  /** Checks a wave whose namespaces must already exist. */
  public static Map<String, Verdict> check(
      List<Vm> wave, Map<String, List<Finding>> findings, TargetSnapshot target) {
    return check(wave, findings, target, Set.of());
  }

  /**
   * Checks a wave.
   *
   * @param wave its VMs in plan order (all that are not finished: VMs under way are charged only
   *     for what does not exist yet)
   * @param findings assessment findings per VM name; VMs without an entry have none
   * @param target the target cluster now
   * @param namespacesToCreate namespaces the migration creates, so their absence is no problem
   * @return a verdict per VM name, in wave order
   */
  public static Map<String, Verdict> check(
      List<Vm> wave,
      Map<String, List<Finding>> findings,
      TargetSnapshot target,
      Set<String> namespacesToCreate) {
    return check(wave, findings, target, namespacesToCreate, Set.of());
  }

  /**
   * Checks a wave in which some VMs are already under way.
   *
   * @param underWay VMs past pre-flight (cut over, transferring, booting): whatever their verdict
   *     says now, they will create what they still lack, so it is charged before the VMs after them
   */
  public static Map<String, Verdict> check(
      List<Vm> wave,
      Map<String, List<Finding>> findings,
      TargetSnapshot target,
      Set<String> namespacesToCreate,
      Set<String> underWay) {
    Map<String, Map<String, Long>> charged = new HashMap<>(); // namespace -> quota key -> amount
    Map<String, Long> chargedCapacity = new HashMap<>(); // storage class -> bytes
    Map<String, Verdict> verdicts = new LinkedHashMap<>();
    for (Vm vm : wave) {
      List<Reason> reasons = new ArrayList<>();
      for (Finding f : findings.getOrDefault(vm.name(), List.of())) {
        if (f.critical()) {
          reasons.add(new Reason(f.ruleId(), f.message()));
        }
      }
      boolean namespaceExists = target.namespaces().contains(vm.namespace());
      if (!namespaceExists && !namespacesToCreate.contains(vm.namespace())) {
        reasons.add(
            new Reason(
                "target.namespace.missing",
                "target namespace "
                    + vm.namespace()
                    + " does not exist; create it or choose an existing one in spec.target.namespace"));
      }
      // what this VM adds: only PVCs that do not exist yet
      Map<String, Long> need = new LinkedHashMap<>();
      Map<String, Long> capacityNeed = new LinkedHashMap<>();
      for (Claim claim : vm.claims()) {
        Optional<TargetSnapshot.StorageClass> sc = storageClass(claim, target, reasons);
        if (sc.isEmpty() || target.claimExists(vm.namespace(), claim.name())) {
          continue;
        }
        String cls = sc.get().name();
        need.merge("requests.storage", claim.requestBytes(), Long::sum);
        need.merge("persistentvolumeclaims", 1L, Long::sum);
        need.merge("count/persistentvolumeclaims", 1L, Long::sum);
        need.merge(classStorageKey(cls), claim.requestBytes(), Long::sum);
        need.merge(classClaimsKey(cls), 1L, Long::sum);
        capacityNeed.merge(cls, claim.requestBytes(), Long::sum);
        largestVolume(claim, sc.get(), reasons);
      }
      long newClaims = need.getOrDefault("persistentvolumeclaims", 0L);
      // pods at the VM's peak: one import pod per new disk while copying, then its virt-launcher
      // pod, which stays (import pods end, so only the launcher is charged to later VMs)
      Map<String, Long> peak = new HashMap<>();
      long launcher = 0;
      if (!target.instanceExists(vm.namespace(), vm.name())) {
        launcher = 1;
        need.put("requests.memory", vm.memoryBytes());
        need.put("memory", vm.memoryBytes());
        need.put("requests.cpu", vm.cpuMillis());
        need.put("cpu", vm.cpuMillis());
        need.put("count/virtualmachines.kubevirt.io", 1L);
      }
      for (String pods : List.of("pods", "count/pods")) {
        need.put(pods, launcher);
        peak.put(pods, Math.max(launcher, newClaims));
      }
      capacityNeed.forEach(
          (cls, bytes) -> {
            List<TargetSnapshot.Capacity> capacities =
                target
                    .storageClass(cls)
                    .map(TargetSnapshot.StorageClass::capacities)
                    .orElse(List.of());
            if (capacities.isEmpty()) {
              return; // the driver publishes no capacity: nothing to check against
            }
            long free = capacities.stream().mapToLong(TargetSnapshot.Capacity::capacityBytes).sum();
            long before = chargedCapacity.getOrDefault(cls, 0L);
            if (before + bytes > free) {
              reasons.add(
                  new Reason(
                      "target.capacity.insufficient",
                      "its new PVCs need "
                          + bytes(bytes)
                          + " of storage class "
                          + cls
                          + ", which reports "
                          + bytes(free)
                          + " free (CSIStorageCapacity)"
                          + (before > 0
                              ? " of which VMs before it in the wave take " + bytes(before)
                              : "")));
            }
          });
      for (TargetSnapshot.Quota quota : target.quotas()) {
        if (!quota.namespace().equals(vm.namespace())) {
          continue;
        }
        Map<String, Long> before = charged.getOrDefault(vm.namespace(), Map.of());
        need.forEach(
            (key, charge) ->
                quota
                    .remaining(key)
                    .ifPresent(
                        left -> {
                          long taken = before.getOrDefault(key, 0L);
                          long amount = peak.getOrDefault(key, charge);
                          if (amount > 0 && taken + amount > left) {
                            reasons.add(quotaReason(quota, key, amount, left, taken));
                          }
                        }));
      }
      if (reasons.isEmpty() || underWay.contains(vm.name())) {
        Map<String, Long> ns = charged.computeIfAbsent(vm.namespace(), n -> new HashMap<>());
        need.forEach((k, v) -> ns.merge(k, v, Long::sum));
        capacityNeed.forEach((k, v) -> chargedCapacity.merge(k, v, Long::sum));
      }
      verdicts.put(vm.name(), new Verdict(vm.name(), reasons));
    }
    return verdicts;
  }

  /** The claim's storage class, or a reason why there is none. */
  private static Optional<TargetSnapshot.StorageClass> storageClass(
      Claim claim, TargetSnapshot target, List<Reason> reasons) {
    if (claim.storageClass() == null || claim.storageClass().isBlank()) {
      Optional<TargetSnapshot.StorageClass> def = target.defaultStorageClass();
      if (def.isEmpty()) {
        reasons.add(
            new Reason(
                "target.storage_class.no_default",
                "PVC "
                    + claim.name()
                    + " names no storage class and the cluster has "
                    + (target.storageClasses().stream()
                            .anyMatch(TargetSnapshot.StorageClass::isDefault)
                        ? "more than one default storage class"
                        : "no default storage class")
                    + "; map its datastore to a storage class in spec.target.storageMap"));
      }
      return def;
    }
    Optional<TargetSnapshot.StorageClass> sc = target.storageClass(claim.storageClass());
    if (sc.isEmpty()) {
      reasons.add(
          new Reason(
              "target.storage_class.missing",
              "storage class "
                  + claim.storageClass()
                  + " of PVC "
                  + claim.name()
                  + " does not exist in the target cluster (it has: "
                  + (target.storageClasses().isEmpty()
                      ? "none"
                      : String.join(
                          ", ",
                          target.storageClasses().stream()
                              .map(TargetSnapshot.StorageClass::name)
                              .toList()))
                  + "); fix spec.target.storageMap"));
    }
    return sc;
  }

  /** A disk larger than any one segment (or the driver's maximum volume size) cannot be created. */
  private static void largestVolume(
      Claim claim, TargetSnapshot.StorageClass sc, List<Reason> reasons) {
    if (sc.capacities().isEmpty()) {
      return;
    }
    long largest = 0;
    for (TargetSnapshot.Capacity c : sc.capacities()) {
      long fits =
          c.maximumVolumeSizeBytes() == null
              ? c.capacityBytes()
              : Math.min(c.capacityBytes(), c.maximumVolumeSizeBytes());
      largest = Math.max(largest, fits);
    }
    if (claim.requestBytes() > largest) {
      reasons.add(
          new Reason(
              "target.disk.too_large",
              "PVC "
                  + claim.name()
                  + " requests "
                  + bytes(claim.requestBytes())
                  + " but storage class "
                  + sc.name()
                  + " can create at most "
                  + bytes(largest)
                  + " in one topology segment (CSIStorageCapacity)"));
    }
  }

  private static Reason quotaReason(
      TargetSnapshot.Quota quota, String key, long amount, long left, long taken) {
    String rule =
        key.endsWith("persistentvolumeclaims")
            ? "target.quota.pvc_count"
            : key.endsWith("pods")
                ? "target.quota.pod_count"
                : key.endsWith("virtualmachines.kubevirt.io")
                    ? "target.quota.vm_count"
                    : key.endsWith("storage")
                        ? "target.quota.insufficient"
                        : key.endsWith("memory") ? "target.quota.memory" : "target.quota.cpu";
    return new Reason(
        rule,
        "ResourceQuota "
            + quota.namespace()
            + "/"
            + quota.name()
            + " "
            + key
            + ": it needs "
            + amount(key, amount)
            + ", "
            + amount(key, left)
            + " left of "
            + amount(key, quota.hard().get(key))
            + (taken > 0 ? " and VMs before it in the wave take " + amount(key, taken) : ""));
  }

  private static String amount(String key, long value) {
    if (key.endsWith("persistentvolumeclaims")) {
      return value + " PVC" + (value == 1 ? "" : "s");
    }
    if (key.endsWith("pods")) {
      return value + " pod" + (value == 1 ? "" : "s");
    }
    if (key.endsWith("virtualmachines.kubevirt.io")) {
      return value + " VirtualMachine" + (value == 1 ? "" : "s");
    }
    if (key.endsWith("cpu")) {
      return value % 1000 == 0 ? value / 1000 + " CPU" : value + "m CPU";
    }
    return bytes(value);
  }

  /** Bytes for people: exact binary units when they divide, else one decimal. */
  public static String bytes(long value) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = value;
    int unit = 0;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    if (v == Math.rint(v)) {
      return (long) v + " " + units[unit];
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }
}
