package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A DataVolume condition (CDI DataVolumeCondition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeCondition extends ExtensibleObject {
  @JsonPropertyDescription("Bound, Ready or Running.")
  @Required
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  private String status;

  private String reason;

  private String message;

  @JsonPropertyDescription("RFC 3339 time.")
  private String lastHeartbeatTime;

  @JsonPropertyDescription("RFC 3339 time.")
  private String lastTransitionTime;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastHeartbeatTime() {
    return lastHeartbeatTime;
  }

  public void setLastHeartbeatTime(String lastHeartbeatTime) {
    this.lastHeartbeatTime = lastHeartbeatTime;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }
}
