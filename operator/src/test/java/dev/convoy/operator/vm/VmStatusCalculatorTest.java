package dev.convoy.operator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineStateChangeRequest;
import dev.convoy.api.kubevirt.v1.VirtualMachineStatus;
import dev.convoy.operator.status.Conditions;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.volumes.VolumeFacts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VirtualMachine status: created, ready, requests, conditions, observedGeneration")
class VmStatusCalculatorTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  static VirtualMachineStatus next(
      VirtualMachine vm, VirtualMachineInstance vmi, VmAction a, Instant now) {
    return VmStatusCalculator.next(vm, vmi, "Always", VolumeFacts.READY, a, null, now);
  }

  static KubeVirtCondition cond(VirtualMachineStatus s, String type) {
    return Conditions.find(s.getConditions(), type);
  }

  @Test
  @DisplayName("Ready is mirrored from the VMI; without a VMI it is False/VMINotExists")
  void readyMirrored() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Always"), "vm-uid");
    VirtualMachineStatus none = next(vm, null, new VmAction.Nothing(), T0);
    assertThat(none.getCreated()).isFalse();
    assertThat(none.getReady()).isFalse();
    assertThat(cond(none, "Ready").getReason()).isEqualTo("VMINotExists");

    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "u1", "Running");
    KubeVirtCondition ready = new KubeVirtCondition();
    ready.setType("Ready");
    ready.setStatus("True");
    ready.setLastTransitionTime("2026-01-01T00:01:00Z");
    vmi.getStatus().setConditions(List.of(ready));
    VirtualMachineStatus s = next(vm, vmi, new VmAction.Nothing(), T1);
    assertThat(s.getCreated()).isTrue();
    assertThat(s.getReady()).isTrue();
    assertThat(s.getPrintableStatus()).isEqualTo("Running");
    assertThat(cond(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(cond(s, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(cond(s, "Ready").getAdditionalProperties()).containsEntry("observedGeneration", 1L);
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  @DisplayName(
      "recomputing an unchanged world gives the same status: lastTransitionTime moves only on change")
  void stable() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Always"), "vm-uid");
    VirtualMachineStatus first =
        VmStatusCalculator.next(
            vm,
            null,
            "Always",
            VolumeFacts.READY,
            new VmAction.Nothing(),
            new SyncError("FailedCreate", "boom"),
            T0);
    vm.setStatus(first);
    VirtualMachineStatus again =
        VmStatusCalculator.next(
            vm,
            null,
            "Always",
            VolumeFacts.READY,
            new VmAction.Nothing(),
            new SyncError("FailedCreate", "boom"),
            T1);
    assertThat(Serialization.sameJson(first, again)).isTrue();
    assertThat(cond(again, "Failure").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

    vm.setStatus(again);
    VirtualMachineStatus healed = next(vm, null, new VmAction.Nothing(), T1);
    assertThat(cond(healed, "Failure")).isNull();
    assertThat(cond(healed, "Ready").getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  @DisplayName("a Stop request is dropped once its VMI is gone; a Start once a live VMI exists")
  void requestsTrimmed() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Manual"), "vm-uid");
    VirtualMachineStateChangeRequest stop = new VirtualMachineStateChangeRequest();
    stop.setAction("Stop");
    stop.setUid("u1");
    VirtualMachineStateChangeRequest start = new VirtualMachineStateChangeRequest();
    start.setAction("Start");
    vm.getStatus().setStateChangeRequests(List.of(stop, start));

    VirtualMachineInstance old = Fixtures.vmi("ns", "vm", "u1", "Running");
    VirtualMachineStatus s1 = next(vm, old, new VmAction.DeleteVmi("u1", false), T0);
    assertThat(s1.getStateChangeRequests())
        .extracting(VirtualMachineStateChangeRequest::getAction)
        .containsExactly("Stop", "Start");
    assertThat(s1.getPrintableStatus()).isEqualTo("Stopping");

    vm.setStatus(s1);
    VirtualMachineStatus s2 = next(vm, null, new VmAction.Nothing(), T0);
    assertThat(s2.getStateChangeRequests())
        .extracting(VirtualMachineStateChangeRequest::getAction)
        .containsExactly("Start");

    vm.setStatus(s2);
    VirtualMachineInstance fresh = Fixtures.vmi("ns", "vm", "u2", "");
    VirtualMachineStatus s3 = next(vm, fresh, new VmAction.CreateVmi(), T0);
    assertThat(s3.getStateChangeRequests()).isNull();
    assertThat(s3.getPrintableStatus()).isEqualTo("Starting");
  }

  @Test
  @DisplayName(
      "RerunOnFailure queues a Start when it deletes a Failed VMI; VMI conditions are mirrored")
  void rerunQueuesStartAndMirrors() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "RerunOnFailure"), "vm-uid");
    VirtualMachineInstance failed = Fixtures.vmi("ns", "vm", "u1", "Failed");
    KubeVirtCondition paused = new KubeVirtCondition();
    paused.setType("AgentConnected");
    paused.setStatus("True");
    failed.getStatus().setConditions(List.of(paused));
    VirtualMachineStatus s =
        VmStatusCalculator.next(
            vm,
            failed,
            "RerunOnFailure",
            VolumeFacts.READY,
            new VmAction.DeleteVmi("u1", true),
            null,
            T0);
    assertThat(s.getStateChangeRequests())
        .extracting(VirtualMachineStateChangeRequest::getAction)
        .containsExactly("Start");
    assertThat(s.getStartFailure().getConsecutiveFailCount()).isEqualTo(1);
    assertThat(cond(s, "AgentConnected").getStatus()).isEqualTo("True");
    assertThat(s.getRunStrategy()).isEqualTo("RerunOnFailure");

    vm.setStatus(s);
    VirtualMachineStatus after =
        VmStatusCalculator.next(
            vm, null, "RerunOnFailure", VolumeFacts.READY, new VmAction.Nothing(), null, T0);
    assertThat(cond(after, "AgentConnected")).isNull();
    assertThat(after.getPrintableStatus()).isEqualTo("CrashLoopBackOff");
  }

  @Test
  @DisplayName(
      "RestartRequired: True while the live VMI differs from the template, not for other spec"
          + " changes, gone with a VMI rendered from the current template")
  void restartRequired() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Always"), "vm-uid");
    VirtualMachineInstance vmi = VmiRenderer.render(vm);
    vmi.getMetadata().setUid("u1");
    vmi.setStatus(Fixtures.vmi("ns", "vm", "u1", "Running").getStatus());
    assertThat(cond(next(vm, vmi, new VmAction.Nothing(), T0), "RestartRequired")).isNull();

    // a run strategy change bumps the generation but leaves the template alone
    VirtualMachine strategy = Serialization.deepCopy(vm);
    strategy.getMetadata().setGeneration(2L);
    strategy.getSpec().setRunStrategy("Manual");
    assertThat(cond(next(strategy, vmi, new VmAction.Nothing(), T0), "RestartRequired")).isNull();

    VirtualMachine bigger = Serialization.deepCopy(vm);
    bigger.getMetadata().setGeneration(3L);
    bigger
        .getSpec()
        .getTemplate()
        .getSpec()
        .getDomain()
        .getMemory()
        .setGuest(new io.fabric8.kubernetes.api.model.Quantity("256Mi"));
    VirtualMachineStatus s = next(bigger, vmi, new VmAction.Nothing(), T0);
    assertThat(cond(s, "RestartRequired").getStatus()).isEqualTo("True");
    assertThat(cond(s, "RestartRequired").getMessage())
        .isEqualTo("a non-live-updatable field was changed in the template spec");
    assertThat(s.getPrintableStatus()).isEqualTo("Running");

    // the restart: the old VMI is being deleted, then a new one from the current template
    VirtualMachineInstance deleting = Serialization.deepCopy(vmi);
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:04:00Z");
    bigger.setStatus(s);
    assertThat(cond(next(bigger, deleting, new VmAction.Nothing(), T1), "RestartRequired"))
        .isNull();
    VirtualMachineInstance fresh = VmiRenderer.render(bigger);
    fresh.getMetadata().setUid("u2");
    fresh.setStatus(Fixtures.vmi("ns", "vm", "u2", "Running").getStatus());
    assertThat(fresh.getMetadata().getAnnotations())
        .containsEntry("kubevirt.io/vm-generation", "3");
    assertThat(cond(next(bigger, fresh, new VmAction.Nothing(), T1), "RestartRequired")).isNull();
  }
}
