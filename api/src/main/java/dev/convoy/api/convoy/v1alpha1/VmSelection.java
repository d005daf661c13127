package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * Which source VMs a plan takes. A VM is selected when it matches any of names, folders, clusters,
 * tags, custom attributes or regex (every VM when none is given), and is not excluded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmSelection {
  @JsonPropertyDescription("VM names.")
  private List<String> names;

  @JsonPropertyDescription("Inventory folder paths, e.g. /dc1/vm/finance; sub-folders included.")
  private List<String> folders;

  @JsonPropertyDescription("Compute cluster names.")
  private List<String> clusters;

  @JsonPropertyDescription("vSphere tags, as category/tag or tag.")
  private List<String> tags;

  @JsonPropertyDescription("Custom attributes (name: value): VMs with all of them.")
  private Map<String, String> customAttributes;

  @JsonPropertyDescription("Java regular expression matched against the whole VM name.")
  private String regex;

  @JsonPropertyDescription("VM names left out even when another rule selects them.")
  private List<String> exclude;

  public Map<String, String> getCustomAttributes() {
    return customAttributes;
  }

  public void setCustomAttributes(Map<String, String> customAttributes) {
    this.customAttributes = customAttributes;
  }

  public List<String> getNames() {
    return names;
  }

  public void setNames(List<String> names) {
    this.names = names;
  }

  public List<String> getFolders() {
    return folders;
  }

  public void setFolders(List<String> folders) {
    this.folders = folders;
  }

  public List<String> getClusters() {
    return clusters;
  }

  public void setClusters(List<String> clusters) {
    this.clusters = clusters;
  }

  public List<String> getTags() {
    return tags;
  }

  public void setTags(List<String> tags) {
    this.tags = tags;
  }

  public String getRegex() {
    return regex;
  }

  public void setRegex(String regex) {
    this.regex = regex;
  }

  public List<String> getExclude() {
    return exclude;
  }

  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }
}
