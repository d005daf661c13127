package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Progress of a Migration, per wave, VM and disk. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Running, Succeeded, Failed or Canceled (see MigrationPhase).")
  private String phase;

  @JsonPropertyDescription("Running, Succeeded, Failed, each with its observedGeneration.")
  private List<Condition> conditions;

  @JsonPropertyDescription("RFC 3339 time the migration started.")
  private String startedAt;

  @JsonPropertyDescription("RFC 3339 time the migration completed.")
  private String completedAt;

  @JsonPropertyDescription("Bytes copied so far, over all disks.")
  private Long bytesCopied;

  @JsonPropertyDescription("Bytes to copy, over all disks.")
  private Long bytesTotal;

  @JsonPropertyDescription("Progress of each wave.")
  private List<WaveStatus> waves;

  @JsonPropertyDescription("Why the migration failed.")
  private MigrationError error;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
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

  public List<WaveStatus> getWaves() {
    return waves;
  }

  public void setWaves(List<WaveStatus> waves) {
    this.waves = waves;
  }

  public MigrationError getError() {
    return error;
  }

  public void setError(MigrationError error) {
    this.error = error;
  }
}
