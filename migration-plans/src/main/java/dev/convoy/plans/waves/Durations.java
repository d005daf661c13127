package dev.convoy.plans.waves;

import java.time.Duration;

/** Durations for people: {@code 2h 05m}, {@code 45m}, {@code 30s}. */
public final class Durations {
  private Durations() {}

  /** {@code duration} rounded up to whole minutes once it is at least a minute. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = (seconds + 59) / 60;
    long hours = minutes / 60;
    long days = hours / 24;
    if (days > 0) {
      return String.format("%dd %02dh %02dm", days, hours % 24, minutes % 60);
    }
    if (hours > 0) {
      return String.format("%dh %02dm", hours, minutes % 60);
    }
    return minutes + "m";
  }
}
