package dev.convoy.plans.waves;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;

/** A time range in which a wave may cut over, in the zone the plan gave. */
public record CutoverWindow(ZonedDateTime start, ZonedDateTime end) {
  public CutoverWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a cutover window must end after it starts");
    }
  }

  /** The window's real length (across daylight-saving changes too). */
  public Duration length() {
    return Duration.between(start.toInstant(), end.toInstant());
  }
}
