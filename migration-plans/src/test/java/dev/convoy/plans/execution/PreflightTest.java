package dev.convoy.plans.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.execution.Preflight.Claim;
import dev.convoy.plans.execution.Preflight.Finding;
import dev.convoy.plans.execution.Preflight.Verdict;
import dev.convoy.plans.execution.Preflight.Vm;
import dev.convoy.plans.execution.TargetSnapshot.Capacity;
import dev.convoy.plans.execution.TargetSnapshot.Quota;
import dev.convoy.plans.execution.TargetSnapshot.StorageClass;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreflightTest {
  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;

  /** A VM in namespace {@code apps} with one 10 GiB disk on {@code fast}, 1 GiB, 2 vCPUs. */
  static Vm vm(String name) {
    return new Vm(name, "apps", List.of(new Claim(name + "-disk-0", "fast", 10 * GIB)), GIB, 200);
  }

  static TargetSnapshot cluster(List<StorageClass> classes, List<Quota> quotas) {
    return new TargetSnapshot(Set.of("apps"), classes, quotas, Map.of(), Map.of());
  }

  static StorageClass fast(Capacity... capacities) {
    return new StorageClass("fast", false, List.of(capacities));
  }

  static Quota quota(String key, long hard, long used) {
    return new Quota("apps", "compute", Map.of(key, hard), Map.of(key, used));
  }

  static Arguments row(String name, List<Vm> wave, TargetSnapshot target, List<String> expected) {
    return Arguments.of(name, wave, target, expected);
  }

  /** Each rule on its own: the verdict of the last VM of the wave, as {@code ruleId: message}. */
  static Stream<Arguments> rules() {
    return Stream.of(
        row("all fits", List.of(vm("a")), cluster(List.of(fast()), List.of()), List.of()),
        row(
            "namespace missing",
            List.of(new Vm("a", "nowhere", List.of(), GIB, 100)),
            cluster(List.of(fast()), List.of()),
            List.of(
                "target.namespace.missing: target namespace nowhere does not exist; create it or"
                    + " choose an existing one in spec.target.namespace")),
        row(
            "storage class missing",
            List.of(vm("a")),
            cluster(List.of(new StorageClass("slow", true, List.of())), List.of()),
            List.of(
                "target.storage_class.missing: storage class fast of PVC a-disk-0 does not exist in"
                    + " the target cluster (it has: slow); fix spec.target.storageMap")),
        row(
            "no storage class named and no default",
            List.of(new Vm("a", "apps", List.of(new Claim("a-disk-0", null, GIB)), GIB, 100)),
            cluster(List.of(fast()), List.of()),
            List.of(
                "target.storage_class.no_default: PVC a-disk-0 names no storage class and the"
                    + " cluster has no default storage class; map its datastore to a storage class"
                    + " in spec.target.storageMap")),
        row(
            "two defaults are no default",
            List.of(new Vm("a", "apps", List.of(new Claim("a-disk-0", null, GIB)), GIB, 100)),
            cluster(
                List.of(
                    new StorageClass("x", true, List.of()), new StorageClass("y", true, List.of())),
                List.of()),
            List.of(
                "target.storage_class.no_default: PVC a-disk-0 names no storage class and the"
                    + " cluster has more than one default storage class; map its datastore to a"
                    + " storage class in spec.target.storageMap")),
        row(
            "the default class is used and its capacity checked",
            List.of(new Vm("a", "apps", List.of(new Claim("a-disk-0", null, 10 * GIB)), GIB, 100)),
            cluster(
                List.of(new StorageClass("std", true, List.of(new Capacity(5 * GIB, null)))),
                List.of()),
            List.of(
                "target.disk.too_large: PVC a-disk-0 requests 10 GiB but storage class std can"
                    + " create at most 5 GiB in one topology segment (CSIStorageCapacity)",
                "target.capacity.insufficient: its new PVCs need 10 GiB of storage class std, which"
                    + " reports 5 GiB free (CSIStorageCapacity)")),
        row(
            "capacity is summed over segments, but one disk must fit in one",
            List.of(vm("a")),
            cluster(
                List.of(fast(new Capacity(6 * GIB, null), new Capacity(6 * GIB, null))), List.of()),
            List.of(
                "target.disk.too_large: PVC a-disk-0 requests 10 GiB but storage class fast can"
                    + " create at most 6 GiB in one topology segment (CSIStorageCapacity)")),
        row(
            "maximum volume size",
            List.of(vm("a")),
            cluster(List.of(fast(new Capacity(100 * GIB, 8 * GIB))), List.of()),
            List.of(
                "target.disk.too_large: PVC a-disk-0 requests 10 GiB but storage class fast can"
                    + " create at most 8 GiB in one topology segment (CSIStorageCapacity)")),
        row(
            "the wave together exceeds the class's capacity: the later VM is blocked",
            List.of(vm("a"), vm("b")),
            cluster(List.of(fast(new Capacity(15 * GIB, null))), List.of()),
            List.of(
                "target.capacity.insufficient: its new PVCs need 10 GiB of storage class fast,"
                    + " which reports 15 GiB free (CSIStorageCapacity) of which VMs before it in"
                    + " the wave take 10 GiB")),
        row(
            "requests.storage quota",
            List.of(vm("a")),
            cluster(List.of(fast()), List.of(quota("requests.storage", 20 * GIB, 15 * GIB))),
            List.of(
                "target.quota.insufficient: ResourceQuota apps/compute requests.storage: it needs"
                    + " 10 GiB, 5 GiB left of 20 GiB")),
        row(
            "per-storage-class storage quota",
            List.of(vm("a")),
            cluster(
                List.of(fast()),
                List.of(
                    quota("fast.storageclass.storage.k8s.io/requests.storage", 8 * GIB, 0),
                    // a quota on another class does not apply
                    new Quota(
                        "apps",
                        "slow-only",
                        Map.of("slow.storageclass.storage.k8s.io/requests.storage", 0L),
                        Map.of()))),
            List.of(
                "target.quota.insufficient: ResourceQuota apps/compute"
                    + " fast.storageclass.storage.k8s.io/requests.storage: it needs 10 GiB, 8 GiB"
                    + " left of 8 GiB")),
        row(
            "PVC count quota, charged across the wave",
            List.of(vm("a"), vm("b")),
            cluster(List.of(fast()), List.of(quota("persistentvolumeclaims", 5, 4))),
            List.of(
                "target.quota.pvc_count: ResourceQuota apps/compute persistentvolumeclaims: it"
                    + " needs 1 PVC, 1 PVC left of 5 PVCs and VMs before it in the wave take 1"
                    + " PVC")),
        row(
            "per-storage-class PVC count quota",
            List.of(vm("a")),
            cluster(
                List.of(fast()),
                List.of(quota("fast.storageclass.storage.k8s.io/persistentvolumeclaims", 0, 0))),
            List.of(
                "target.quota.pvc_count: ResourceQuota apps/compute"
                    + " fast.storageclass.storage.k8s.io/persistentvolumeclaims: it needs 1 PVC, 0"
                    + " PVCs left of 0 PVCs")),
        row(
            "memory quota",
            List.of(vm("a")),
            cluster(List.of(fast()), List.of(quota("requests.memory", 2 * GIB, 1536 * MIB))),
            List.of(
                "target.quota.memory: ResourceQuota apps/compute requests.memory: it needs 1 GiB,"
                    + " 512 MiB left of 2 GiB")),
        row(
            "memory quota under its short name",
            List.of(vm("a")),
            cluster(List.of(fast()), List.of(quota("memory", 512 * MIB, 0))),
            List.of(
                "target.quota.memory: ResourceQuota apps/compute memory: it needs 1 GiB, 512 MiB"
                    + " left of 512 MiB")),
        row(
            "cpu quota",
            List.of(vm("a"), vm("b")),
            cluster(List.of(fast()), List.of(quota("requests.cpu", 1000, 700))),
            List.of(
                "target.quota.cpu: ResourceQuota apps/compute requests.cpu: it needs 200m CPU,"
                    + " 300m CPU left of 1 CPU and VMs before it in the wave take 200m CPU")),
        row(
            "object count quota on PVCs",
            List.of(vm("a")),
            cluster(List.of(fast()), List.of(quota("count/persistentvolumeclaims", 3, 3))),
            List.of(
                "target.quota.pvc_count: ResourceQuota apps/compute count/persistentvolumeclaims:"
                    + " it needs 1 PVC, 0 PVCs left of 3 PVCs")),
        row(
            "pods: one import pod per disk at the peak",
            List.of(
                new Vm(
                    "a",
                    "apps",
                    List.of(
                        new Claim("a-disk-0", "fast", GIB),
                        new Claim("a-disk-1", "fast", GIB),
                        new Claim("a-disk-2", "fast", GIB)),
                    GIB,
                    100)),
            cluster(List.of(fast()), List.of(quota("pods", 10, 8))),
            List.of(
                "target.quota.pod_count: ResourceQuota apps/compute pods: it needs 3 pods, 2 pods"
                    + " left of 10 pods")),
        row(
            "pods: later VMs are charged only the launcher pods before them",
            List.of(vm("a"), vm("b"), vm("c")),
            cluster(List.of(fast()), List.of(quota("count/pods", 4, 2))),
            List.of(
                "target.quota.pod_count: ResourceQuota apps/compute count/pods: it needs 1 pod, 2"
                    + " pods left of 4 pods and VMs before it in the wave take 2 pods")),
        row(
            "VirtualMachine count quota",
            List.of(vm("a")),
            cluster(List.of(fast()), List.of(quota("count/virtualmachines.kubevirt.io", 5, 5))),
            List.of(
                "target.quota.vm_count: ResourceQuota apps/compute"
                    + " count/virtualmachines.kubevirt.io: it needs 1 VirtualMachine, 0"
                    + " VirtualMachines left of 5 VirtualMachines")),
        row(
            "a quota in another namespace does not apply",
            List.of(vm("a")),
            cluster(
                List.of(fast()),
                List.of(new Quota("other", "q", Map.of("requests.storage", 0L), Map.of()))),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void rule(String name, List<Vm> wave, TargetSnapshot target, List<String> expected) {
    Map<String, Verdict> verdicts = Preflight.check(wave, Map.of(), target);
    assertThat(verdicts.keySet()).containsExactlyElementsOf(wave.stream().map(Vm::name).toList());
    Verdict last = verdicts.get(wave.get(wave.size() - 1).name());
    assertThat(last.messages()).containsExactlyElementsOf(expected);
    assertThat(last.ok()).isEqualTo(expected.isEmpty());
    // every VM before the last one fits in these cases
    wave.subList(0, wave.size() - 1)
        .forEach(v -> assertThat(verdicts.get(v.name()).ok()).as(v.name()).isTrue());
  }

  @Test
  void criticalFindingsBlockWithTheirRuleIdAndMessageOthersDoNot() {
    Map<String, List<Finding>> findings =
        Map.of(
            "a",
            List.of(
                new Finding(
                    "passthrough_device.detected", "Critical", "PCI passthrough device pci-0"),
                new Finding("snapshot.detected", "Info", "the VM has snapshots")),
            "b",
            List.of(new Finding("disk.rdm.detected", "Warning", "disk 1 is an RDM")));
    Map<String, Verdict> verdicts =
        Preflight.check(List.of(vm("a"), vm("b")), findings, cluster(List.of(fast()), List.of()));
    assertThat(verdicts.get("a").messages())
        .containsExactly("passthrough_device.detected: PCI passthrough device pci-0");
    assertThat(verdicts.get("a").reasons().get(0).ruleId())
        .isEqualTo("passthrough_device.detected");
    assertThat(verdicts.get("b").ok()).isTrue();
  }

  @Test
  void aBlockedVmIsNotChargedSoTheNextOneFits() {
    // a is blocked by its finding: its 10 GiB must not count against b
    Map<String, Verdict> verdicts =
        Preflight.check(
            List.of(vm("a"), vm("b")),
            Map.of("a", List.of(new Finding("x", "Critical", "no"))),
            cluster(List.of(fast()), List.of(quota("requests.storage", 10 * GIB, 0))));
    assertThat(verdicts.get("a").ok()).isFalse();
    assertThat(verdicts.get("b").ok()).isTrue();
  }

  @Test
  void whatAlreadyExistsIsNotChargedAgain() {
    // a's PVC and instance exist (a is under way): the quota's used already counts them
    TargetSnapshot target =
        new TargetSnapshot(
            Set.of("apps"),
            List.of(fast(new Capacity(10 * GIB, null))),
            List.of(
                new Quota(
                    "apps",
                    "q",
                    Map.of("requests.storage", 20 * GIB, "requests.memory", 2 * GIB),
                    Map.of("requests.storage", 10 * GIB, "requests.memory", GIB))),
            Map.of("apps", Set.of("a-disk-0")),
            Map.of("apps", Set.of("a")));
    Map<String, Verdict> verdicts = Preflight.check(List.of(vm("a"), vm("b")), Map.of(), target);
    assertThat(verdicts.get("a").ok()).isTrue();
    assertThat(verdicts.get("b").messages()).isEmpty();

    // without those objects, both are charged and b no longer fits
    TargetSnapshot fresh =
        new TargetSnapshot(
            target.namespaces(), target.storageClasses(), target.quotas(), Map.of(), Map.of());
    Map<String, Verdict> again = Preflight.check(List.of(vm("a"), vm("b")), Map.of(), fresh);
    assertThat(again.get("a").ok()).isTrue();
    assertThat(again.get("b").reasons())
        .extracting(Preflight.Reason::ruleId)
        .containsExactly(
            "target.capacity.insufficient", "target.quota.insufficient", "target.quota.memory");
  }

  @Test
  void aVmUnderWayIsChargedEvenWhenItWouldNotPassNow() {
    // a is transferring; the quota was lowered since: a goes on and will create its PVC, so b,
    // which would fit on its own, must not be let through
    TargetSnapshot target =
        cluster(List.of(fast()), List.of(quota("requests.storage", 15 * GIB, 0)));
    Map<String, Verdict> fresh = Preflight.check(List.of(vm("a"), vm("b")), Map.of(), target);
    assertThat(fresh.get("b").ok()).isFalse(); // a passes and is charged: b does not fit
    Map<String, Verdict> lowered =
        Preflight.check(
            List.of(vm("a"), vm("b")),
            Map.of("a", List.of(new Finding("new.rule", "Critical", "found later"))),
            target,
            Set.of(),
            Set.of("a"));
    assertThat(lowered.get("a").ok()).isFalse();
    assertThat(lowered.get("b").messages())
        .containsExactly(
            "target.quota.insufficient: ResourceQuota apps/compute requests.storage: it needs 10"
                + " GiB, 15 GiB left of 15 GiB and VMs before it in the wave take 10 GiB");
    // not under way: a blocked VM is not charged and b fits
    assertThat(
            Preflight.check(
                    List.of(vm("a"), vm("b")),
                    Map.of("a", List.of(new Finding("new.rule", "Critical", "found later"))),
                    target)
                .get("b")
                .ok())
        .isTrue();
  }

  @Test
  void aNamespaceTheMigrationCreatesIsNoProblem() {
    Vm vm = new Vm("a", "new-ns", List.of(new Claim("a-disk-0", "fast", GIB)), GIB, 100);
    assertThat(
            Preflight.check(
                    List.of(vm), Map.of(), cluster(List.of(fast()), List.of()), Set.of("new-ns"))
                .get("a")
                .ok())
        .isTrue();
  }

  @Test
  void everyReasonIsListedNotOnlyTheFirst() {
    Vm vm =
        new Vm(
            "a",
            "nowhere",
            List.of(new Claim("a-disk-0", "gold", GIB), new Claim("a-disk-1", "fast", 50 * GIB)),
            GIB,
            100);
    Verdict v =
        Preflight.check(
                List.of(vm),
                Map.of("a", List.of(new Finding("datastore.missing", "Critical", "disk 2"))),
                cluster(List.of(fast(new Capacity(20 * GIB, null))), List.of()))
            .get("a");
    assertThat(v.reasons())
        .extracting(Preflight.Reason::ruleId)
        .containsExactly(
            "datastore.missing",
            "target.namespace.missing",
            "target.storage_class.missing",
            "target.disk.too_large",
            "target.capacity.insufficient");
  }
}
