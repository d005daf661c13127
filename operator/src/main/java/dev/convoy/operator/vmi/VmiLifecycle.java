package dev.convoy.operator.vmi;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.ConditionType;
import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceStatus;
import dev.convoy.operator.status.Conditions;
import dev.convoy.operator.status.Vmis;
import dev.convoy.operator.volumes.StorageView;
import dev.convoy.operator.volumes.VolumeFacts;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The VMI controller's part of a VirtualMachineInstance's life (KubeVirt's {@code vmi/lifecycle.go
 * updateStatus}), as a pure function from what it observed to the VMI it should write:
 *
 * <pre>
 *   "" / Pending  --pod exists-->  Scheduling  --pod Ready-->  Scheduled  (node agent: Running, Succeeded, Failed)
 *        |                            |                           |
 *        +-- deleted / DataVolume failed, or pod gone or failed --+--> Failed
 * </pre>
 *
 * On Scheduled it sets {@code status.nodeName} and the label {@code kubevirt.io/nodeName} so the
 * node agent on that node picks the VMI up. A Running VMI whose pod vanished is Failed as well.
 * Conditions: Ready (pod Ready and guest Running), PodScheduled (copied from an unschedulable pod),
 * Synchronized=False for missing PVCs, image pull errors and pod creation failures,
 * DataVolumesReady.
 */
public final class VmiLifecycle {

  /**
   * Synchronized reasons this controller owns; other writers' (the node agent's) are left alone.
   */
  private static final Set<String> OWN_SYNC_REASONS =
      Set.of(
          VmiReasons.FAILED_PVC_NOT_FOUND,
          VmiReasons.ERR_IMAGE_PULL,
          VmiReasons.IMAGE_PULL_BACK_OFF,
          VmiReasons.FAILED_CREATE_POD);

  private VmiLifecycle() {}

  /**
   * The VMI to write: {@link #next} applied until it changes nothing more (at most a few steps), so
   * that a phase that the same observation would supersede at once (Scheduling when the pod is
   * already Ready, e.g. after an operator restart) is not written on its own. Both transitions keep
   * their timestamps. The result is a fixed point: reconciling it again with the same observation
   * writes nothing.
   */
  public static VirtualMachineInstance settle(VmiObservation o, Instant now) {
    VirtualMachineInstance current = next(o, now);
    for (int step = 0; step < 4; step++) {
      VirtualMachineInstance again =
          next(new VmiObservation(current, o.pod(), o.volumes(), o.podCreateError()), now);
      if (sameState(current, again)) {
        return current;
      }
      current = again;
    }
    return current;
  }

  /** Same status and labels (what this controller writes). */
  public static boolean sameState(VirtualMachineInstance a, VirtualMachineInstance b) {
    return Serialization.sameJson(a.getStatus(), b.getStatus())
        && Serialization.sameJson(a.getMetadata().getLabels(), b.getMetadata().getLabels());
  }

  /** The VMI to write (a copy; metadata labels and status may differ from the input). */
  public static VirtualMachineInstance next(VmiObservation o, Instant now) {
    VirtualMachineInstance vmi = Serialization.deepCopy(o.vmi());
    VirtualMachineInstanceStatus status =
        vmi.getStatus() == null ? new VirtualMachineInstanceStatus() : vmi.getStatus();
    vmi.setStatus(status);
    Pod pod = o.pod();
    VolumeFacts volumes = o.volumes();
    boolean deleting = Vmis.isMarkedForDeletion(vmi);
    boolean podDown = pod != null && isDown(pod);

    String phase = Vmis.phase(vmi);
    String nextPhase = phase;
    String reason = status.getReason();
    if (Vmis.isUnprocessed(vmi)) {
      if (pod != null) {
        nextPhase = VirtualMachineInstancePhase.SCHEDULING;
      } else if (deleting) {
        nextPhase = VirtualMachineInstancePhase.FAILED;
        reason = VmiReasons.DELETED_BEFORE_START;
      } else if (!volumes.failedDataVolumes().isEmpty()) {
        nextPhase = VirtualMachineInstancePhase.FAILED;
        reason = VmiReasons.DATA_VOLUME_ERROR;
      } else {
        nextPhase = VirtualMachineInstancePhase.PENDING;
      }
    } else if (Vmis.isScheduling(vmi)) {
      if (pod == null || podDown) {
        nextPhase = VirtualMachineInstancePhase.FAILED;
        reason = VmiReasons.POD_GONE;
      } else if (isReady(pod) && !deleting) {
        nextPhase = VirtualMachineInstancePhase.SCHEDULED;
      }
    } else if (Vmis.isScheduled(vmi)) {
      if (pod == null || podDown) {
        nextPhase = VirtualMachineInstancePhase.FAILED;
        reason = VmiReasons.POD_GONE;
      }
    } else if (Vmis.isRunning(vmi)) {
      // While Running the node agent decides between Succeeded and Failed; a vanished pod is ours
      // to report.
      if (pod == null) {
        nextPhase = VirtualMachineInstancePhase.FAILED;
        reason = VmiReasons.POD_GONE;
      }
    }

    if (VirtualMachineInstancePhase.SCHEDULED.equals(nextPhase) && !nextPhase.equals(phase)) {
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      status.setNodeName(node);
      Map<String, String> labels =
          vmi.getMetadata().getLabels() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(vmi.getMetadata().getLabels());
      if (node != null) {
        labels.put(Labels.NODE_NAME, node);
      }
      vmi.getMetadata().setLabels(labels);
    }
    if (!Objects.equals(nextPhase, phase)) {
      status.setPhase(nextPhase);
      List<PhaseTransitionTimestamp> stamps =
          status.getPhaseTransitionTimestamps() == null
              ? new ArrayList<>()
              : new ArrayList<>(status.getPhaseTransitionTimestamps());
      PhaseTransitionTimestamp stamp = new PhaseTransitionTimestamp();
      stamp.setPhase(nextPhase);
      stamp.setPhaseTransitionTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString());
      stamps.add(stamp);
      status.setPhaseTransitionTimestamps(stamps);
      if (VirtualMachineInstancePhase.FAILED.equals(nextPhase)) {
        status.setReason(reason);
      }
    }

    if (pod != null && pod.getMetadata().getUid() != null) {
      status.setActivePods(
          Map.of(
              pod.getMetadata().getUid(),
              pod.getSpec() == null || pod.getSpec().getNodeName() == null
                  ? ""
                  : pod.getSpec().getNodeName()));
      if (pod.getStatus() != null && pod.getStatus().getQosClass() != null) {
        status.setQosClass(pod.getStatus().getQosClass());
      }
    } else if (pod == null) {
      status.setActivePods(null);
    }

    status.setConditions(conditions(vmi, status, pod, volumes, o.podCreateError(), now));
    return vmi;
  }

  private static List<KubeVirtCondition> conditions(
      VirtualMachineInstance vmi,
      VirtualMachineInstanceStatus status,
      Pod pod,
      VolumeFacts volumes,
      String podCreateError,
      Instant now) {
    Conditions c = Conditions.from(status.getConditions(), vmi.getMetadata().getGeneration(), now);
    boolean unprocessed = Vmis.isUnprocessed(vmi);

    // Synchronized: the first problem that keeps the VMI from progressing.
    String syncReason = null;
    String syncMessage = null;
    if (unprocessed && !volumes.missingClaims().isEmpty()) {
      syncReason = VmiReasons.FAILED_PVC_NOT_FOUND;
      syncMessage =
          "PersistentVolumeClaim "
              + String.join(", ", volumes.missingClaims())
              + " in namespace "
              + vmi.getMetadata().getNamespace()
              + " does not exist; the launcher pod is created once it does";
    } else if (podCreateError != null) {
      syncReason = VmiReasons.FAILED_CREATE_POD;
      syncMessage = "failed to create the launcher pod: " + podCreateError;
    } else if (pod != null) {
      ContainerStatus pulling = imagePullProblem(pod);
      if (pulling != null) {
        syncReason = pulling.getState().getWaiting().getReason();
        syncMessage = pulling.getState().getWaiting().getMessage();
      }
    }
    KubeVirtCondition sync = Conditions.find(status.getConditions(), ConditionType.SYNCHRONIZED);
    if (syncReason != null) {
      c.set(ConditionType.SYNCHRONIZED, false, syncReason, syncMessage);
    } else if (sync != null && OWN_SYNC_REASONS.contains(sync.getReason())) {
      c.remove(ConditionType.SYNCHRONIZED);
    }

    // DataVolumesReady: only for VMIs with claims, while it matters.
    if (!StorageView.claimNames(vmi.getSpec() == null ? null : vmi.getSpec().getVolumes())
        .isEmpty()) {
      if (!volumes.failedDataVolumes().isEmpty()) {
        c.set(
            ConditionType.DATA_VOLUMES_READY,
            false,
            VmiReasons.DATA_VOLUME_FAILED,
            "DataVolume " + String.join(", ", volumes.failedDataVolumes()) + " failed");
      } else if (!volumes.provisioningDataVolumes().isEmpty()) {
        c.set(
            ConditionType.DATA_VOLUMES_READY,
            false,
            VmiReasons.DATA_VOLUME_NOT_READY,
            "waiting for DataVolume " + String.join(", ", volumes.provisioningDataVolumes()));
      } else if (volumes.missingClaims().isEmpty()) {
        c.set(ConditionType.DATA_VOLUMES_READY, true, VmiReasons.ALL_VOLUMES_READY, null);
      }
    }

    // PodScheduled: copied while the pod cannot be scheduled.
    PodCondition scheduled = pod == null ? null : podCondition(pod, "PodScheduled");
    if (scheduled != null && "False".equals(scheduled.getStatus())) {
      c.set(ConditionType.POD_SCHEDULED, false, scheduled.getReason(), scheduled.getMessage());
    } else {
      c.remove(ConditionType.POD_SCHEDULED);
    }

    // Ready: the guest runs and the launcher pod is Ready.
    if (pod == null) {
      c.set(
          ConditionType.READY, false, VmiReasons.POD_NOT_EXISTS, "the launcher pod does not exist");
    } else if (!VirtualMachineInstancePhase.RUNNING.equals(status.getPhase())) {
      c.set(ConditionType.READY, false, VmiReasons.GUEST_NOT_RUNNING, "the guest is not running");
    } else if (!isReady(pod)) {
      c.set(ConditionType.READY, false, VmiReasons.POD_NOT_READY, "the launcher pod is not ready");
    } else {
      c.set(ConditionType.READY, true, VmiReasons.READY, null);
    }
    return c.build();
  }

  /** The pod's Ready condition is True. */
  public static boolean isReady(Pod pod) {
    PodCondition ready = podCondition(pod, "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  /** The pod ended (Succeeded/Failed) or is being deleted. */
  public static boolean isDown(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getMetadata().getDeletionTimestamp() != null
        || "Failed".equals(phase)
        || "Succeeded".equals(phase);
  }

  private static PodCondition podCondition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  private static ContainerStatus imagePullProblem(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (s.getState() != null
          && s.getState().getWaiting() != null
          && (VmiReasons.ERR_IMAGE_PULL.equals(s.getState().getWaiting().getReason())
              || VmiReasons.IMAGE_PULL_BACK_OFF.equals(s.getState().getWaiting().getReason()))) {
        return s;
      }
    }
    return null;
  }
}
