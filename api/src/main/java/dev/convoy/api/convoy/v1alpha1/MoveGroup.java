package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * VMs that must move together, e.g. the tiers of one application: the VMs named, plus every
 * selected VM with one of the tags, in one of the folders or with all the custom attributes.
 */
@ValidationRule(
    value = "has(self.vms) || has(self.tags) || has(self.folders) || has(self.customAttributes)",
    message = "a move group needs at least one of vms, tags, folders or customAttributes")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MoveGroup {
  @JsonPropertyDescription("Group name, unique in the plan.")
  @Required
  private String name;

  @JsonPropertyDescription("Names of the VMs in the group (an explicit application list).")
  private List<String> vms;

  @JsonPropertyDescription(
      "vSphere tags, as category/tag or tag: selected VMs with any of them join.")
  private List<String> tags;

  @JsonPropertyDescription(
      "Inventory folder paths, e.g. /dc1/vm/finance: selected VMs in them (or below) join.")
  private List<String> folders;

  @JsonPropertyDescription("Custom attributes (name: value): selected VMs with all of them join.")
  private Map<String, String> customAttributes;

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

  public List<String> getTags() {
    return tags;
  }

  public void setTags(List<String> tags) {
    this.tags = tags;
  }

  public List<String> getFolders() {
    return folders;
  }

  public void setFolders(List<String> folders) {
    this.folders = folders;
  }

  public Map<String, String> getCustomAttributes() {
    return customAttributes;
  }

  public void setCustomAttributes(Map<String, String> customAttributes) {
    this.customAttributes = customAttributes;
  }
}
