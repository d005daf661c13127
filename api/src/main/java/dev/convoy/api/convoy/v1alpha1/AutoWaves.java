package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/**
 * Rules for automatic wave planning. Move groups and dependencies are hard constraints; environment
 * order and priority decide the order; caps and windows bound each wave.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoWaves {
  @JsonPropertyDescription("VMs that must move in the same wave.")
  private List<MoveGroup> moveGroups;

  @JsonPropertyDescription(
      "VMs that must move in the same wave as, or a later wave than, the VMs they depend on.")
  private List<VmDependency> dependencies;

  @JsonPropertyDescription(
      "One more move group per tag of this vSphere tag category (e.g. app): VMs sharing the tag move together.")
  private String groupByTagCategory;

  @JsonPropertyDescription(
      "Environments in migration order, e.g. [dev, test, prod]; a VM's environment is its vSphere tag in category environment. Environments are never mixed in one wave.")
  private List<String> environmentOrder;

  @JsonPropertyDescription(
      "The vSphere tag category holding a VM's environment; environment when unset.")
  private String environmentTagCategory;

  @JsonPropertyDescription(
      "Environment of VMs without an environment tag; such VMs are an error when unset.")
  private String defaultEnvironment;

  @JsonPropertyDescription(
      "VM or move-group names placed as early as the other constraints allow, in this order.")
  private List<String> priority;

  @JsonPropertyDescription("Capacity limits of one wave.")
  private WaveCaps caps;

  @JsonPropertyDescription(
      "Expected copy throughput in MiB/s, used to estimate how long a wave takes and whether it fits a window.")
  @Min(1)
  private Integer throughputMiBps;

  @JsonPropertyDescription(
      "Whether throughputMiBps was measured (e.g. in a pilot wave) rather than assumed; reports say which.")
  private Boolean throughputMeasured;

  @JsonPropertyDescription(
      "Fastest copy of a single disk in MiB/s; a wave takes at least its largest disk at this rate.")
  @Min(1)
  private Integer perDiskThroughputMiBps;

  @JsonPropertyDescription("Maintenance windows, one wave per window, in order.")
  private List<MaintenanceWindow> windows;

  public List<MoveGroup> getMoveGroups() {
    return moveGroups;
  }

  public void setMoveGroups(List<MoveGroup> moveGroups) {
    this.moveGroups = moveGroups;
  }

  public List<VmDependency> getDependencies() {
    return dependencies;
  }

  public void setDependencies(List<VmDependency> dependencies) {
    this.dependencies = dependencies;
  }

  public List<String> getEnvironmentOrder() {
    return environmentOrder;
  }

  public void setEnvironmentOrder(List<String> environmentOrder) {
    this.environmentOrder = environmentOrder;
  }

  public List<String> getPriority() {
    return priority;
  }

  public void setPriority(List<String> priority) {
    this.priority = priority;
  }

  public WaveCaps getCaps() {
    return caps;
  }

  public void setCaps(WaveCaps caps) {
    this.caps = caps;
  }

  public Integer getThroughputMiBps() {
    return throughputMiBps;
  }

  public void setThroughputMiBps(Integer throughputMiBps) {
    this.throughputMiBps = throughputMiBps;
  }

  public List<MaintenanceWindow> getWindows() {
    return windows;
  }

  public void setWindows(List<MaintenanceWindow> windows) {
    this.windows = windows;
  }

  public String getGroupByTagCategory() {
    return groupByTagCategory;
  }

  public void setGroupByTagCategory(String groupByTagCategory) {
    this.groupByTagCategory = groupByTagCategory;
  }

  public String getEnvironmentTagCategory() {
    return environmentTagCategory;
  }

  public void setEnvironmentTagCategory(String environmentTagCategory) {
    this.environmentTagCategory = environmentTagCategory;
  }

  public String getDefaultEnvironment() {
    return defaultEnvironment;
  }

  public void setDefaultEnvironment(String defaultEnvironment) {
    this.defaultEnvironment = defaultEnvironment;
  }

  public Boolean getThroughputMeasured() {
    return throughputMeasured;
  }

  public void setThroughputMeasured(Boolean throughputMeasured) {
    this.throughputMeasured = throughputMeasured;
  }

  public Integer getPerDiskThroughputMiBps() {
    return perDiskThroughputMiBps;
  }

  public void setPerDiskThroughputMiBps(Integer perDiskThroughputMiBps) {
    this.perDiskThroughputMiBps = perDiskThroughputMiBps;
  }
}
