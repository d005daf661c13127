package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Progress of one disk. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiskMigrationStatus {
  @JsonPropertyDescription("Source disk (file name or device label).")
  private String name;

  @JsonPropertyDescription("Name of the target PVC or DataVolume.")
  private String targetPvc;

  @JsonPropertyDescription("See MigrationPhase.")
  private String phase;

  @JsonPropertyDescription("Bytes copied so far.")
  private Long bytesCopied;

  @JsonPropertyDescription("Bytes to copy.")
  private Long bytesTotal;

  @JsonPropertyDescription(
      "vCenter and datastore path the disk is converted from; a ready marker from the same source is adopted instead of copied again.")
  private String sourceIdentity;

  @JsonPropertyDescription("Import pods started for this disk so far.")
  private Integer attempts;

  @JsonPropertyDescription(
      "SHA-256 of the converted disk's guest-visible content; the import compared it with the source (verified) before recording it.")
  private String sha256;

  @JsonPropertyDescription("RFC 3339 time the first import pod started.")
  private String startedAt;

  @JsonPropertyDescription("RFC 3339 time the disk was verified.")
  private String completedAt;

  @JsonPropertyDescription("Average transfer rate since the disk started.")
  private Long bytesPerSecond;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTargetPvc() {
    return targetPvc;
  }

  public void setTargetPvc(String targetPvc) {
    this.targetPvc = targetPvc;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
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

  public String getSourceIdentity() {
    return sourceIdentity;
  }

  public void setSourceIdentity(String sourceIdentity) {
    this.sourceIdentity = sourceIdentity;
  }

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
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

  public Long getBytesPerSecond() {
    return bytesPerSecond;
  }

  public void setBytesPerSecond(Long bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond;
  }
}
