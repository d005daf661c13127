package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What failed, where and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationError {
  @JsonPropertyDescription("The phase that failed, e.g. CopyDisks.")
  private String phase;

  @JsonPropertyDescription("CamelCase reason, e.g. DatastoreUnreachable.")
  private String reason;

  @JsonPropertyDescription("Human readable details.")
  private String message;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
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
}
