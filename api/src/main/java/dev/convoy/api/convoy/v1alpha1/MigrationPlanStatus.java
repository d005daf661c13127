package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Observed state of a MigrationPlan: validation result and the planned waves. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationPlanStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the plan is valid and planned) and others, each with its observedGeneration.")
  private List<Condition> conditions;

  @JsonPropertyDescription("Number of selected VMs.")
  private Integer vmCount;

  @JsonPropertyDescription("Number of planned waves.")
  private Integer waveCount;

  @JsonPropertyDescription("The planned waves, in migration order.")
  private List<PlannedWave> waves;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Integer getVmCount() {
    return vmCount;
  }

  public void setVmCount(Integer vmCount) {
    this.vmCount = vmCount;
  }

  public Integer getWaveCount() {
    return waveCount;
  }

  public void setWaveCount(Integer waveCount) {
    this.waveCount = waveCount;
  }

  public List<PlannedWave> getWaves() {
    return waves;
  }

  public void setWaves(List<PlannedWave> waves) {
    this.waves = waves;
  }
}
