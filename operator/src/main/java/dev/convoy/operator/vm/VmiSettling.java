package dev.convoy.operator.vm;

import dev.convoy.api.kubevirt.v1.ConditionType;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.vmi.VmiReasons;
import java.time.Duration;
import java.time.Instant;

/**
 * When the VM controller holds back a status write: while the VM's VirtualMachineInstance is in a
 * state that the VMI controller has not processed yet, and will overwrite at once, mirroring it
 * into the VM's status would publish a state that is superseded within milliseconds (and cost the
 * API server a write per VM). Two such states exist:
 *
 * <ul>
 *   <li>the VMI was just created and has no status (the VMI controller gives it its first phase and
 *       Ready condition when it creates the launcher pod);
 *   <li>the node agent set phase Running, but the Ready condition still says {@code
 *       GuestNotRunning} (the VMI controller turns it into Ready or PodNotReady next).
 * </ul>
 *
 * The VMI controller's write brings the VM controller back. If it does not come within {@link
 * #LIMIT} (the VMI controller is down or slow), the VM's status is written anyway.
 */
public final class VmiSettling {

  /** How long a VM status write is held back at most. */
  public static final Duration LIMIT = Duration.ofSeconds(5);

  private VmiSettling() {}

  /** Whether {@code vmi} is in a state its controller has yet to process (see class comment). */
  public static boolean awaitsVmiController(VirtualMachineInstance vmi) {
    if (vmi == null || Vmis.isMarkedForDeletion(vmi)) {
      return false;
    }
    if (vmi.getStatus() == null || Vmis.phase(vmi).isEmpty()) {
      return true;
    }
    return Vmis.isRunning(vmi)
        && Vmis.hasCondition(
            vmi, ConditionType.READY, KubeVirtCondition.FALSE, VmiReasons.GUEST_NOT_RUNNING);
  }

  /**
   * How much longer to hold back, given when holding back began; zero or negative means write now.
   */
  public static Duration holdLeft(Instant since, Instant now) {
    return LIMIT.minus(Duration.between(since, now));
  }
}
