package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.List;

/**
 * Observed state of a VirtualMachineInstanceMigration (KubeVirt
 * VirtualMachineInstanceMigrationStatus).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceMigrationStatus extends ExtensibleObject {
  @JsonPropertyDescription(
      "Pending, Scheduling, Scheduled, PreparingTarget, TargetReady, Running, Succeeded or Failed.")
  private String phase;

  @JsonPropertyDescription("When each phase was entered.")
  private List<PhaseTransitionTimestamp> phaseTransitionTimestamps;

  @JsonPropertyDescription("Conditions of the migration.")
  private List<KubeVirtCondition> conditions;

  @JsonPropertyDescription("State of the migration.")
  private VirtualMachineInstanceMigrationState migrationState;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public List<PhaseTransitionTimestamp> getPhaseTransitionTimestamps() {
    return phaseTransitionTimestamps;
  }

  public void setPhaseTransitionTimestamps(
      List<PhaseTransitionTimestamp> phaseTransitionTimestamps) {
    this.phaseTransitionTimestamps = phaseTransitionTimestamps;
  }

  public List<KubeVirtCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<KubeVirtCondition> conditions) {
    this.conditions = conditions;
  }

  public VirtualMachineInstanceMigrationState getMigrationState() {
    return migrationState;
  }

  public void setMigrationState(VirtualMachineInstanceMigrationState migrationState) {
    this.migrationState = migrationState;
  }
}
