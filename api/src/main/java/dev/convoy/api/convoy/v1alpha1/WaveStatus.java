package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Progress of one wave. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WaveStatus {
  @JsonPropertyDescription("Wave name.")
  private String name;

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

  @JsonPropertyDescription("Progress of each VM of the wave.")
  private List<VmMigrationStatus> vms;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
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

  public List<VmMigrationStatus> getVms() {
    return vms;
  }

  public void setVms(List<VmMigrationStatus> vms) {
    this.vms = vms;
  }
}
