package dev.convoy.operator.vmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.status.Conditions;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.volumes.VolumeFacts;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("VMI phases owned by the controller: Pending → Scheduling → Scheduled, or Failed")
class VmiLifecycleTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  static Pod pod(String state) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName("virt-launcher-vm-abcde")
            .withNamespace("ns")
            .withUid("pod-uid")
            .endMetadata()
            .withNewSpec()
            .endSpec();
    switch (state) {
      case "none" -> {
        return null;
      }
      case "created" -> {}
      case "ready" -> {
        b.editSpec().withNodeName("node-7").endSpec();
        b.withStatus(FakeKubelet.running());
      }
      case "failed" -> b.withNewStatus().withPhase("Failed").endStatus();
      case "deleting" ->
          b.editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata();
      default -> throw new IllegalArgumentException(state);
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} with pod {1} → {2}")
  @CsvSource({
    "'',         none,     Pending",
    "'',         created,  Scheduling",
    "Pending,    none,     Pending",
    "Pending,    created,  Scheduling",
    "Scheduling, created,  Scheduling",
    "Scheduling, ready,    Scheduled",
    "Scheduling, none,     Failed",
    "Scheduling, failed,   Failed",
    "Scheduling, deleting, Failed",
    "Scheduled,  ready,    Scheduled",
    "Scheduled,  none,     Failed",
    "Scheduled,  failed,   Failed",
    "Running,    ready,    Running",
    "Running,    failed,   Running",
    "Running,    none,     Failed",
    "Succeeded,  none,     Succeeded",
    "Failed,     ready,    Failed",
  })
  void phases(String phase, String podState, String expected) {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "vmi-uid", phase);
    VirtualMachineInstance next =
        VmiLifecycle.next(new VmiObservation(vmi, pod(podState), VolumeFacts.READY, null), NOW);
    assertThat(next.getStatus().getPhase()).isEqualTo(expected.isEmpty() ? null : expected);
    if (!expected.equals(phase)) {
      assertThat(next.getStatus().getPhaseTransitionTimestamps())
          .extracting(t -> t.getPhase())
          .containsExactly(expected);
    }
    if (expected.equals("Failed") && !phase.equals("Failed")) {
      assertThat(next.getStatus().getReason()).isEqualTo(VmiReasons.POD_GONE);
    }
  }

  @Test
  @DisplayName("Scheduled sets status.nodeName and the kubevirt.io/nodeName label from the pod")
  void scheduledHandsOver() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "vmi-uid", "Scheduling");
    VirtualMachineInstance next =
        VmiLifecycle.next(new VmiObservation(vmi, pod("ready"), VolumeFacts.READY, null), NOW);
    assertThat(next.getStatus().getNodeName()).isEqualTo("node-7");
    assertThat(next.getMetadata().getLabels()).containsEntry("kubevirt.io/nodeName", "node-7");
    assertThat(next.getStatus().getActivePods()).containsEntry("pod-uid", "node-7");
    KubeVirtCondition ready = Conditions.find(next.getStatus().getConditions(), "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(VmiReasons.GUEST_NOT_RUNNING);
  }

  @Test
  @DisplayName(
      "a missing PVC keeps the VMI Pending with Synchronized=False/FailedPvcNotFound naming the claim")
  void missingClaim() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "vmi-uid", "");
    vmi.setSpec(Fixtures.vmiSpec(Fixtures.pvc("rootdisk", "disk0")));
    VolumeFacts missing = new VolumeFacts(List.of("disk0"), List.of(), List.of(), List.of());
    VirtualMachineInstance next =
        VmiLifecycle.next(new VmiObservation(vmi, null, missing, null), NOW);
    assertThat(next.getStatus().getPhase()).isEqualTo("Pending");
    KubeVirtCondition sync = Conditions.find(next.getStatus().getConditions(), "Synchronized");
    assertThat(sync.getStatus()).isEqualTo("False");
    assertThat(sync.getReason()).isEqualTo("FailedPvcNotFound");
    assertThat(sync.getMessage()).contains("disk0").contains("ns");

    next.getMetadata().setResourceVersion("2");
    VirtualMachineInstance healed =
        VmiLifecycle.next(new VmiObservation(next, pod("created"), VolumeFacts.READY, null), NOW);
    assertThat(Conditions.find(healed.getStatus().getConditions(), "Synchronized")).isNull();
    assertThat(healed.getStatus().getPhase()).isEqualTo("Scheduling");
    assertThat(Conditions.find(healed.getStatus().getConditions(), "DataVolumesReady").getStatus())
        .isEqualTo("True");
  }

  @Test
  @DisplayName(
      "pod facts become VMI conditions: unschedulable, image pull errors; Ready needs Running + pod Ready")
  void podConditions() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "vmi-uid", "Scheduling");
    Pod unschedulable = pod("created");
    unschedulable.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage("0/3 nodes are available")
                    .build())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("compute")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("back-off pulling")
                    .endWaiting()
                    .endState()
                    .build())
            .build());
    VirtualMachineInstance next =
        VmiLifecycle.next(new VmiObservation(vmi, unschedulable, VolumeFacts.READY, null), NOW);
    assertThat(Conditions.find(next.getStatus().getConditions(), "PodScheduled").getReason())
        .isEqualTo("Unschedulable");
    assertThat(Conditions.find(next.getStatus().getConditions(), "Synchronized").getReason())
        .isEqualTo("ImagePullBackOff");

    VirtualMachineInstance running = Fixtures.vmi("ns", "vm", "vmi-uid", "Running");
    VirtualMachineInstance readyVmi =
        VmiLifecycle.next(new VmiObservation(running, pod("ready"), VolumeFacts.READY, null), NOW);
    assertThat(Conditions.find(readyVmi.getStatus().getConditions(), "Ready").getStatus())
        .isEqualTo("True");
  }

  @Test
  @DisplayName("a VMI deleted before its pod existed fails; a failed DataVolume fails it too")
  void failsEarly() {
    VirtualMachineInstance deleted = Fixtures.vmi("ns", "vm", "vmi-uid", "Pending");
    deleted.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(
            VmiLifecycle.next(new VmiObservation(deleted, null, VolumeFacts.READY, null), NOW)
                .getStatus()
                .getReason())
        .isEqualTo(VmiReasons.DELETED_BEFORE_START);
    VirtualMachineInstance dv = Fixtures.vmi("ns", "vm", "vmi-uid", "Pending");
    VirtualMachineInstance next =
        VmiLifecycle.next(
            new VmiObservation(
                dv, null, new VolumeFacts(List.of(), List.of(), List.of(), List.of("dv0")), null),
            NOW);
    assertThat(next.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(next.getStatus().getReason()).isEqualTo(VmiReasons.DATA_VOLUME_ERROR);
  }

  @Test
  @DisplayName(
      "settle: an unprocessed VMI whose pod is already Ready goes to Scheduled in one write,"
          + " with both transitions stamped, and is a fixed point")
  void settleSkipsSupersededPhase() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "vmi-uid", "");
    Pod ready = pod("ready");
    VirtualMachineInstance once =
        VmiLifecycle.next(new VmiObservation(vmi, ready, VolumeFacts.READY, null), NOW);
    assertThat(once.getStatus().getPhase()).isEqualTo("Scheduling");

    VirtualMachineInstance settled =
        VmiLifecycle.settle(new VmiObservation(vmi, ready, VolumeFacts.READY, null), NOW);
    assertThat(settled.getStatus().getPhase()).isEqualTo("Scheduled");
    assertThat(settled.getStatus().getNodeName()).isEqualTo("node-7");
    assertThat(settled.getStatus().getPhaseTransitionTimestamps())
        .extracting(t -> t.getPhase())
        .containsExactly("Scheduling", "Scheduled");
    VirtualMachineInstance again =
        VmiLifecycle.settle(new VmiObservation(settled, ready, VolumeFacts.READY, null), NOW);
    assertThat(VmiLifecycle.sameState(settled, again)).isTrue();
  }
}
