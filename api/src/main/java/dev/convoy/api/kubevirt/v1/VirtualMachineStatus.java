package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.List;

/** Observed state of a VirtualMachine (KubeVirt VirtualMachineStatus). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineStatus extends ExtensibleObject {
  @JsonPropertyDescription(
      "Human readable state: Stopped, Provisioning, Starting, Running, Paused, Stopping, Terminating, CrashLoopBackOff, Migrating, Unknown, ErrorUnschedulable, ErrImagePull, ImagePullBackOff, ErrorPvcNotFound, DataVolumeError, WaitingForVolumeBinding or WaitingForReceiver.")
  private String printableStatus;

  @JsonPropertyDescription("True when the VirtualMachineInstance is running and ready.")
  private Boolean ready;

  @JsonPropertyDescription("True when a VirtualMachineInstance exists for this VirtualMachine.")
  private Boolean created;

  @JsonPropertyDescription(
      "Conditions of the VirtualMachine; the VirtualMachineInstance conditions are mirrored here.")
  private List<KubeVirtCondition> conditions;

  @JsonPropertyDescription("Pending start and stop requests, consumed by the controller in order.")
  private List<VirtualMachineStateChangeRequest> stateChangeRequests;

  @JsonPropertyDescription("Crash-loop backoff state after failed starts.")
  private VirtualMachineStartFailure startFailure;

  @JsonPropertyDescription("The metadata.generation the controller last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "The metadata.generation of the VirtualMachine spec the VirtualMachineInstance should match.")
  private Long desiredGeneration;

  @JsonPropertyDescription("The run strategy currently in effect.")
  private String runStrategy;

  public String getPrintableStatus() {
    return printableStatus;
  }

  public void setPrintableStatus(String printableStatus) {
    this.printableStatus = printableStatus;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }

  public Boolean getCreated() {
    return created;
  }

  public void setCreated(Boolean created) {
    this.created = created;
  }

  public List<KubeVirtCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<KubeVirtCondition> conditions) {
    this.conditions = conditions;
  }

  public List<VirtualMachineStateChangeRequest> getStateChangeRequests() {
    return stateChangeRequests;
  }

  public void setStateChangeRequests(List<VirtualMachineStateChangeRequest> stateChangeRequests) {
    this.stateChangeRequests = stateChangeRequests;
  }

  public VirtualMachineStartFailure getStartFailure() {
    return startFailure;
  }

  public void setStartFailure(VirtualMachineStartFailure startFailure) {
    this.startFailure = startFailure;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Long getDesiredGeneration() {
    return desiredGeneration;
  }

  public void setDesiredGeneration(Long desiredGeneration) {
    this.desiredGeneration = desiredGeneration;
  }

  public String getRunStrategy() {
    return runStrategy;
  }

  public void setRunStrategy(String runStrategy) {
    this.runStrategy = runStrategy;
  }
}
