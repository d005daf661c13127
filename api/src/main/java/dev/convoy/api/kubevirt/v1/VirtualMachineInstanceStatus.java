package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.List;
import java.util.Map;

/**
 * Observed state of a VirtualMachineInstance (KubeVirt VirtualMachineInstanceStatus). KubeVirt has
 * no /status subresource for this kind: status is written with the whole object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceStatus extends ExtensibleObject {
  @JsonPropertyDescription(
      "Pending, Scheduling, Scheduled, Running, Succeeded, Failed, WaitingForSync or Unknown.")
  private String phase;

  @JsonPropertyDescription("CamelCase reason for the current phase, e.g. NodeUnresponsive.")
  private String reason;

  @JsonPropertyDescription("Node running the VirtualMachineInstance.")
  private String nodeName;

  @JsonPropertyDescription("Conditions such as Ready, Paused, LiveMigratable.")
  private List<KubeVirtCondition> conditions;

  @JsonPropertyDescription("Guest network interfaces and their addresses.")
  private List<VirtualMachineInstanceNetworkInterface> interfaces;

  @JsonPropertyDescription("When each phase was entered.")
  private List<PhaseTransitionTimestamp> phaseTransitionTimestamps;

  @JsonPropertyDescription("State of the current or last live migration.")
  private VirtualMachineInstanceMigrationState migrationState;

  @JsonPropertyDescription("LiveMigration or BlockMigration.")
  private String migrationMethod;

  @JsonPropertyDescription("Launcher image the VirtualMachineInstance runs with.")
  private String launcherContainerImageVersion;

  @JsonPropertyDescription("QoS class of the launcher pod: Guaranteed, Burstable or BestEffort.")
  private String qosClass;

  @JsonPropertyDescription("Launcher pod UID to node name; two entries during a migration.")
  private Map<String, String> activePods;

  @JsonPropertyDescription("Node being drained, set on eviction.")
  private String evacuationNodeName;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getNodeName() {
    return nodeName;
  }

  public void setNodeName(String nodeName) {
    this.nodeName = nodeName;
  }

  public List<KubeVirtCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<KubeVirtCondition> conditions) {
    this.conditions = conditions;
  }

  public List<VirtualMachineInstanceNetworkInterface> getInterfaces() {
    return interfaces;
  }

  public void setInterfaces(List<VirtualMachineInstanceNetworkInterface> interfaces) {
    this.interfaces = interfaces;
  }

  public List<PhaseTransitionTimestamp> getPhaseTransitionTimestamps() {
    return phaseTransitionTimestamps;
  }

  public void setPhaseTransitionTimestamps(
      List<PhaseTransitionTimestamp> phaseTransitionTimestamps) {
    this.phaseTransitionTimestamps = phaseTransitionTimestamps;
  }

  public VirtualMachineInstanceMigrationState getMigrationState() {
    return migrationState;
  }

  public void setMigrationState(VirtualMachineInstanceMigrationState migrationState) {
    this.migrationState = migrationState;
  }

  public String getMigrationMethod() {
    return migrationMethod;
  }

  public void setMigrationMethod(String migrationMethod) {
    this.migrationMethod = migrationMethod;
  }

  public String getLauncherContainerImageVersion() {
    return launcherContainerImageVersion;
  }

  public void setLauncherContainerImageVersion(String launcherContainerImageVersion) {
    this.launcherContainerImageVersion = launcherContainerImageVersion;
  }

  public String getQosClass() {
    return qosClass;
  }

  public void setQosClass(String qosClass) {
    this.qosClass = qosClass;
  }

  public Map<String, String> getActivePods() {
    return activePods;
  }

  public void setActivePods(Map<String, String> activePods) {
    this.activePods = activePods;
  }

  public String getEvacuationNodeName() {
    return evacuationNodeName;
  }

  public void setEvacuationNodeName(String evacuationNodeName) {
    this.evacuationNodeName = evacuationNodeName;
  }
}
