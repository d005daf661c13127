package dev.convoy.plans.execution;

import java.time.Duration;

/**
 * Limits of one VM's itinerary.
 *
 * @param shutdownGrace how long the guest may take to shut down before it is powered off
 * @param powerOffTimeout how long to wait for vSphere to report it off after that
 * @param maxImportAttempts import pods per disk before the disk (and the VM) fails
 * @param runningTimeout how long the target may take to reach Running
 * @param waitForReady whether to wait for the guest's ready signal
 * @param readyTimeout how long the guest may take to signal readiness
 */
public record ItinerarySettings(
    Duration shutdownGrace,
    Duration powerOffTimeout,
    int maxImportAttempts,
    Duration runningTimeout,
    boolean waitForReady,
    Duration readyTimeout) {

  public ItinerarySettings {
    if (maxImportAttempts < 1) {
      throw new IllegalArgumentException("maxImportAttempts must be at least 1");
    }
  }

  /** Forklift-like defaults: 5 min guest shutdown, 3 import attempts, 10 min to boot. */
  public static ItinerarySettings defaults() {
    return new ItinerarySettings(
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        3,
        Duration.ofMinutes(10),
        false,
        Duration.ofMinutes(10));
  }

  /** These settings with the guest ready signal awaited. */
  public ItinerarySettings withReadiness(Duration timeout) {
    return new ItinerarySettings(
        shutdownGrace, powerOffTimeout, maxImportAttempts, runningTimeout, true, timeout);
  }
}
