package dev.convoy.operator.status;

import dev.convoy.api.kubevirt.v1.ConditionType;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;

/**
 * Null-safe questions about a VirtualMachineInstance's phase and conditions, named as KubeVirt
 * names them.
 */
public final class Vmis {

  private Vmis() {}

  /** The phase, "" when unset. */
  public static String phase(VirtualMachineInstance vmi) {
    if (vmi == null || vmi.getStatus() == null || vmi.getStatus().getPhase() == null) {
      return "";
    }
    return vmi.getStatus().getPhase();
  }

  /** Succeeded or Failed: the VMI will never run again. */
  public static boolean isFinal(VirtualMachineInstance vmi) {
    String p = phase(vmi);
    return VirtualMachineInstancePhase.SUCCEEDED.equals(p)
        || VirtualMachineInstancePhase.FAILED.equals(p);
  }

  /** No phase yet, or Pending: the VMI controller has not created a pod for it. */
  public static boolean isUnprocessed(VirtualMachineInstance vmi) {
    String p = phase(vmi);
    return p.isEmpty() || VirtualMachineInstancePhase.PENDING.equals(p);
  }

  public static boolean isScheduling(VirtualMachineInstance vmi) {
    return VirtualMachineInstancePhase.SCHEDULING.equals(phase(vmi));
  }

  public static boolean isScheduled(VirtualMachineInstance vmi) {
    return VirtualMachineInstancePhase.SCHEDULED.equals(phase(vmi));
  }

  public static boolean isRunning(VirtualMachineInstance vmi) {
    return VirtualMachineInstancePhase.RUNNING.equals(phase(vmi));
  }

  /** The VMI has a deletionTimestamp. */
  public static boolean isMarkedForDeletion(VirtualMachineInstance vmi) {
    return vmi != null && vmi.getMetadata().getDeletionTimestamp() != null;
  }

  /** Condition {@code type} of the VMI, or null. */
  public static KubeVirtCondition condition(VirtualMachineInstance vmi, String type) {
    return vmi == null || vmi.getStatus() == null
        ? null
        : Conditions.find(vmi.getStatus().getConditions(), type);
  }

  /**
   * Whether the VMI has condition {@code type} with {@code status} and (unless null) {@code
   * reason}.
   */
  public static boolean hasCondition(
      VirtualMachineInstance vmi, String type, String status, String reason) {
    return vmi != null
        && vmi.getStatus() != null
        && Conditions.has(vmi.getStatus().getConditions(), type, status, reason);
  }

  /** Paused=True. */
  public static boolean isPaused(VirtualMachineInstance vmi) {
    return hasCondition(vmi, ConditionType.PAUSED, KubeVirtCondition.TRUE, null);
  }

  /** A live migration that started and has not completed. */
  public static boolean isMigrating(VirtualMachineInstance vmi) {
    if (vmi == null || vmi.getStatus() == null || vmi.getStatus().getMigrationState() == null) {
      return false;
    }
    var state = vmi.getStatus().getMigrationState();
    return state.getStartTimestamp() != null && !Boolean.TRUE.equals(state.getCompleted());
  }
}
