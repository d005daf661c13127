package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/**
 * One guest timer. KubeVirt has a type per timer (HPETTimer, PITTimer, RTCTimer, KVMTimer,
 * HypervTimer); they share these fields, and track applies to rtc only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClockTimer extends ExtensibleObject {
  @JsonPropertyDescription("Whether the timer is exposed; true when unset.")
  private Boolean present;

  @JsonPropertyDescription("delay, catchup, merge or discard.")
  private String tickPolicy;

  @JsonPropertyDescription("rtc only: guest or wall.")
  private String track;

  public Boolean getPresent() {
    return present;
  }

  public void setPresent(Boolean present) {
    this.present = present;
  }

  public String getTickPolicy() {
    return tickPolicy;
  }

  public void setTickPolicy(String tickPolicy) {
    this.tickPolicy = tickPolicy;
  }

  public String getTrack() {
    return track;
  }

  public void setTrack(String track) {
    this.track = track;
  }
}
