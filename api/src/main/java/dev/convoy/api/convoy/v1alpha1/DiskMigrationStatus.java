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
}
