package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * The plan document: where the VMs come from, where they go, which ones, with what defaults, and in
 * which waves.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationPlanSpec {
  @JsonPropertyDescription("Where the VMs come from.")
  @Required
  private PlanSource source;

  @JsonPropertyDescription("Where the VMs go: namespace, storage and network mappings.")
  @Required
  private PlanTarget target;

  @JsonPropertyDescription(
      "Settings applied to every generated VirtualMachine unless a VM overrides them.")
  private VmDefaults defaults;

  @JsonPropertyDescription("Which source VMs belong to the plan. All VMs of the source when unset.")
  private VmSelection selection;

  @JsonPropertyDescription(
      "How the selected VMs are grouped into waves: explicit lists or automatic planning.")
  private WavePlan waves;

  @JsonPropertyDescription(
      "How the waves are executed: concurrency limits of disk transfers. Defaults apply when unset.")
  private PlanExecution execution;

  public PlanSource getSource() {
    return source;
  }

  public void setSource(PlanSource source) {
    this.source = source;
  }

  public PlanTarget getTarget() {
    return target;
  }

  public void setTarget(PlanTarget target) {
    this.target = target;
  }

  public VmDefaults getDefaults() {
    return defaults;
  }

  public void setDefaults(VmDefaults defaults) {
    this.defaults = defaults;
  }

  public VmSelection getSelection() {
    return selection;
  }

  public void setSelection(VmSelection selection) {
    this.selection = selection;
  }

  public WavePlan getWaves() {
    return waves;
  }

  public void setWaves(WavePlan waves) {
    this.waves = waves;
  }

  public PlanExecution getExecution() {
    return execution;
  }

  public void setExecution(PlanExecution execution) {
    this.execution = execution;
  }
}
