package dev.convoy.operator.vm;

import static dev.convoy.api.kubevirt.v1.VirtualMachinePrintableStatus.*;

import dev.convoy.api.kubevirt.v1.ConditionType;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineStartFailure;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.vmi.VmiReasons;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code status.printableStatus} of a VirtualMachine: the only place it is computed. The rules are
 * tried in KubeVirt's order and the first that holds wins (several can hold at once, e.g. Running
 * and Migrating): Terminating, Stopping, Migrating, Paused, Running, ErrorPvcNotFound,
 * DataVolumeError, ErrorUnschedulable, Provisioning, WaitingForVolumeBinding, ErrImagePull,
 * ImagePullBackOff, Starting, CrashLoopBackOff, Stopped; Unknown when none holds.
 */
public final class PrintableStatus {

  private record Rule(String status, Predicate<VmObservation> holds) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(TERMINATING, o -> o.vm().getMetadata().getDeletionTimestamp() != null),
          new Rule(
              STOPPING,
              o ->
                  o.vmi() != null
                      && !Vmis.isFinal(o.vmi())
                      && (Vmis.isMarkedForDeletion(o.vmi()) || o.stopExpected())),
          new Rule(MIGRATING, o -> Vmis.isMigrating(o.vmi())),
          new Rule(PAUSED, o -> Vmis.isRunning(o.vmi()) && Vmis.isPaused(o.vmi())),
          new Rule(RUNNING, o -> Vmis.isRunning(o.vmi()) && !Vmis.isPaused(o.vmi())),
          new Rule(ERROR_PVC_NOT_FOUND, PrintableStatus::pvcNotFound),
          new Rule(DATA_VOLUME_ERROR, o -> !o.volumes().failedDataVolumes().isEmpty()),
          new Rule(
              ERROR_UNSCHEDULABLE,
              o ->
                  Vmis.hasCondition(
                      o.vmi(),
                      ConditionType.POD_SCHEDULED,
                      KubeVirtCondition.FALSE,
                      VmiReasons.UNSCHEDULABLE)),
          new Rule(PROVISIONING, o -> !o.volumes().provisioningDataVolumes().isEmpty()),
          new Rule(
              WAITING_FOR_VOLUME_BINDING,
              o -> isSetToStart(o) && !o.volumes().unboundClaims().isEmpty()),
          new Rule(ERR_IMAGE_PULL, o -> synchronizedFalse(o.vmi(), VmiReasons.ERR_IMAGE_PULL)),
          new Rule(
              IMAGE_PULL_BACK_OFF, o -> synchronizedFalse(o.vmi(), VmiReasons.IMAGE_PULL_BACK_OFF)),
          new Rule(
              STARTING,
              o ->
                  o.vmi() == null
                      ? o.startExpected()
                      : Vmis.isUnprocessed(o.vmi())
                          || Vmis.isScheduling(o.vmi())
                          || Vmis.isScheduled(o.vmi())),
          new Rule(CRASH_LOOP_BACK_OFF, PrintableStatus::crashLooping),
          new Rule(STOPPED, o -> o.vmi() != null ? Vmis.isFinal(o.vmi()) : !o.startExpected()));

  private PrintableStatus() {}

  /** The printableStatus for {@code observation}. */
  public static String of(VmObservation observation) {
    for (Rule rule : RULES) {
      if (rule.holds().test(observation)) {
        return rule.status();
      }
    }
    return UNKNOWN;
  }

  /** The statuses in evaluation order (for documentation and tests). */
  public static List<String> precedence() {
    return RULES.stream().map(Rule::status).toList();
  }

  private static boolean pvcNotFound(VmObservation o) {
    if (synchronizedFalse(o.vmi(), VmiReasons.FAILED_PVC_NOT_FOUND)) {
      return true;
    }
    // Before the VMI controller reported it (or before a VMI exists for a VM that should run), the
    // VM controller's
    // own view of the claims tells the same.
    boolean waitingToStart = o.vmi() == null ? o.startExpected() : Vmis.isUnprocessed(o.vmi());
    return waitingToStart && !o.volumes().missingClaims().isEmpty();
  }

  private static boolean synchronizedFalse(VirtualMachineInstance vmi, String reason) {
    return Vmis.hasCondition(vmi, ConditionType.SYNCHRONIZED, KubeVirtCondition.FALSE, reason);
  }

  private static boolean crashLooping(VmObservation o) {
    if ((o.vmi() != null && !Vmis.isFinal(o.vmi())) || o.startExpected()) {
      return false;
    }
    VirtualMachineStartFailure failure =
        o.vm().getStatus() == null ? null : o.vm().getStatus().getStartFailure();
    String rs = o.runStrategy();
    return failure != null
        && failure.getConsecutiveFailCount() != null
        && failure.getConsecutiveFailCount() > 0
        && (RunStrategy.ALWAYS.equals(rs)
            || RunStrategy.RERUN_ON_FAILURE.equals(rs)
            || RunStrategy.ONCE.equals(rs));
  }

  /** KubeVirt's isSetToStart: whether the VM is meant to be running now. */
  static boolean isSetToStart(VmObservation o) {
    VirtualMachine vm = o.vm();
    VirtualMachineInstance vmi = o.vmi();
    String rs = o.runStrategy();
    if (rs == null) {
      return false;
    }
    return switch (rs) {
      case RunStrategy.ALWAYS -> true;
      case RunStrategy.MANUAL ->
          vmi != null
              ? !RunStrategies.hasStopRequestFor(vm, vmi)
              : RunStrategies.hasStartRequest(vm);
      case RunStrategy.RERUN_ON_FAILURE ->
          vmi != null
              ? !"Succeeded".equals(Vmis.phase(vmi))
              : RunStrategies.hasStartRequest(vm)
                  || vm.getStatus() == null
                  || !RunStrategy.RERUN_ON_FAILURE.equals(vm.getStatus().getRunStrategy());
      case RunStrategy.ONCE -> vmi == null;
      default -> false;
    };
  }
}
