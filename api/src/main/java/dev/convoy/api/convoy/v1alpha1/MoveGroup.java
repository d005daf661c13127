package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** VMs that must move together, e.g. the tiers of one application. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MoveGroup {
  @JsonPropertyDescription("Group name, unique in the plan.")
  @Required
  private String name;

  @JsonPropertyDescription("Names of the VMs in the group.")
  @Required
  private List<String> vms;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getVms() {
    return vms;
  }

  public void setVms(List<String> vms) {
    this.vms = vms;
  }
}
