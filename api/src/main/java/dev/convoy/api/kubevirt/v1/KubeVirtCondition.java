package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/**
 * A condition in KubeVirt's shape (VirtualMachineCondition, VirtualMachineInstanceCondition,
 * VirtualMachineInstanceMigrationCondition): type, status, reason, message, lastProbeTime,
 * lastTransitionTime. Type values are in {@link ConditionType}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KubeVirtCondition extends ExtensibleObject {
  /** Condition status True. */
  public static final String TRUE = "True";

  /** Condition status False. */
  public static final String FALSE = "False";

  /** Condition status Unknown. */
  public static final String UNKNOWN = "Unknown";

  @JsonPropertyDescription("Condition type, e.g. Ready, Paused, Failure, LiveMigratable.")
  @Required
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  private String status;

  @JsonPropertyDescription("CamelCase reason for the last transition.")
  private String reason;

  @JsonPropertyDescription("Human readable details.")
  private String message;

  @JsonPropertyDescription("RFC 3339 time of the last probe.")
  private String lastProbeTime;

  @JsonPropertyDescription("RFC 3339 time of the last status change.")
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

  public String getLastProbeTime() {
    return lastProbeTime;
  }

  public void setLastProbeTime(String lastProbeTime) {
    this.lastProbeTime = lastProbeTime;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }
}
