package dev.convoy.operator.vm;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.ConditionType;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineStateChangeRequest;
import dev.convoy.api.kubevirt.v1.VirtualMachineStatus;
import dev.convoy.operator.status.Conditions;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.volumes.VolumeFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Computes the status a VirtualMachine should have after one reconcile, as a pure function:
 * created, ready, runStrategy, stateChangeRequests (a handled request is dropped, exactly as
 * KubeVirt decides it is handled), startFailure, conditions (Ready mirrored from the VMI, Failure
 * from the sync error, RestartRequired while the live VMI no longer matches the template, the VMI's
 * other conditions mirrored), printableStatus and observedGeneration.
 */
public final class VmStatusCalculator {

  /** VMI conditions that are not mirrored generically. */
  private static final Set<String> NOT_MIRRORED =
      Set.of(ConditionType.READY, ConditionType.FAILURE, ConditionType.RESTART_REQUIRED);

  /** RestartRequired's message, KubeVirt's. */
  public static final String RESTART_REQUIRED_MESSAGE =
      "a non-live-updatable field was changed in the template spec";

  /** Ready=False reason when there is no VMI. */
  public static final String VMI_NOT_EXISTS = "VMINotExists";

  /** Ready=False reason when the VMI has no Ready condition yet. */
  public static final String VMI_CONDITION_MISSING = "VMIConditionMissing";

  private VmStatusCalculator() {}

  /**
   * The next status.
   *
   * @param vm the VirtualMachine as read (not modified)
   * @param vmi its VMI after this pass's action (the created one after a create), or null
   * @param runStrategy effective strategy, null when the spec is invalid
   * @param volumes facts about the template's claims
   * @param action what this pass did
   * @param error the failure of this pass, or null
   * @param now the time
   */
  public static VirtualMachineStatus next(
      VirtualMachine vm,
      VirtualMachineInstance vmi,
      String runStrategy,
      VolumeFacts volumes,
      VmAction action,
      SyncError error,
      Instant now) {
    VirtualMachineStatus status =
        vm.getStatus() == null
            ? new VirtualMachineStatus()
            : Serialization.deepCopy(vm.getStatus());

    boolean created = vmi != null;
    status.setCreated(created);
    status.setReady(
        created && Vmis.hasCondition(vmi, ConditionType.READY, KubeVirtCondition.TRUE, null));

    // Recorded from the first VMI on, so RerunOnFailure can tell "just switched to me" from
    // "already ran".
    if (runStrategy != null && (status.getRunStrategy() != null || created)) {
      status.setRunStrategy(runStrategy);
    }

    List<VirtualMachineStateChangeRequest> requests =
        status.getStateChangeRequests() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getStateChangeRequests());
    if (!requests.isEmpty() && firstRequestHandled(requests.get(0), vmi)) {
      requests.remove(0);
    }
    if (action instanceof VmAction.DeleteVmi d && d.requestStart()) {
      VirtualMachineStateChangeRequest start = new VirtualMachineStateChangeRequest();
      start.setAction(VirtualMachineStateChangeRequest.START);
      requests.add(start);
    }
    status.setStateChangeRequests(requests.isEmpty() ? null : requests);

    status.setStartFailure(StartFailures.sync(status.getStartFailure(), vmi, runStrategy, now));

    Long generation = vm.getMetadata().getGeneration();
    Conditions conditions = Conditions.from(status.getConditions(), generation, now);
    KubeVirtCondition vmiReady = Vmis.condition(vmi, ConditionType.READY);
    if (vmi == null) {
      conditions.set(
          ConditionType.READY, false, VMI_NOT_EXISTS, "VirtualMachineInstance does not exist");
    } else if (vmiReady == null) {
      conditions.set(
          ConditionType.READY,
          false,
          VMI_CONDITION_MISSING,
          "VirtualMachineInstance has no Ready condition yet");
    } else {
      conditions.mirror(vmiReady);
    }
    if (error == null) {
      conditions.remove(ConditionType.FAILURE);
    } else {
      conditions.set(ConditionType.FAILURE, true, error.reason(), error.message());
    }
    if (vmi != null
        && !Vmis.isFinal(vmi)
        && !Vmis.isMarkedForDeletion(vmi)
        && VmiRenderer.templateChanged(vm, vmi)) {
      conditions.set(ConditionType.RESTART_REQUIRED, true, null, RESTART_REQUIRED_MESSAGE);
    } else {
      conditions.remove(ConditionType.RESTART_REQUIRED);
    }
    List<String> mirrored = new ArrayList<>();
    if (vmi != null && vmi.getStatus() != null && vmi.getStatus().getConditions() != null) {
      for (KubeVirtCondition c : vmi.getStatus().getConditions()) {
        if (c.getType() != null && !NOT_MIRRORED.contains(c.getType())) {
          conditions.mirror(c);
          mirrored.add(c.getType());
        }
      }
    }
    for (String type : conditions.types()) {
      if (!NOT_MIRRORED.contains(type) && !mirrored.contains(type)) {
        conditions.remove(type);
      }
    }
    status.setConditions(conditions.build());

    VirtualMachine withStatus = new VirtualMachine();
    withStatus.setMetadata(vm.getMetadata());
    withStatus.setSpec(vm.getSpec());
    withStatus.setStatus(status);
    status.setPrintableStatus(
        PrintableStatus.of(
            new VmObservation(
                withStatus,
                vmi,
                runStrategy,
                volumes,
                action instanceof VmAction.CreateVmi,
                action instanceof VmAction.DeleteVmi)));
    status.setObservedGeneration(generation);
    return status;
  }

  /** KubeVirt's isTrimFirstChangeRequestNeeded. */
  static boolean firstRequestHandled(
      VirtualMachineStateChangeRequest request, VirtualMachineInstance vmi) {
    if (VirtualMachineStateChangeRequest.STOP.equals(request.getAction())) {
      // No VMI: it is stopped. A Stop without UID can never be acted on. Another UID: that VMI is
      // gone already.
      return vmi == null
          || request.getUid() == null
          || !request.getUid().equals(vmi.getMetadata().getUid());
    }
    if (VirtualMachineStateChangeRequest.START.equals(request.getAction())) {
      return vmi != null && !Vmis.isMarkedForDeletion(vmi) && !Vmis.isFinal(vmi);
    }
    return true; // an unknown action would block the queue forever
  }
}
