package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import java.util.List;

/** A request to run (part of) a MigrationPlan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationSpec {
  @JsonPropertyDescription("The MigrationPlan, in the same namespace.")
  @Required
  private LocalObjectReference planRef;

  @JsonPropertyDescription("Names of the waves to run, in order. All waves of the plan when unset.")
  private List<String> waves;

  @JsonPropertyDescription("Validate and plan, create nothing.")
  private Boolean dryRun;

  @JsonPropertyDescription(
      "Names of VMs whose migration is to be canceled; may be added while the migration runs.")
  private List<String> cancel;

  public LocalObjectReference getPlanRef() {
    return planRef;
  }

  public void setPlanRef(LocalObjectReference planRef) {
    this.planRef = planRef;
  }

  public List<String> getWaves() {
    return waves;
  }

  public void setWaves(List<String> waves) {
    this.waves = waves;
  }

  public Boolean getDryRun() {
    return dryRun;
  }

  public void setDryRun(Boolean dryRun) {
    this.dryRun = dryRun;
  }

  public List<String> getCancel() {
    return cancel;
  }

  public void setCancel(List<String> cancel) {
    this.cancel = cancel;
  }
}
