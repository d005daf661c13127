package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.List;

/** Observed state of a DataVolume (CDI DataVolumeStatus). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeStatus extends ExtensibleObject {
  @JsonPropertyDescription(
      "Pending, ImportScheduled, ImportInProgress, Succeeded, Failed, ... (see DataVolumePhase).")
  private String phase;

  @JsonPropertyDescription("Progress as a percentage, e.g. 45.20% or N/A.")
  private String progress;

  @JsonPropertyDescription("Bound, Ready and Running conditions.")
  private List<DataVolumeCondition> conditions;

  @JsonPropertyDescription("Name of the PVC.")
  private String claimName;

  @JsonPropertyDescription("How often the importer pod restarted.")
  private Integer restartCount;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getProgress() {
    return progress;
  }

  public void setProgress(String progress) {
    this.progress = progress;
  }

  public List<DataVolumeCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<DataVolumeCondition> conditions) {
    this.conditions = conditions;
  }

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public Integer getRestartCount() {
    return restartCount;
  }

  public void setRestartCount(Integer restartCount) {
    this.restartCount = restartCount;
  }
}
