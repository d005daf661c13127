package dev.convoy.importer.migration.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.convoy.v1alpha1.MigrationStatus;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.importer.migration.MigrationState;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.DiskMigration;
import dev.convoy.plans.execution.DiskPhase;
import dev.convoy.plans.execution.ItinerarySettings;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.VmItinerary;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmObservation;
import dev.convoy.plans.execution.VmPhase;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The status is the controller's only state: it must give back exactly what was written. */
class MigrationStatusMapperTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static MigrationState state(VmMigration... vms) {
    return new MigrationState("m", "ns", T0, List.of(new MigrationRound.Wave("w1", List.of(vms))));
  }

  static VmMigration vm(String name, VmPhase phase, DiskMigration disk, String error) {
    return new VmMigration(
        name,
        "vm-" + name,
        name,
        phase,
        T0.plusSeconds(5),
        Boolean.TRUE,
        List.of(disk),
        error,
        error == null ? null : VmMigration.RollbackReason.FAILURE,
        phase == VmPhase.COMPLETED ? "abc123" : null);
  }

  @Test
  void everyFieldOfTheItineraryStateSurvivesTheStatusAndItsJson() {
    MigrationState state =
        state(
            vm(
                "a",
                VmPhase.TRANSFER_DISKS,
                new DiskMigration(
                    "disk-0",
                    "a-disk-0",
                    "https://vc x.vmdk",
                    DiskPhase.TRANSFERRING,
                    2,
                    null,
                    1000,
                    4000),
                null),
            vm(
                "b",
                VmPhase.ROLLED_BACK,
                new DiskMigration(
                    "disk-0", "b-disk-0", "https://vc y.vmdk", DiskPhase.FAILED, 3, null, 0, 4000),
                "disk disk-0: import failed 3 times, last: refused"),
            vm(
                "c",
                VmPhase.COMPLETED,
                new DiskMigration(
                    "disk-0",
                    "c-disk-0",
                    "https://vc z.vmdk",
                    DiskPhase.DONE,
                    1,
                    "ff00",
                    4000,
                    4000),
                null));
    // first written at T0 (times start there), then 10 s later
    MigrationStatus first =
        MigrationStatusMapper.toStatus(null, state, MigrationRound.phases(state.waves()), T0, 3L);
    MigrationStatus status =
        MigrationStatusMapper.toStatus(
            first, state, MigrationRound.phases(state.waves()), T0.plusSeconds(10), 3L);
    MigrationStatus reread =
        Serialization.unmarshal(Serialization.asJson(status), MigrationStatus.class);
    assertThat(MigrationStatusMapper.fromStatus("m", "ns", reread)).isEqualTo(state);

    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getBytesCopied()).isEqualTo(5000);
    assertThat(status.getBytesTotal()).isEqualTo(12000);
    VmMigrationStatus a = status.getWaves().get(0).getVms().get(0);
    assertThat(a.getDisks().get(0).getBytesPerSecond()).isEqualTo(100); // 1000 bytes in 10 s
    VmMigrationStatus b = status.getWaves().get(0).getVms().get(1);
    assertThat(b.getError().getReason()).isEqualTo("ImportFailed");
    assertThat(b.getCompletedAt()).isEqualTo(T0.toString());
  }

  @Test
  void timesAndTheFailedPhaseAreKeptFromThePreviousStatus() {
    DiskMigration transferring =
        new DiskMigration("disk-0", "a-disk-0", "id", DiskPhase.TRANSFERRING, 1, null, 10, 100);
    MigrationState before = state(vm("a", VmPhase.TRANSFER_DISKS, transferring, null));
    MigrationStatus first =
        MigrationStatusMapper.toStatus(
            null, before, MigrationRound.phases(before.waves()), T0.plusSeconds(1), 1L);
    MigrationState after =
        state(vm("a", VmPhase.FAILED, transferring, "disk disk-0: import failed 3 times"));
    MigrationStatus second =
        MigrationStatusMapper.toStatus(
            first, after, MigrationRound.phases(after.waves()), T0.plusSeconds(30), 1L);
    VmMigrationStatus vm = second.getWaves().get(0).getVms().get(0);
    assertThat(vm.getStartedAt()).isEqualTo(T0.plusSeconds(1).toString());
    assertThat(vm.getDisks().get(0).getStartedAt()).isEqualTo(T0.plusSeconds(1).toString());
    assertThat(vm.getError().getPhase()).isEqualTo("TransferDisks");
    assertThat(second.getWaves().get(0).getStartedAt()).isEqualTo(T0.plusSeconds(1).toString());
  }

  @Test
  void aVmTheItineraryBlockedByPreflightHasTheReasonBlockedByPreflight() {
    VmMigration pending =
        VmMigration.pending(
            "a", "vm-a", "a", List.of(DiskMigration.pending("disk-0", "a-disk-0", "id", 100)), T0);
    VmObservation seen =
        new VmObservation(
            VmObservation.SourcePower.ON,
            List.of("passthrough_device.detected: PCI passthrough device"),
            Map.of(),
            VmObservation.TargetObservation.absent(),
            false);
    VmMigration blocked =
        VmItinerary.next(pending, seen, false, T0, ItinerarySettings.defaults()).state();
    MigrationState state = state(blocked);
    MigrationStatus status =
        MigrationStatusMapper.toStatus(null, state, MigrationRound.phases(state.waves()), T0, 1L);
    VmMigrationStatus vm = status.getWaves().get(0).getVms().get(0);
    assertThat(vm.getPhase()).isEqualTo(VmPhase.ROLLED_BACK.displayName());
    assertThat(vm.getError().getReason()).isEqualTo("BlockedByPreflight");
    assertThat(vm.getError().getMessage()).contains("passthrough_device.detected");
  }

  @Test
  void aVmWaitingForATransferLimitShowsWhatItWaitsForUntilItStarts() {
    MigrationState state =
        state(
            VmMigration.pending(
                "a", "vm-a", "a", List.of(DiskMigration.pending("disk-0", "a-0", "id", 1)), T0),
            VmMigration.pending(
                "b", "vm-b", "b", List.of(DiskMigration.pending("disk-0", "b-0", "id", 1)), T0));
    Map<String, Admission.Placement> placements =
        Map.of(
            "a",
            new Admission.Placement("a", "esx-1", Set.of("ds1"), Set.of("gold")),
            "b",
            new Admission.Placement("b", "esx-1", Set.of("ds1"), Set.of("gold")));
    Map<String, VmObservation> seen = new java.util.HashMap<>();
    for (String name : List.of("a", "b")) {
      seen.put(
          name,
          new VmObservation(
              VmObservation.SourcePower.ON,
              List.of(),
              Map.of(),
              VmObservation.TargetObservation.absent(),
              false));
    }
    MigrationRound.Result round =
        MigrationRound.next(
            state.waves(),
            seen,
            placements,
            new Admission.Limits(1, 0, 0, 0),
            T0,
            ItinerarySettings.defaults());
    MigrationStatus status =
        MigrationStatusMapper.toStatus(
            null,
            new MigrationState("m", "ns", T0, round.waves()),
            round.wavePhases(),
            round.waitingFor(),
            T0,
            1L);
    List<VmMigrationStatus> vms = status.getWaves().get(0).getVms();
    assertThat(vms.get(0).getPhase()).isEqualTo(VmPhase.PRE_FLIGHT.displayName());
    assertThat(vms.get(0).getWaitingFor()).isNull();
    assertThat(vms.get(1).getPhase()).isEqualTo(VmPhase.PENDING.displayName());
    assertThat(vms.get(1).getWaitingFor()).contains("source host esx-1");
    // it is not state: the status read back gives the same itinerary either way
    assertThat(MigrationStatusMapper.fromStatus("m", "ns", status).waves())
        .isEqualTo(round.waves());
  }

  @Test
  void aMigrationWhoseUnfinishedVmsWereCanceledIsCanceledNotFailed() {
    DiskMigration done =
        new DiskMigration("disk-0", "a-disk-0", "id", DiskPhase.DONE, 1, "ff", 100, 100);
    VmMigration canceled =
        new VmMigration(
            "b",
            "vm-b",
            "b",
            VmPhase.ROLLED_BACK,
            T0,
            true,
            List.of(done),
            "canceled after cutover",
            VmMigration.RollbackReason.CANCELED,
            null);
    MigrationState state = state(vm("a", VmPhase.COMPLETED, done, null), canceled);
    MigrationStatus status =
        MigrationStatusMapper.toStatus(null, state, MigrationRound.phases(state.waves()), T0, 1L);
    assertThat(status.getPhase()).isEqualTo("Canceled");
    assertThat(status.getWaves().get(0).getVms().get(1).getError().getReason())
        .isEqualTo("Canceled");
    assertThat(
            MigrationReconciler.needsWork(
                state, new MigrationState.CancelRequests(java.util.Set.of())))
        .isFalse();
    assertThat(
            MigrationReconciler.needsWork(
                state, new MigrationState.CancelRequests(java.util.Set.of("wave:w1"))))
        .as("a cancel of the completed VM a is still to be carried out")
        .isTrue();
  }
}
