package dev.convoy.operator.vm;

import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.api.kubevirt.v1.VirtualMachineStartFailure;
import dev.convoy.operator.status.Vmis;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Crash-loop backoff of a VirtualMachine, kept in {@code status.startFailure}: a VMI that ends
 * without ever having been Running counts as a failed start; the next start waits {@code 10 s ×
 * failures²}, at most 300 s. A VMI that reaches Running clears the count. (KubeVirt adds up to 50 %
 * random jitter; Convoy keeps the delay exact so that it can be tested and explained.)
 */
public final class StartFailures {

  /** The longest wait between two starts. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(300);

  private static final long BASE_SECONDS = 10;

  private StartFailures() {}

  /** The delay after {@code failures} consecutive failed starts. */
  public static Duration backoff(int failures) {
    long n = Math.max(1, failures);
    long seconds = BASE_SECONDS * n * n;
    return seconds >= MAX_DELAY.getSeconds() ? MAX_DELAY : Duration.ofSeconds(seconds);
  }

  /** Time left before the next start may happen; zero when none is pending. */
  public static Duration timeLeft(VirtualMachineStartFailure failure, Instant now) {
    if (failure == null || failure.getRetryAfterTimestamp() == null) {
      return Duration.ZERO;
    }
    try {
      Duration left = Duration.between(now, Instant.parse(failure.getRetryAfterTimestamp()));
      return left.isNegative() ? Duration.ZERO : left;
    } catch (DateTimeParseException e) {
      return Duration.ZERO;
    }
  }

  /**
   * The startFailure the VM should record, given its current one and its VMI.
   *
   * @return the new value (null clears it)
   */
  public static VirtualMachineStartFailure sync(
      VirtualMachineStartFailure current,
      VirtualMachineInstance vmi,
      String runStrategy,
      Instant now) {
    if (wasRunning(vmi)
        || !(RunStrategy.ALWAYS.equals(runStrategy)
            || RunStrategy.RERUN_ON_FAILURE.equals(runStrategy)
            || RunStrategy.ONCE.equals(runStrategy))) {
      return null;
    }
    if (vmi == null || !Vmis.isFinal(vmi)) {
      return current;
    }
    String uid = vmi.getMetadata().getUid();
    if (current != null && uid != null && uid.equals(current.getLastFailedVmiUid())) {
      return current; // this failure is already counted
    }
    int count =
        current == null || current.getConsecutiveFailCount() == null
            ? 1
            : current.getConsecutiveFailCount() + 1;
    VirtualMachineStartFailure next = new VirtualMachineStartFailure();
    next.setConsecutiveFailCount(count);
    next.setLastFailedVmiUid(uid);
    next.setRetryAfterTimestamp(
        now.truncatedTo(ChronoUnit.SECONDS).plus(backoff(count)).toString());
    return next;
  }

  private static boolean wasRunning(VirtualMachineInstance vmi) {
    if (vmi == null || vmi.getStatus() == null) {
      return false;
    }
    if (Vmis.isRunning(vmi)) {
      return true;
    }
    var stamps = vmi.getStatus().getPhaseTransitionTimestamps();
    if (stamps == null) {
      return false;
    }
    for (PhaseTransitionTimestamp t : stamps) {
      if (VirtualMachineInstancePhase.RUNNING.equals(t.getPhase())) {
        return true;
      }
    }
    return false;
  }
}
