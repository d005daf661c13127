package dev.convoy.operator.vm;

import java.time.Duration;

/**
 * What the VirtualMachine controller does to the world in one reconcile; decided by {@link
 * RunStrategyDecision}.
 */
public sealed interface VmAction {

  /** The VMI is where it should be. */
  record Nothing() implements VmAction {}

  /** Create the VMI from the VM template. */
  record CreateVmi() implements VmAction {}

  /**
   * Delete the VMI with this UID (a stop, or the first half of a restart).
   *
   * @param requestStart also queue a Start request (RerunOnFailure after a failure), so the next
   *     pass starts it again
   */
  record DeleteVmi(String uid, boolean requestStart) implements VmAction {}

  /** A Start request on a Halted VM: switch the VM to Always (KubeVirt's start on a Halted VM). */
  record SwitchToAlways() implements VmAction {}

  /** A start is due but the crash-loop backoff has {@code left} to run. */
  record WaitForBackoff(Duration left) implements VmAction {}
}
