package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.convoy.api.ExtensibleObject;

/** Crash-loop backoff state of a VirtualMachine (KubeVirt VirtualMachineStartFailure). */
// Renamed properties would otherwise be written last.
@JsonPropertyOrder({"consecutiveFailCount", "lastFailedVMIUID", "retryAfterTimestamp"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineStartFailure extends ExtensibleObject {
  @JsonPropertyDescription("Number of consecutive failed starts.")
  private Integer consecutiveFailCount;

  @JsonPropertyDescription("UID of the VirtualMachineInstance that failed last.")
  @JsonProperty("lastFailedVMIUID")
  private String lastFailedVmiUid;

  @JsonPropertyDescription("RFC 3339 time before which no new start is attempted.")
  private String retryAfterTimestamp;

  public Integer getConsecutiveFailCount() {
    return consecutiveFailCount;
  }

  public void setConsecutiveFailCount(Integer consecutiveFailCount) {
    this.consecutiveFailCount = consecutiveFailCount;
  }

  public String getLastFailedVmiUid() {
    return lastFailedVmiUid;
  }

  public void setLastFailedVmiUid(String lastFailedVmiUid) {
    this.lastFailedVmiUid = lastFailedVmiUid;
  }

  public String getRetryAfterTimestamp() {
    return retryAfterTimestamp;
  }

  public void setRetryAfterTimestamp(String retryAfterTimestamp) {
    this.retryAfterTimestamp = retryAfterTimestamp;
  }
}
