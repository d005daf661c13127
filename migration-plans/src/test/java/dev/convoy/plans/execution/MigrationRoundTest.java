package dev.convoy.plans.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.execution.Admission.Limits;
import dev.convoy.plans.execution.Admission.Placement;
import dev.convoy.plans.execution.MigrationRound.Wave;
import dev.convoy.plans.execution.MigrationRound.WavePhase;
import dev.convoy.plans.execution.VmObservation.SourcePower;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MigrationRoundTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static VmMigration vm(String name) {
    return VmMigration.pending(
        name,
        "vm-" + name,
        name,
        List.of(DiskMigration.pending("disk-0", name + "-disk-0", "s", 1)),
        T0);
  }

  static VmMigration in(VmMigration vm, VmPhase phase) {
    return new VmMigration(
        vm.name(), vm.sourceId(), vm.targetName(), phase, T0, true, vm.disks(), null, null, null);
  }

  static Map<String, VmObservation> sourcesOn(List<Wave> waves) {
    Map<String, VmObservation> seen = new HashMap<>();
    for (Wave w : waves) {
      for (VmMigration vm : w.vms()) {
        seen.put(
            vm.name(),
            new VmObservation(
                SourcePower.ON, List.of(), Map.of(), TargetObservation.absent(), false));
      }
    }
    return seen;
  }

  @Test
  void secondWaveWaitsForTheFirstAndConcurrencyIsBounded() {
    List<Wave> waves =
        List.of(
            new Wave("wave-1", List.of(vm("a"), vm("b"), vm("c"))),
            new Wave("wave-2", List.of(vm("d"))));
    Map<String, Placement> placements =
        Map.of(
            "a", new Placement("a", "h1", Set.of("ds1"), Set.of("local")),
            "b", new Placement("b", "h1", Set.of("ds1"), Set.of("local")),
            "c", new Placement("c", "h2", Set.of("ds2"), Set.of("local")),
            "d", new Placement("d", "h3", Set.of("ds3"), Set.of("local")));
    MigrationRound.Result r =
        MigrationRound.next(
            waves,
            sourcesOn(waves),
            placements,
            new Limits(1, 0, 0),
            T0,
            ItinerarySettings.defaults());
    assertThat(r.waves().get(0).vms())
        .extracting(VmMigration::phase)
        .containsExactly(VmPhase.PRE_FLIGHT, VmPhase.PENDING, VmPhase.PRE_FLIGHT);
    assertThat(r.waitingFor())
        .containsExactly(
            Map.entry("b", "waits for source host h1 (1 of 1 transfers in use or reserved)"));
    assertThat(r.waves().get(1).vms().get(0).phase()).isEqualTo(VmPhase.PENDING);
    assertThat(r.wavePhases()).containsExactly(WavePhase.RUNNING, WavePhase.PENDING);
    assertThat(r.finished()).isFalse();

    // wave 1 completes: wave 2 starts
    List<Wave> done =
        List.of(
            new Wave(
                "wave-1",
                List.of(
                    in(vm("a"), VmPhase.COMPLETED),
                    in(vm("b"), VmPhase.COMPLETED),
                    in(vm("c"), VmPhase.COMPLETED))),
            waves.get(1));
    MigrationRound.Result r2 =
        MigrationRound.next(
            done,
            sourcesOn(done),
            placements,
            new Limits(1, 0, 0),
            T0,
            ItinerarySettings.defaults());
    assertThat(r2.waves().get(1).vms().get(0).phase()).isEqualTo(VmPhase.PRE_FLIGHT);
    assertThat(r2.wavePhases()).containsExactly(WavePhase.SUCCEEDED, WavePhase.RUNNING);
  }

  @Test
  void aFailedWaveBlocksTheNextOne() {
    List<Wave> waves =
        List.of(
            new Wave(
                "wave-1",
                List.of(in(vm("a"), VmPhase.COMPLETED), in(vm("b"), VmPhase.ROLLED_BACK))),
            new Wave("wave-2", List.of(vm("c"))));
    MigrationRound.Result r =
        MigrationRound.next(
            waves, sourcesOn(waves), Map.of(), Limits.defaults(), T0, ItinerarySettings.defaults());
    assertThat(r.wavePhases()).containsExactly(WavePhase.FAILED, WavePhase.BLOCKED);
    assertThat(r.waves().get(1).vms().get(0).phase()).isEqualTo(VmPhase.PENDING);
    assertThat(r.actions()).isEmpty();
    assertThat(r.finished()).isTrue();
  }

  @Test
  void aCanceledWaitingVmDoesNotStartItsWaveEarly() {
    List<Wave> waves =
        List.of(
            new Wave("wave-1", List.of(in(vm("a"), VmPhase.TRANSFER_DISKS))),
            new Wave("wave-2", List.of(vm("b"), vm("c"))));
    Map<String, VmObservation> seen = sourcesOn(waves);
    seen.put(
        "b",
        new VmObservation(SourcePower.ON, List.of(), Map.of(), TargetObservation.absent(), true));
    MigrationRound.Result r =
        MigrationRound.next(
            waves, seen, Map.of(), Limits.defaults(), T0, ItinerarySettings.defaults());
    assertThat(r.waves().get(1).vms())
        .extracting(VmMigration::phase)
        .containsExactly(VmPhase.ROLLED_BACK, VmPhase.PENDING);
    assertThat(r.wavePhases()).containsExactly(WavePhase.RUNNING, WavePhase.PENDING);
  }

  static Placement onHost(String vm, String host, String... datastores) {
    List<Admission.DiskPlacement> disks = new java.util.ArrayList<>();
    for (int i = 0; i < datastores.length; i++) {
      disks.add(new Admission.DiskPlacement("disk-" + i, datastores[i], "local"));
    }
    return Placement.ofDisks(vm, host, disks);
  }

  @Test
  void aVmBlockedByPreflightEndsAtOnceWithoutTakingASlot() {
    List<Wave> waves = List.of(new Wave("wave-1", List.of(vm("a"), vm("b"))));
    Map<String, VmObservation> seen = sourcesOn(waves);
    seen.put(
        "a",
        new VmObservation(
            SourcePower.ON,
            List.of("target.quota.insufficient: ResourceQuota ns/q requests.storage: ..."),
            Map.of(),
            TargetObservation.absent(),
            false));
    MigrationRound.Result r =
        MigrationRound.next(
            waves,
            seen,
            Map.of("a", onHost("a", "h1", "ds1"), "b", onHost("b", "h1", "ds1")),
            new Limits(1, 0, 0),
            T0,
            ItinerarySettings.defaults());
    VmMigration a = r.waves().get(0).vms().get(0);
    assertThat(a.phase()).isEqualTo(VmPhase.ROLLED_BACK);
    assertThat(a.sourceWasOn()).isNull(); // nothing was touched
    assertThat(a.error())
        .isEqualTo(
            "blocked by pre-flight: target.quota.insufficient: ResourceQuota ns/q requests.storage: ...");
    // b, on the same host with a limit of 1, starts in the same round
    assertThat(r.waves().get(0).vms().get(1).phase()).isEqualTo(VmPhase.PRE_FLIGHT);
    assertThat(MigrationRound.activeWave(r.waves())).isEqualTo(0);
  }

  @Test
  void copiedDisksReleaseTheirSlotsAndLimitsOfOneSerialize() {
    VmMigration a =
        VmMigration.pending(
            "a",
            "vm-a",
            "a",
            List.of(
                DiskMigration.pending("disk-0", "a-0", "s", 1),
                DiskMigration.pending("disk-1", "a-1", "s", 1)),
            T0);
    VmMigration aTransferring = in(a, VmPhase.TRANSFER_DISKS);
    Map<String, Placement> placements =
        Map.of("a", onHost("a", "h1", "ds1", "ds1"), "b", onHost("b", "h2", "ds1"));
    List<Wave> busy = List.of(new Wave("wave-1", List.of(aTransferring, vm("b"))));
    MigrationRound.Result r =
        MigrationRound.next(
            busy,
            sourcesOn(busy),
            placements,
            new Limits(0, 2, 0),
            T0,
            ItinerarySettings.defaults());
    assertThat(r.waves().get(0).vms().get(1).phase()).isEqualTo(VmPhase.PENDING);

    // disk-0 of a is copied: one slot of ds1 is free again
    VmMigration oneDone = aTransferring.withDisk("disk-0", d -> d.done("abc"));
    List<Wave> half = List.of(new Wave("wave-1", List.of(oneDone, vm("b"))));
    Map<String, VmObservation> seen = sourcesOn(half);
    seen.put(
        "a",
        new VmObservation(
            SourcePower.OFF,
            List.of(),
            Map.of(
                "disk-1",
                new VmObservation.DiskObservation(
                    VmObservation.ImportPod.RUNNING, null, null, 0, 1)),
            TargetObservation.absent(),
            false));
    r =
        MigrationRound.next(
            half, seen, placements, new Limits(0, 2, 0), T0, ItinerarySettings.defaults());
    assertThat(r.waves().get(0).vms().get(1).phase()).isEqualTo(VmPhase.PRE_FLIGHT);

    // a global limit of 1: b waits until a no longer transfers (creating its VM costs no slot)
    r =
        MigrationRound.next(
            half, seen, placements, new Limits(0, 0, 0, 1), T0, ItinerarySettings.defaults());
    assertThat(r.waves().get(0).vms().get(1).phase()).isEqualTo(VmPhase.PENDING);
    List<Wave> created =
        List.of(new Wave("wave-1", List.of(in(a, VmPhase.WAIT_FOR_RUNNING), vm("b"))));
    r =
        MigrationRound.next(
            created,
            sourcesOn(created),
            placements,
            new Limits(0, 0, 0, 1),
            T0,
            ItinerarySettings.defaults());
    assertThat(r.waves().get(0).vms().get(1).phase()).isEqualTo(VmPhase.PRE_FLIGHT);
  }
}
