package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/**
 * State of a live migration, on the VirtualMachineInstance and on the
 * VirtualMachineInstanceMigration (KubeVirt VirtualMachineInstanceMigrationState, subset).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceMigrationState extends ExtensibleObject {
  @JsonPropertyDescription("UID of the VirtualMachineInstanceMigration.")
  private String migrationUid;

  @JsonPropertyDescription("RFC 3339 time the migration began.")
  private String startTimestamp;

  @JsonPropertyDescription("RFC 3339 time the migration ended.")
  private String endTimestamp;

  @JsonPropertyDescription("Node the migration started from.")
  private String sourceNode;

  @JsonPropertyDescription("Launcher pod on the source node.")
  private String sourcePod;

  @JsonPropertyDescription("Node the VirtualMachineInstance moves to.")
  private String targetNode;

  @JsonPropertyDescription("Launcher pod on the target node.")
  private String targetPod;

  @JsonPropertyDescription("Address of the target node used for the migration.")
  private String targetNodeAddress;

  @JsonPropertyDescription("The target has seen the domain start.")
  private Boolean targetNodeDomainDetected;

  @JsonPropertyDescription("RFC 3339 time the domain became active on the target.")
  private String targetNodeDomainReadyTimestamp;

  @JsonPropertyDescription("PreCopy, PostCopy or Paused.")
  private String mode;

  @JsonPropertyDescription("The migration completed.")
  private Boolean completed;

  @JsonPropertyDescription("The migration failed.")
  private Boolean failed;

  @JsonPropertyDescription("Why the migration failed.")
  private String failureReason;

  @JsonPropertyDescription("An abort was requested.")
  private Boolean abortRequested;

  @JsonPropertyDescription("Succeeded, Failed or Aborting.")
  private String abortStatus;

  public String getMigrationUid() {
    return migrationUid;
  }

  public void setMigrationUid(String migrationUid) {
    this.migrationUid = migrationUid;
  }

  public String getStartTimestamp() {
    return startTimestamp;
  }

  public void setStartTimestamp(String startTimestamp) {
    this.startTimestamp = startTimestamp;
  }

  public String getEndTimestamp() {
    return endTimestamp;
  }

  public void setEndTimestamp(String endTimestamp) {
    this.endTimestamp = endTimestamp;
  }

  public String getSourceNode() {
    return sourceNode;
  }

  public void setSourceNode(String sourceNode) {
    this.sourceNode = sourceNode;
  }

  public String getSourcePod() {
    return sourcePod;
  }

  public void setSourcePod(String sourcePod) {
    this.sourcePod = sourcePod;
  }

  public String getTargetNode() {
    return targetNode;
  }

  public void setTargetNode(String targetNode) {
    this.targetNode = targetNode;
  }

  public String getTargetPod() {
    return targetPod;
  }

  public void setTargetPod(String targetPod) {
    this.targetPod = targetPod;
  }

  public String getTargetNodeAddress() {
    return targetNodeAddress;
  }

  public void setTargetNodeAddress(String targetNodeAddress) {
    this.targetNodeAddress = targetNodeAddress;
  }

  public Boolean getTargetNodeDomainDetected() {
    return targetNodeDomainDetected;
  }

  public void setTargetNodeDomainDetected(Boolean targetNodeDomainDetected) {
    this.targetNodeDomainDetected = targetNodeDomainDetected;
  }

  public String getTargetNodeDomainReadyTimestamp() {
    return targetNodeDomainReadyTimestamp;
  }

  public void setTargetNodeDomainReadyTimestamp(String targetNodeDomainReadyTimestamp) {
    this.targetNodeDomainReadyTimestamp = targetNodeDomainReadyTimestamp;
  }

  public String getMode() {
    return mode;
  }

  public void setMode(String mode) {
    this.mode = mode;
  }

  public Boolean getCompleted() {
    return completed;
  }

  public void setCompleted(Boolean completed) {
    this.completed = completed;
  }

  public Boolean getFailed() {
    return failed;
  }

  public void setFailed(Boolean failed) {
    this.failed = failed;
  }

  public String getFailureReason() {
    return failureReason;
  }

  public void setFailureReason(String failureReason) {
    this.failureReason = failureReason;
  }

  public Boolean getAbortRequested() {
    return abortRequested;
  }

  public void setAbortRequested(Boolean abortRequested) {
    this.abortRequested = abortRequested;
  }

  public String getAbortStatus() {
    return abortStatus;
  }

  public void setAbortStatus(String abortStatus) {
    this.abortStatus = abortStatus;
  }
}
