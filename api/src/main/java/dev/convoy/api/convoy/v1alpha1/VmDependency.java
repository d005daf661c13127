package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A VM that depends on others (e.g. an application on its database). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmDependency {
  @JsonPropertyDescription("Name of the dependent VM.")
  @Required
  private String vm;

  @JsonPropertyDescription(
      "Names of the VMs it depends on; they move in the same or an earlier wave.")
  @Required
  private List<String> dependsOn;

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
}
