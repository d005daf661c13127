package dev.convoy.operator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceMigrationState;
import dev.convoy.api.kubevirt.v1.VirtualMachineStartFailure;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.volumes.VolumeFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("printableStatus: KubeVirt's values, first matching rule wins")
class PrintableStatusTest {

  /** One scenario: how to shape the world, and the status KubeVirt would print. */
  record Case(
      String name,
      String runStrategy,
      String vmiPhase,
      Consumer<VirtualMachine> vmChange,
      Consumer<VirtualMachineInstance> vmiChange,
      VolumeFacts volumes,
      boolean startExpected,
      boolean stopExpected,
      String expected) {

    Case expect(String status) {
      return new Case(
          name,
          runStrategy,
          vmiPhase,
          vmChange,
          vmiChange,
          volumes,
          startExpected,
          stopExpected,
          status);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Case given(String name, String runStrategy, String vmiPhase) {
    return new Case(
        name, runStrategy, vmiPhase, vm -> {}, vmi -> {}, VolumeFacts.READY, false, false, null);
  }

  static Case vm(Case c, Consumer<VirtualMachine> change) {
    return new Case(
        c.name,
        c.runStrategy,
        c.vmiPhase,
        c.vmChange.andThen(change),
        c.vmiChange,
        c.volumes,
        c.startExpected,
        c.stopExpected,
        c.expected);
  }

  static Case vmi(Case c, Consumer<VirtualMachineInstance> change) {
    return new Case(
        c.name,
        c.runStrategy,
        c.vmiPhase,
        c.vmChange,
        c.vmiChange.andThen(change),
        c.volumes,
        c.startExpected,
        c.stopExpected,
        c.expected);
  }

  static Case volumes(Case c, VolumeFacts v) {
    return new Case(
        c.name,
        c.runStrategy,
        c.vmiPhase,
        c.vmChange,
        c.vmiChange,
        v,
        c.startExpected,
        c.stopExpected,
        c.expected);
  }

  static Case expecting(Case c, boolean start, boolean stop) {
    return new Case(
        c.name,
        c.runStrategy,
        c.vmiPhase,
        c.vmChange,
        c.vmiChange,
        c.volumes,
        start,
        stop,
        c.expected);
  }

  static Consumer<VirtualMachineInstance> condition(String type, String status, String reason) {
    return vmi -> {
      List<KubeVirtCondition> list =
          vmi.getStatus().getConditions() == null
              ? new ArrayList<>()
              : new ArrayList<>(vmi.getStatus().getConditions());
      KubeVirtCondition c = new KubeVirtCondition();
      c.setType(type);
      c.setStatus(status);
      c.setReason(reason);
      list.add(c);
      vmi.getStatus().setConditions(list);
    };
  }

  static Consumer<VirtualMachine> startFailures(int count) {
    return vm -> {
      VirtualMachineStartFailure f = new VirtualMachineStartFailure();
      f.setConsecutiveFailCount(count);
      vm.getStatus().setStartFailure(f);
    };
  }

  static final VolumeFacts MISSING =
      new VolumeFacts(List.of("disk0"), List.of(), List.of(), List.of());
  static final VolumeFacts UNBOUND =
      new VolumeFacts(List.of(), List.of("disk0"), List.of(), List.of());
  static final VolumeFacts PROVISIONING =
      new VolumeFacts(List.of(), List.of(), List.of("dv0"), List.of());
  static final VolumeFacts DV_FAILED =
      new VolumeFacts(List.of(), List.of(), List.of(), List.of("dv0"));

  static Stream<Arguments> cases() {
    return Stream.of(
            vm(
                    given("VM being deleted while its VMI runs", "Always", "Running"),
                    v -> v.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z"))
                .expect("Terminating"),
            vmi(
                    given("VMI being deleted", "Always", "Running"),
                    v -> v.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z"))
                .expect("Stopping"),
            expecting(given("this pass deleted the running VMI", "Halted", "Running"), false, true)
                .expect("Stopping"),
            expecting(
                    given("stop issued for a VMI already Failed", "Halted", "Failed"), false, true)
                .expect("Stopped"),
            vmi(
                    given("live migration in flight", "Always", "Running"),
                    v -> {
                      VirtualMachineInstanceMigrationState s =
                          new VirtualMachineInstanceMigrationState();
                      s.setStartTimestamp("2026-01-01T00:00:00Z");
                      v.getStatus().setMigrationState(s);
                    })
                .expect("Migrating"),
            vmi(
                    given("paused guest", "Always", "Running"),
                    condition("Paused", "True", "PausedByUser"))
                .expect("Paused"),
            given("guest running", "Always", "Running").expect("Running"),
            volumes(given("running beats a claim gone missing later", "Always", "Running"), MISSING)
                .expect("Running"),
            vmi(
                    given("VMI reports its PVC missing", "Always", "Pending"),
                    condition("Synchronized", "False", "FailedPvcNotFound"))
                .expect("ErrorPvcNotFound"),
            expecting(
                    volumes(given("VMI about to be created, PVC missing", "Always", null), MISSING),
                    true,
                    false)
                .expect("ErrorPvcNotFound"),
            vmi(
                    volumes(
                        given("PVC missing beats unschedulable", "Always", "Scheduling"),
                        DV_FAILED),
                    condition("Synchronized", "False", "FailedPvcNotFound"))
                .expect("ErrorPvcNotFound"),
            vmi(
                    volumes(
                        given("DataVolume failed beats unschedulable", "Always", "Scheduling"),
                        DV_FAILED),
                    condition("PodScheduled", "False", "Unschedulable"))
                .expect("DataVolumeError"),
            vmi(
                    volumes(
                        given("unschedulable beats provisioning", "Always", "Scheduling"),
                        PROVISIONING),
                    condition("PodScheduled", "False", "Unschedulable"))
                .expect("ErrorUnschedulable"),
            volumes(given("DataVolume importing, no VMI yet", "Always", "Pending"), PROVISIONING)
                .expect("Provisioning"),
            volumes(given("claim not bound yet", "Always", "Scheduling"), UNBOUND)
                .expect("WaitingForVolumeBinding"),
            volumes(given("unbound claim of a halted VM", "Halted", null), UNBOUND)
                .expect("Stopped"),
            vmi(
                    given("launcher image cannot be pulled", "Always", "Scheduling"),
                    condition("Synchronized", "False", "ErrImagePull"))
                .expect("ErrImagePull"),
            vmi(
                    given("kubelet backs off pulling", "Always", "Scheduling"),
                    condition("Synchronized", "False", "ImagePullBackOff"))
                .expect("ImagePullBackOff"),
            given("VMI without phase", "Always", "").expect("Starting"),
            given("VMI pending", "Always", "Pending").expect("Starting"),
            given("pod not ready", "Always", "Scheduling").expect("Starting"),
            given("handed to the node agent", "Always", "Scheduled").expect("Starting"),
            expecting(given("this pass created the VMI", "Always", null), true, false)
                .expect("Starting"),
            vm(given("VMI gone after failed starts", "Always", null), startFailures(2))
                .expect("CrashLoopBackOff"),
            vm(given("failed VMI still there", "RerunOnFailure", "Failed"), startFailures(1))
                .expect("CrashLoopBackOff"),
            vm(
                    given("failed starts do not crash-loop a Manual VM", "Manual", null),
                    startFailures(2))
                .expect("Stopped"),
            given("no VMI", "Halted", null).expect("Stopped"),
            given("VMI succeeded", "Always", "Succeeded").expect("Stopped"),
            given("VMI phase Unknown", "Always", "Unknown").expect("Unknown"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void printableStatus(Case c) {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", c.runStrategy), "vm-uid");
    c.vmChange.accept(vm);
    VirtualMachineInstance vmi =
        c.vmiPhase == null ? null : Fixtures.vmi("ns", "vm", "vmi-uid", c.vmiPhase);
    if (vmi != null) {
      c.vmiChange.accept(vmi);
    }
    VmObservation o =
        new VmObservation(vm, vmi, c.runStrategy, c.volumes, c.startExpected, c.stopExpected);
    assertThat(PrintableStatus.of(o)).isEqualTo(c.expected);
  }

  @Test
  @DisplayName("the rules are tried in KubeVirt's order")
  void precedence() {
    assertThat(PrintableStatus.precedence())
        .containsExactly(
            "Terminating",
            "Stopping",
            "Migrating",
            "Paused",
            "Running",
            "ErrorPvcNotFound",
            "DataVolumeError",
            "ErrorUnschedulable",
            "Provisioning",
            "WaitingForVolumeBinding",
            "ErrImagePull",
            "ImagePullBackOff",
            "Starting",
            "CrashLoopBackOff",
            "Stopped");
  }
}
