package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Progress of one VM. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmMigrationStatus {
  @JsonPropertyDescription("Source VM name.")
  private String name;

  @JsonPropertyDescription("Name of the generated VirtualMachine.")
  private String targetName;

  @JsonPropertyDescription("See MigrationPhase.")
  private String phase;

  @JsonPropertyDescription("RFC 3339 time.")
  private String startedAt;

  @JsonPropertyDescription("RFC 3339 time.")
  private String completedAt;

  @JsonPropertyDescription("Bytes copied so far.")
  private Long bytesCopied;

  @JsonPropertyDescription("Bytes to copy.")
  private Long bytesTotal;

  @JsonPropertyDescription("Progress of each disk.")
  private List<DiskMigrationStatus> disks;

  @JsonPropertyDescription("Why this VM failed.")
  private MigrationError error;

  @JsonPropertyDescription("Managed object id of the source VM in vCenter, e.g. vm-42.")
  private String sourceId;

  @JsonPropertyDescription(
      "Whether the source was powered on before cutover (restored by a rollback); unset until pre-flight.")
  private Boolean sourceWasOn;

  @JsonPropertyDescription("RFC 3339 time the current phase started (for its timeout).")
  private String phaseSince;

  @JsonPropertyDescription("Disk checksum the migrated guest reported when ready.")
  private String guestChecksum;

  @JsonPropertyDescription("Failure or Canceled, when a rollback ran.")
  private String rollbackReason;

  @JsonPropertyDescription(
      "While Pending in the running wave: the transfer limit the VM waits for, e.g. waits for"
          + " source host esx-1 (2 of 2 transfers in use or reserved).")
  private String waitingFor;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTargetName() {
    return targetName;
  }

  public void setTargetName(String targetName) {
    this.targetName = targetName;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public Long getBytesCopied() {
    return bytesCopied;
  }

  public void setBytesCopied(Long bytesCopied) {
    this.bytesCopied = bytesCopied;
  }

  public Long getBytesTotal() {
    return bytesTotal;
  }

  public void setBytesTotal(Long bytesTotal) {
    this.bytesTotal = bytesTotal;
  }

  public List<DiskMigrationStatus> getDisks() {
    return disks;
  }

  public void setDisks(List<DiskMigrationStatus> disks) {
    this.disks = disks;
  }

  public MigrationError getError() {
    return error;
  }

  public void setError(MigrationError error) {
    this.error = error;
  }

  public String getSourceId() {
    return sourceId;
  }

  public void setSourceId(String sourceId) {
    this.sourceId = sourceId;
  }

  public Boolean getSourceWasOn() {
    return sourceWasOn;
  }

  public void setSourceWasOn(Boolean sourceWasOn) {
    this.sourceWasOn = sourceWasOn;
  }

  public String getPhaseSince() {
    return phaseSince;
  }

  public void setPhaseSince(String phaseSince) {
    this.phaseSince = phaseSince;
  }

  public String getGuestChecksum() {
    return guestChecksum;
  }

  public void setGuestChecksum(String guestChecksum) {
    this.guestChecksum = guestChecksum;
  }

  public String getRollbackReason() {
    return rollbackReason;
  }

  public void setRollbackReason(String rollbackReason) {
    this.rollbackReason = rollbackReason;
  }

  public String getWaitingFor() {
    return waitingFor;
  }

  public void setWaitingFor(String waitingFor) {
    this.waitingFor = waitingFor;
  }
}
