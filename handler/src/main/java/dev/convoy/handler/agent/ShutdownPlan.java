package dev.convoy.handler.agent;

import java.time.Duration;
import java.time.Instant;

/**
 * The graceful shutdown of a domain (KubeVirt's {@code helperVmShutdown}) as a pure decision: press
 * the ACPI power button at the start, again at most every {@value #REPEAT_SECONDS} seconds while
 * the guest runs, and destroy it once {@code terminationGracePeriodSeconds} have passed since the
 * first press. Grace 0 destroys at once. The first press's time is kept outside the node agent (a
 * VMI annotation), so a restarted agent continues the same grace period instead of starting anew.
 */
public final class ShutdownPlan {
  /** Longest interval between two power-button presses. */
  public static final long REPEAT_SECONDS = 5;

  private ShutdownPlan() {}

  /** What to do now. */
  public sealed interface Step {
    /** Press the power button (the first time when {@code first}). */
    record PressPowerButton(boolean first) implements Step {}

    /** Nothing now; look again after {@code after}. */
    record Wait(Duration after) implements Step {}

    /** The grace period is over: destroy the domain. */
    record Destroy() implements Step {}
  }

  /**
   * @param startedAt when the first press was sent, null if none yet
   * @param lastPressAt when the last press was sent, null if unknown (e.g. after a restart)
   */
  public static Step next(Instant now, Instant startedAt, Instant lastPressAt, long graceSeconds) {
    if (graceSeconds <= 0) {
      return new Step.Destroy();
    }
    if (startedAt == null) {
      return new Step.PressPowerButton(true);
    }
    Instant deadline = startedAt.plusSeconds(graceSeconds);
    if (!now.isBefore(deadline)) {
      return new Step.Destroy();
    }
    Instant last = lastPressAt == null ? startedAt : lastPressAt;
    if (lastPressAt == null || !now.isBefore(last.plusSeconds(REPEAT_SECONDS))) {
      return new Step.PressPowerButton(false);
    }
    Instant nextPress = last.plusSeconds(REPEAT_SECONDS);
    Instant wake = nextPress.isBefore(deadline) ? nextPress : deadline;
    return new Step.Wait(Duration.between(now, wake));
  }
}
