package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/**
 * When a phase was entered (KubeVirt VirtualMachineInstancePhaseTransitionTimestamp and
 * VirtualMachineInstanceMigrationPhaseTransitionTimestamp).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhaseTransitionTimestamp extends ExtensibleObject {
  @JsonPropertyDescription("The phase entered.")
  private String phase;

  @JsonPropertyDescription("RFC 3339 time the phase was entered.")
  private String phaseTransitionTimestamp;

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getPhaseTransitionTimestamp() {
    return phaseTransitionTimestamp;
  }

  public void setPhaseTransitionTimestamp(String phaseTransitionTimestamp) {
    this.phaseTransitionTimestamp = phaseTransitionTimestamp;
  }
}
