package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** UTC clock offset (KubeVirt ClockOffsetUTC). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClockOffsetUtc extends ExtensibleObject {
  @JsonPropertyDescription("Offset from UTC in seconds.")
  private Integer offsetSeconds;

  public Integer getOffsetSeconds() {
    return offsetSeconds;
  }

  public void setOffsetSeconds(Integer offsetSeconds) {
    this.offsetSeconds = offsetSeconds;
  }
}
