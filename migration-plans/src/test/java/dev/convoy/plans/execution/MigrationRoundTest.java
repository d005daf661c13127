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
  void admissionRespectsEachLimitAndSkipsOnlyWhatDoesNotFit() {
    List<Placement> waiting =
        List.of(
            new Placement("a", "h1", Set.of("ds1"), Set.of("local")),
            new Placement("b", "h1", Set.of("ds2"), Set.of("local")),
            new Placement("c", "h2", Set.of("ds1"), Set.of("local")),
            new Placement("d", "h2", Set.of("ds3"), Set.of("fast")),
            new Placement("e", "h3", Set.of("ds4"), Set.of("local")));
    // one VM per host, per datastore; two per storage class
    assertThat(Admission.admit(waiting, List.of(), new Limits(1, 1, 2)))
        .containsExactly("a", "d", "e");
    // a holder on h1 blocks both h1 VMs
    assertThat(
            Admission.admit(
                waiting,
                List.of(new Placement("x", "h1", Set.of("ds9"), Set.of("other"))),
                new Limits(1, 0, 0)))
        .containsExactly("c", "e");
    assertThat(Admission.admit(waiting, List.of(), new Limits(0, 0, 0))).hasSize(5);
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
}
