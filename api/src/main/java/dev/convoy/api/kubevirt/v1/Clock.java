package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Guest clock (KubeVirt Clock): utc or timezone, plus timers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Clock extends ExtensibleObject {
  @JsonPropertyDescription("Guest clock in UTC plus an offset.")
  private ClockOffsetUtc utc;

  @JsonPropertyDescription(
      "Guest clock in this time zone, e.g. Europe/Berlin (Windows guests keep local time).")
  private String timezone;

  @JsonPropertyDescription("Timers exposed to the guest.")
  private Timer timer;

  public ClockOffsetUtc getUtc() {
    return utc;
  }

  public void setUtc(ClockOffsetUtc utc) {
    this.utc = utc;
  }

  public String getTimezone() {
    return timezone;
  }

  public void setTimezone(String timezone) {
    this.timezone = timezone;
  }

  public Timer getTimer() {
    return timer;
  }

  public void setTimer(Timer timer) {
    this.timer = timer;
  }
}
