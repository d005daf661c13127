package dev.convoy.operator.vm;

import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.operator.status.Vmis;
import java.time.Duration;
import java.time.Instant;

/**
 * The VirtualMachine controller's decision, as a pure function of the VM, its VMI (or null) and the
 * time. It follows KubeVirt's {@code syncRunStrategy}:
 *
 * <table>
 *   <caption>run strategies</caption>
 *   <tr><th>strategy</th><th>VMI exists</th><th>no VMI</th></tr>
 *   <tr><td>Always</td><td>delete it when final or a Stop for it is pending (restart)</td>
 *       <td>create, after any crash-loop backoff</td></tr>
 *   <tr><td>RerunOnFailure</td><td>delete it when Failed (and queue a Start), Succeeded, or a Stop for it is
 *       pending</td><td>create when a Start is pending or the strategy just changed to RerunOnFailure, after
 *       backoff</td></tr>
 *   <tr><td>Manual</td><td>delete it when a Stop for it is pending</td><td>create when a Start is pending</td></tr>
 *   <tr><td>Halted</td><td>delete it</td><td>a pending Start switches the VM to Always</td></tr>
 *   <tr><td>Once</td><td>leave it, whatever its phase</td><td>create</td></tr>
 * </table>
 *
 * A VMI already being deleted is never deleted again; the next pass sees it gone.
 */
public final class RunStrategyDecision {

  private RunStrategyDecision() {}

  /** Decides the action for {@code vm} whose effective strategy is {@code runStrategy}. */
  public static VmAction decide(
      VirtualMachine vm, VirtualMachineInstance vmi, String runStrategy, Instant now) {
    boolean deleting = Vmis.isMarkedForDeletion(vmi);
    switch (runStrategy) {
      case RunStrategy.ALWAYS -> {
        if (vmi != null) {
          boolean restart = RunStrategies.hasStopRequestFor(vm, vmi) || Vmis.isFinal(vmi);
          return restart && !deleting ? delete(vmi, false) : new VmAction.Nothing();
        }
        return startAfterBackoff(vm, now);
      }
      case RunStrategy.RERUN_ON_FAILURE -> {
        if (vmi != null) {
          boolean failed = VirtualMachineInstancePhase.FAILED.equals(Vmis.phase(vmi));
          boolean succeeded = VirtualMachineInstancePhase.SUCCEEDED.equals(Vmis.phase(vmi));
          if (!deleting && (RunStrategies.hasStopRequestFor(vm, vmi) || failed || succeeded)) {
            return delete(vmi, failed);
          }
          return new VmAction.Nothing();
        }
        String recorded = vm.getStatus() == null ? null : vm.getStatus().getRunStrategy();
        boolean shouldStart =
            RunStrategies.hasStartRequest(vm) || !RunStrategy.RERUN_ON_FAILURE.equals(recorded);
        return shouldStart ? startAfterBackoff(vm, now) : new VmAction.Nothing();
      }
      case RunStrategy.MANUAL -> {
        if (vmi != null) {
          return RunStrategies.hasStopRequestFor(vm, vmi) && !deleting
              ? delete(vmi, false)
              : new VmAction.Nothing();
        }
        return RunStrategies.hasStartRequest(vm)
            ? new VmAction.CreateVmi()
            : new VmAction.Nothing();
      }
      case RunStrategy.HALTED -> {
        if (vmi != null) {
          return deleting ? new VmAction.Nothing() : delete(vmi, false);
        }
        return RunStrategies.hasStartRequest(vm)
            ? new VmAction.SwitchToAlways()
            : new VmAction.Nothing();
      }
      case RunStrategy.ONCE -> {
        return vmi == null ? new VmAction.CreateVmi() : new VmAction.Nothing();
      }
      default -> {
        // WaitAsReceiver (decentralized migration) is not supported: do nothing rather than guess.
        return new VmAction.Nothing();
      }
    }
  }

  private static VmAction delete(VirtualMachineInstance vmi, boolean requestStart) {
    return new VmAction.DeleteVmi(vmi.getMetadata().getUid(), requestStart);
  }

  private static VmAction startAfterBackoff(VirtualMachine vm, Instant now) {
    Duration left =
        StartFailures.timeLeft(
            vm.getStatus() == null ? null : vm.getStatus().getStartFailure(), now);
    return left.isZero() ? new VmAction.CreateVmi() : new VmAction.WaitForBackoff(left);
  }
}
