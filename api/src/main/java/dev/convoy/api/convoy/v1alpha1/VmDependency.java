package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A VM (or move group) that depends on others, e.g. an application on its database. Names refer to
 * a VM or to a move group of the plan.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmDependency {
  @JsonPropertyDescription("Name of the dependent VM or move group.")
  @Required
  private String vm;

  @JsonPropertyDescription(
      "Names of the VMs or move groups it depends on; they move in the same or an earlier wave.")
  @Required
  private List<String> dependsOn;

  @JsonPropertyDescription(
      "Move in the same wave as what it depends on, not merely no later (e.g. chatty tiers).")
  private Boolean together;

  public String getVm() {
    return vm;
  }

  public void setVm(String vm) {
    this.vm = vm;
  }

  public List<String> getDependsOn() {
    return dependsOn;
  }

  public void setDependsOn(List<String> dependsOn) {
    this.dependsOn = dependsOn;
  }

  public Boolean getTogether() {
    return together;
  }

  public void setTogether(Boolean together) {
    this.together = together;
  }
}
