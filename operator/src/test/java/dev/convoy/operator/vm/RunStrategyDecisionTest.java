package dev.convoy.operator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineStartFailure;
import dev.convoy.api.kubevirt.v1.VirtualMachineStateChangeRequest;
import dev.convoy.operator.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName(
    "run strategy × VMI phase × pending request → controller action (KubeVirt's syncRunStrategy)")
class RunStrategyDecisionTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String VMI_UID = "vmi-uid-1";

  @ParameterizedTest(name = "{0} with VMI {1} and request {2} → {3}")
  @CsvSource({
    // strategy,      VMI phase,  request, expected action
    "Always,          none,       none,    CreateVmi",
    "Always,          Pending,    none,    Nothing",
    "Always,          Scheduling, none,    Nothing",
    "Always,          Scheduled,  none,    Nothing",
    "Always,          Running,    none,    Nothing",
    "Always,          Succeeded,  none,    DeleteVmi",
    "Always,          Failed,     none,    DeleteVmi",
    "Always,          Running,    stop,    DeleteVmi",
    "Always,          none,       start,   CreateVmi",
    "RerunOnFailure,  none,       none,    Nothing",
    "RerunOnFailure,  none,       start,   CreateVmi",
    "RerunOnFailure,  Pending,    none,    Nothing",
    "RerunOnFailure,  Running,    none,    Nothing",
    "RerunOnFailure,  Running,    stop,    DeleteVmi",
    "RerunOnFailure,  Succeeded,  none,    DeleteVmi",
    "RerunOnFailure,  Failed,     none,    DeleteVmi+start",
    "Manual,          none,       none,    Nothing",
    "Manual,          none,       start,   CreateVmi",
    "Manual,          none,       stop,    Nothing",
    "Manual,          Scheduling, none,    Nothing",
    "Manual,          Running,    none,    Nothing",
    "Manual,          Running,    stop,    DeleteVmi",
    "Manual,          Succeeded,  none,    Nothing",
    "Manual,          Failed,     none,    Nothing",
    "Halted,          none,       none,    Nothing",
    "Halted,          none,       start,   SwitchToAlways",
    "Halted,          Pending,    none,    DeleteVmi",
    "Halted,          Scheduling, none,    DeleteVmi",
    "Halted,          Scheduled,  none,    DeleteVmi",
    "Halted,          Running,    none,    DeleteVmi",
    "Halted,          Succeeded,  none,    DeleteVmi",
    "Halted,          Failed,     none,    DeleteVmi",
    "Once,            none,       none,    CreateVmi",
    "Once,            Running,    none,    Nothing",
    "Once,            Running,    stop,    Nothing",
    "Once,            Succeeded,  none,    Nothing",
    "Once,            Failed,     none,    Nothing",
  })
  void decides(String strategy, String phase, String request, String expected) {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", strategy), "vm-uid");
    vm.getStatus().setRunStrategy(strategy); // the VM ran before under this strategy
    VirtualMachineInstance vmi =
        "none".equals(phase) ? null : Fixtures.vmi("ns", "vm", VMI_UID, phase);
    if (!"none".equals(request)) {
      VirtualMachineStateChangeRequest r = new VirtualMachineStateChangeRequest();
      r.setAction("start".equals(request) ? "Start" : "Stop");
      if ("stop".equals(request)) {
        r.setUid(VMI_UID);
      }
      vm.getStatus().setStateChangeRequests(List.of(r));
    }

    VmAction action = RunStrategyDecision.decide(vm, vmi, strategy, NOW);

    assertThat(describe(action)).isEqualTo(expected);
    if (action instanceof VmAction.DeleteVmi d) {
      assertThat(d.uid()).isEqualTo(VMI_UID);
    }
  }

  private static String describe(VmAction a) {
    if (a instanceof VmAction.DeleteVmi d) {
      return d.requestStart() ? "DeleteVmi+start" : "DeleteVmi";
    }
    return a.getClass().getSimpleName();
  }

  @Test
  @DisplayName("RerunOnFailure starts a VM that just switched to it, without a request")
  void rerunOnFailureStartsOnSwitch() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "RerunOnFailure"), "vm-uid");
    vm.getStatus().setRunStrategy("Halted");
    assertThat(RunStrategyDecision.decide(vm, null, "RerunOnFailure", NOW))
        .isInstanceOf(VmAction.CreateVmi.class);
  }

  @Test
  @DisplayName("a stop request for another (older) VMI does not stop the current one")
  void stopForOtherUidIgnored() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Manual"), "vm-uid");
    VirtualMachineStateChangeRequest r = new VirtualMachineStateChangeRequest();
    r.setAction("Stop");
    r.setUid("older-vmi");
    vm.getStatus().setStateChangeRequests(List.of(r));
    assertThat(
            RunStrategyDecision.decide(
                vm, Fixtures.vmi("ns", "vm", VMI_UID, "Running"), "Manual", NOW))
        .isInstanceOf(VmAction.Nothing.class);
  }

  @Test
  @DisplayName("a VMI already being deleted is not deleted again")
  void deletingVmiLeftAlone() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Always"), "vm-uid");
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", VMI_UID, "Failed");
    vmi.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(RunStrategyDecision.decide(vm, vmi, "Always", NOW))
        .isInstanceOf(VmAction.Nothing.class);
    assertThat(RunStrategyDecision.decide(vm, vmi, "Halted", NOW))
        .isInstanceOf(VmAction.Nothing.class);
  }

  @Test
  @DisplayName("Always and RerunOnFailure wait out the crash-loop backoff before creating")
  void backoffDelaysStart() {
    VirtualMachine vm = Fixtures.stored(Fixtures.vm("ns", "vm", "Always"), "vm-uid");
    VirtualMachineStartFailure f = new VirtualMachineStartFailure();
    f.setConsecutiveFailCount(2);
    f.setRetryAfterTimestamp(NOW.plusSeconds(40).toString());
    vm.getStatus().setStartFailure(f);

    assertThat(RunStrategyDecision.decide(vm, null, "Always", NOW))
        .isEqualTo(new VmAction.WaitForBackoff(Duration.ofSeconds(40)));
    assertThat(RunStrategyDecision.decide(vm, null, "Always", NOW.plusSeconds(41)))
        .isInstanceOf(VmAction.CreateVmi.class);
    vm.getStatus().setRunStrategy("Halted");
    assertThat(RunStrategyDecision.decide(vm, null, "RerunOnFailure", NOW))
        .isInstanceOf(VmAction.WaitForBackoff.class);
  }
}
