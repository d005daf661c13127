package dev.convoy.plans.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.execution.MigrationAction.CreateVirtualMachine;
import dev.convoy.plans.execution.MigrationAction.DeleteImportPod;
import dev.convoy.plans.execution.MigrationAction.DeleteTarget;
import dev.convoy.plans.execution.MigrationAction.PowerOnSource;
import dev.convoy.plans.execution.MigrationAction.Record;
import dev.convoy.plans.execution.MigrationAction.ShutdownSource;
import dev.convoy.plans.execution.MigrationAction.StartImport;
import dev.convoy.plans.execution.VmMigration.RollbackReason;
import dev.convoy.plans.execution.VmObservation.DiskObservation;
import dev.convoy.plans.execution.VmObservation.ImportPod;
import dev.convoy.plans.execution.VmObservation.InstancePhase;
import dev.convoy.plans.execution.VmObservation.ReadyMarker;
import dev.convoy.plans.execution.VmObservation.SourcePower;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VmItineraryTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final ItinerarySettings SETTINGS =
      ItinerarySettings.defaults().withReadiness(Duration.ofMinutes(5));
  static final String SHA = "a".repeat(64);
  static final String SRC0 = "https://vc/folder/web01/web01.vmdk?dcPath=DC0&dsName=ds1#1024";
  static final String SRC1 = "https://vc/folder/web01/web01_1.vmdk?dcPath=DC0&dsName=ds1#2048";

  static VmMigration fresh() {
    return VmMigration.pending(
        "web01",
        "vm-42",
        "web01",
        List.of(
            DiskMigration.pending("disk-0", "web01-disk-0", SRC0, 1024),
            DiskMigration.pending("disk-1", "web01-disk-1", SRC1, 2048)),
        T0);
  }

  static VmMigration at(VmPhase phase) {
    return at(phase, Boolean.TRUE);
  }

  static VmMigration at(VmPhase phase, Boolean sourceWasOn) {
    VmMigration vm = fresh();
    List<DiskMigration> disks = vm.disks();
    if (phase.ordinal() > VmPhase.TRANSFER_DISKS.ordinal()) {
      disks = disks.stream().map(d -> d.done(SHA)).toList();
    }
    return new VmMigration(
        vm.name(),
        vm.sourceId(),
        vm.targetName(),
        phase,
        T0,
        phase == VmPhase.PENDING || phase == VmPhase.PRE_FLIGHT ? null : sourceWasOn,
        disks,
        phase == VmPhase.FAILED || phase == VmPhase.ROLLBACK ? "boom" : null,
        phase == VmPhase.FAILED || phase == VmPhase.ROLLBACK ? RollbackReason.FAILURE : null,
        null);
  }

  /** A fluent observation. */
  static final class Seen {
    SourcePower source = SourcePower.ON;
    List<String> findings = List.of();
    Map<String, DiskObservation> disks = new HashMap<>();
    TargetObservation target = TargetObservation.absent();
    boolean cancel;

    Seen source(SourcePower p) {
      source = p;
      return this;
    }

    Seen finding(String f) {
      findings = List.of(f);
      return this;
    }

    Seen disk(String name, ImportPod pod, ReadyMarker marker) {
      disks.put(
          name, new DiskObservation(pod, pod == ImportPod.FAILED ? "exit 4" : null, marker, 0, 0));
      return this;
    }

    Seen target(boolean vm, InstancePhase instance, String checksum, int leftovers) {
      target = new TargetObservation(vm, instance, null, checksum, leftovers);
      return this;
    }

    Seen target(TargetObservation t) {
      target = t;
      return this;
    }

    Seen cancel() {
      cancel = true;
      return this;
    }

    VmObservation build() {
      return new VmObservation(source, findings, disks, target, cancel);
    }
  }

  static Seen seen() {
    return new Seen();
  }

  static VmItinerary.Step step(VmMigration vm, Seen seen) {
    return VmItinerary.next(vm, seen.build(), true, T0.plusSeconds(1), SETTINGS);
  }

  static List<Class<?>> kinds(VmItinerary.Step step) {
    return step.actions().stream()
        .filter(a -> !(a instanceof Record))
        .<Class<?>>map(Object::getClass)
        .toList();
  }

  static ReadyMarker marker(String source) {
    return new ReadyMarker(source, SHA, true);
  }

  // --- single steps, as a table: state, observation -> phase, actions (events left out) ---

  static Stream<Arguments> table() {
    return Stream.of(
        row("waiting for a slot", at(VmPhase.PENDING), seen(), false, VmPhase.PENDING, List.of()),
        row("admitted", at(VmPhase.PENDING), seen(), true, VmPhase.PRE_FLIGHT, List.of()),
        row(
            "blocked by the wave's pre-flight while waiting: ends without a slot",
            at(VmPhase.PENDING),
            seen().finding("target.quota.insufficient: ResourceQuota apps/q requests.storage"),
            false,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "pre-flight records power, shuts down next",
            at(VmPhase.PRE_FLIGHT),
            seen(),
            true,
            VmPhase.POWER_OFF_SOURCE,
            List.of()),
        row(
            "critical finding blocks without touching anything",
            at(VmPhase.PRE_FLIGHT),
            seen().finding("passthrough_device.detected"),
            true,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "an existing target VM blocks and is not deleted",
            at(VmPhase.PRE_FLIGHT),
            seen().target(true, InstancePhase.RUNNING, null, 0),
            true,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "source missing in pre-flight",
            at(VmPhase.PRE_FLIGHT),
            seen().source(SourcePower.MISSING),
            true,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "vCenter silent in pre-flight: wait",
            at(VmPhase.PRE_FLIGHT),
            seen().source(SourcePower.UNKNOWN),
            true,
            VmPhase.PRE_FLIGHT,
            List.of()),
        row(
            "power off a running source",
            at(VmPhase.POWER_OFF_SOURCE),
            seen(),
            true,
            VmPhase.WAIT_FOR_POWER_OFF,
            List.of(ShutdownSource.class)),
        row(
            "source already off skips the shutdown",
            at(VmPhase.POWER_OFF_SOURCE),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.TRANSFER_DISKS,
            List.of()),
        row(
            "still on: shutdown repeated (deduplicated by the executor)",
            at(VmPhase.WAIT_FOR_POWER_OFF),
            seen(),
            true,
            VmPhase.WAIT_FOR_POWER_OFF,
            List.of(ShutdownSource.class)),
        row(
            "powered off: transfer",
            at(VmPhase.WAIT_FOR_POWER_OFF),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.TRANSFER_DISKS,
            List.of()),
        row(
            "one import pod per disk",
            at(VmPhase.TRANSFER_DISKS),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.TRANSFER_DISKS,
            List.of(StartImport.class, StartImport.class)),
        row(
            "source powered on behind our back during transfer fails",
            at(VmPhase.TRANSFER_DISKS),
            seen().source(SourcePower.ON),
            true,
            VmPhase.FAILED,
            List.of()),
        row(
            "both disks converted: create the VM next",
            at(VmPhase.TRANSFER_DISKS),
            seen()
                .source(SourcePower.OFF)
                .disk("disk-0", ImportPod.SUCCEEDED, marker(SRC0))
                .disk("disk-1", ImportPod.NONE, marker(SRC1)),
            true,
            VmPhase.CREATE_VIRTUAL_MACHINE,
            List.of(DeleteImportPod.class)),
        row(
            "create the VM",
            at(VmPhase.CREATE_VIRTUAL_MACHINE),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.WAIT_FOR_RUNNING,
            List.of(CreateVirtualMachine.class)),
        row(
            "VM lost after a restart is created again",
            at(VmPhase.WAIT_FOR_RUNNING),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.WAIT_FOR_RUNNING,
            List.of(CreateVirtualMachine.class)),
        row(
            "instance running: wait for the guest",
            at(VmPhase.WAIT_FOR_RUNNING),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, null, 2),
            true,
            VmPhase.WAIT_FOR_READY,
            List.of()),
        row(
            "instance failed",
            at(VmPhase.WAIT_FOR_RUNNING),
            seen().source(SourcePower.OFF).target(true, InstancePhase.FAILED, null, 2),
            true,
            VmPhase.FAILED,
            List.of()),
        row(
            "guest reports the source checksum",
            at(VmPhase.WAIT_FOR_READY),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, SHA, 2),
            true,
            VmPhase.COMPLETED,
            List.of()),
        row(
            "guest reports the checksum of the region it hashes",
            at(VmPhase.WAIT_FOR_READY),
            seen()
                .source(SourcePower.OFF)
                .target(
                    new TargetObservation(
                        true, InstancePhase.RUNNING, null, "c".repeat(64), 2, "c".repeat(64))),
            true,
            VmPhase.COMPLETED,
            List.of()),
        row(
            "guest reports a region checksum that differs from the converted disk's",
            at(VmPhase.WAIT_FOR_READY),
            seen()
                .source(SourcePower.OFF)
                .target(
                    new TargetObservation(
                        true, InstancePhase.RUNNING, null, SHA, 2, "c".repeat(64))),
            true,
            VmPhase.FAILED,
            List.of()),
        row(
            "guest reports another checksum",
            at(VmPhase.WAIT_FOR_READY),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, "b".repeat(64), 2),
            true,
            VmPhase.FAILED,
            List.of()),
        row(
            "failure starts the rollback by removing the target",
            at(VmPhase.FAILED),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, null, 2),
            true,
            VmPhase.ROLLBACK,
            List.of(DeleteTarget.class)),
        row(
            "target still there: delete again, never power on",
            at(VmPhase.ROLLBACK),
            seen().source(SourcePower.OFF).target(false, InstancePhase.RUNNING, null, 0),
            true,
            VmPhase.ROLLBACK,
            List.of(DeleteTarget.class)),
        row(
            "target gone, source was on: power it on",
            at(VmPhase.ROLLBACK),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.ROLLBACK,
            List.of(PowerOnSource.class)),
        row(
            "vCenter down during rollback: wait for it",
            at(VmPhase.ROLLBACK),
            seen().source(SourcePower.UNKNOWN),
            true,
            VmPhase.ROLLBACK,
            List.of()),
        row(
            "source back on: rolled back",
            at(VmPhase.ROLLBACK),
            seen().source(SourcePower.ON),
            true,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "source was off before: stays off",
            at(VmPhase.ROLLBACK, false),
            seen().source(SourcePower.OFF),
            true,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "cancel while waiting: nothing to undo",
            at(VmPhase.PENDING),
            seen().cancel(),
            false,
            VmPhase.ROLLED_BACK,
            List.of()),
        row(
            "cancel during transfer",
            at(VmPhase.TRANSFER_DISKS),
            seen().source(SourcePower.OFF).cancel(),
            true,
            VmPhase.ROLLBACK,
            List.of(DeleteTarget.class)),
        row(
            "cancel after cutover rolls back",
            at(VmPhase.COMPLETED),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, SHA, 2).cancel(),
            true,
            VmPhase.ROLLBACK,
            List.of(DeleteTarget.class)),
        row(
            "cancel after cutover without a source is refused",
            at(VmPhase.COMPLETED),
            seen().source(SourcePower.MISSING).target(true, InstancePhase.RUNNING, SHA, 2).cancel(),
            true,
            VmPhase.COMPLETED,
            List.of()),
        row(
            "completed stays completed",
            at(VmPhase.COMPLETED),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, SHA, 2),
            true,
            VmPhase.COMPLETED,
            List.of()));
  }

  static Arguments row(
      String name,
      VmMigration vm,
      Seen seen,
      boolean admitted,
      VmPhase expected,
      List<Class<?>> actions) {
    return Arguments.of(name, vm, seen, admitted, expected, actions);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void step(
      String name,
      VmMigration vm,
      Seen seen,
      boolean admitted,
      VmPhase expected,
      List<Class<?>> actions) {
    VmItinerary.Step step =
        VmItinerary.next(vm, seen.build(), admitted, T0.plusSeconds(1), SETTINGS);
    assertThat(step.state().phase()).as(name).isEqualTo(expected);
    assertThat(kinds(step)).as(name).isEqualTo(actions);
    if (expected != vm.phase()) {
      assertThat(step.actions())
          .as("a transition is recorded as an event")
          .hasAtLeastOneElementOfType(Record.class);
    }
  }

  // --- walks ---

  @Test
  void happyPathRecordsPowerStateChecksumsAndCompletes() {
    VmMigration vm = at(VmPhase.PENDING);
    vm = step(vm, seen()).state(); // PRE_FLIGHT
    vm = step(vm, seen()).state(); // POWER_OFF_SOURCE, source was on
    assertThat(vm.sourceWasOn()).isTrue();
    vm = step(vm, seen()).state(); // WAIT_FOR_POWER_OFF
    vm = step(vm, seen().source(SourcePower.OFF)).state(); // TRANSFER_DISKS
    VmItinerary.Step start = step(vm, seen().source(SourcePower.OFF));
    assertThat(start.actions())
        .filteredOn(StartImport.class::isInstance)
        .extracting(a -> ((StartImport) a).targetPvc())
        .containsExactly("web01-disk-0", "web01-disk-1");
    vm = start.state();
    vm =
        step(
                vm,
                seen()
                    .source(SourcePower.OFF)
                    .disk("disk-0", ImportPod.SUCCEEDED, marker(SRC0))
                    .disk("disk-1", ImportPod.RUNNING, null))
            .state();
    assertThat(vm.disk("disk-0").phase()).isEqualTo(DiskPhase.DONE);
    assertThat(vm.disk("disk-0").sha256()).isEqualTo(SHA);
    assertThat(vm.disk("disk-1").phase()).isEqualTo(DiskPhase.TRANSFERRING);
    vm =
        step(
                vm,
                seen()
                    .source(SourcePower.OFF)
                    .disk("disk-0", ImportPod.NONE, marker(SRC0))
                    .disk("disk-1", ImportPod.SUCCEEDED, marker(SRC1)))
            .state();
    assertThat(vm.phase()).isEqualTo(VmPhase.CREATE_VIRTUAL_MACHINE);
    vm = step(vm, seen().source(SourcePower.OFF)).state();
    vm =
        step(vm, seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, null, 2))
            .state();
    vm =
        step(vm, seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, SHA, 2))
            .state();
    assertThat(vm.phase()).isEqualTo(VmPhase.COMPLETED);
    assertThat(vm.guestChecksum()).isEqualTo(SHA);
    assertThat(vm.bytesCopied()).isEqualTo(vm.bytesTotal()).isEqualTo(3072);
  }

  @Test
  void failedImportIsRetriedThenFailsTheVmAndRollsBack() {
    VmMigration vm = at(VmPhase.TRANSFER_DISKS);
    Seen running =
        seen()
            .source(SourcePower.OFF)
            .disk("disk-0", ImportPod.RUNNING, null)
            .disk("disk-1", ImportPod.RUNNING, null);
    vm = step(vm, seen().source(SourcePower.OFF)).state(); // both started, attempt 1
    for (int attempt = 1; attempt < SETTINGS.maxImportAttempts(); attempt++) {
      VmItinerary.Step failed =
          step(
              vm,
              seen()
                  .source(SourcePower.OFF)
                  .disk("disk-0", ImportPod.FAILED, null)
                  .disk("disk-1", ImportPod.RUNNING, null));
      assertThat(kinds(failed)).containsExactly(DeleteImportPod.class);
      assertThat(failed.actions())
          .filteredOn(Record.class::isInstance)
          .extracting(a -> ((Record) a).reason())
          .containsExactly("ImportRetry");
      vm = failed.state();
      // the failed pod is still being deleted: no second count, no new pod yet
      VmItinerary.Step deleting =
          step(
              vm,
              seen()
                  .source(SourcePower.OFF)
                  .disk("disk-0", ImportPod.FAILED, null)
                  .disk("disk-1", ImportPod.RUNNING, null));
      assertThat(kinds(deleting)).containsExactly(DeleteImportPod.class);
      assertThat(deleting.state()).isEqualTo(vm);
      VmItinerary.Step retry = step(vm, running.disk("disk-0", ImportPod.NONE, null));
      assertThat(kinds(retry)).containsExactly(StartImport.class);
      assertThat(((StartImport) retry.actions().get(0)).attempt()).isEqualTo(attempt + 1);
      vm = retry.state();
    }
    VmItinerary.Step last =
        step(
            vm,
            seen()
                .source(SourcePower.OFF)
                .disk("disk-0", ImportPod.FAILED, null)
                .disk("disk-1", ImportPod.RUNNING, null));
    vm = last.state();
    assertThat(vm.phase()).isEqualTo(VmPhase.FAILED);
    assertThat(vm.error()).contains("disk-0").contains("failed 3 times").contains("exit 4");

    Seen targetLeft = seen().source(SourcePower.OFF).target(false, InstancePhase.NONE, null, 2);
    vm = step(vm, targetLeft).state();
    assertThat(vm.phase()).isEqualTo(VmPhase.ROLLBACK);
    assertThat(kinds(step(vm, targetLeft))).containsExactly(DeleteTarget.class);
    VmItinerary.Step powerOn = step(vm, seen().source(SourcePower.OFF));
    assertThat(powerOn.actions())
        .filteredOn(PowerOnSource.class::isInstance)
        .containsExactly(new PowerOnSource("web01", "vm-42"));
    vm = step(vm, seen().source(SourcePower.ON)).state();
    assertThat(vm.phase()).isEqualTo(VmPhase.ROLLED_BACK);
    assertThat(vm.rollbackReason()).isEqualTo(RollbackReason.FAILURE);
    assertThat(vm.error()).contains("disk-0");
  }

  @Test
  void reRunAdoptsOnlyVerifiablyDoneDisks() {
    VmMigration vm = at(VmPhase.TRANSFER_DISKS);
    // disk-0: verified marker from this source -> adopted; disk-1: marker from another source
    VmItinerary.Step step =
        step(
            vm,
            seen()
                .source(SourcePower.OFF)
                .disk("disk-0", ImportPod.NONE, marker(SRC0))
                .disk("disk-1", ImportPod.NONE, marker(SRC0)));
    assertThat(step.state().disk("disk-0").phase()).isEqualTo(DiskPhase.DONE);
    assertThat(step.state().disk("disk-0").attempts()).isZero();
    assertThat(step.actions())
        .filteredOn(StartImport.class::isInstance)
        .extracting(a -> ((StartImport) a).disk())
        .containsExactly("disk-1");
    assertThat(step.actions())
        .filteredOn(Record.class::isInstance)
        .extracting(a -> ((Record) a).reason())
        .contains("DiskAdopted");

    // an unverified marker, or one whose checksum differs from the recorded one, is not done
    DiskMigration d = vm.disk("disk-0");
    assertThat(VmItinerary.verifiablyDone(d, obs(new ReadyMarker(SRC0, SHA, false)))).isFalse();
    assertThat(VmItinerary.verifiablyDone(d, obs(new ReadyMarker(SRC0, null, true)))).isFalse();
    assertThat(VmItinerary.verifiablyDone(d.done("c".repeat(64)), obs(marker(SRC0)))).isFalse();
    assertThat(VmItinerary.verifiablyDone(d, obs(marker(SRC0)))).isTrue();
  }

  static DiskObservation obs(ReadyMarker marker) {
    return new DiskObservation(ImportPod.NONE, null, marker, 0, 0);
  }

  @Test
  void lostImportPodIsStartedAgainWithoutCountingAnAttempt() {
    VmMigration vm = step(at(VmPhase.TRANSFER_DISKS), seen().source(SourcePower.OFF)).state();
    VmItinerary.Step again = step(vm, seen().source(SourcePower.OFF));
    assertThat(kinds(again)).containsExactly(StartImport.class, StartImport.class);
    assertThat(again.state().disk("disk-0").attempts()).isEqualTo(1);
  }

  @Test
  void timeoutsFailWithTheLimitInTheMessage() {
    Instant late = T0.plus(Duration.ofHours(1));
    VmItinerary.Step powerOff =
        VmItinerary.next(at(VmPhase.WAIT_FOR_POWER_OFF), seen().build(), true, late, SETTINGS);
    assertThat(powerOff.state().phase()).isEqualTo(VmPhase.FAILED);
    assertThat(powerOff.state().error()).contains("did not power off within 900 s");
    VmItinerary.Step ready =
        VmItinerary.next(
            at(VmPhase.WAIT_FOR_READY),
            seen().source(SourcePower.OFF).target(true, InstancePhase.RUNNING, null, 2).build(),
            true,
            late,
            SETTINGS);
    assertThat(ready.state().error()).contains("readiness within 300 s");
  }

  /**
   * Restart safety, exhaustively: from any phase and any observation in which some of the target
   * still exists, no step powers the source on.
   */
  @Test
  void neverPowersOnASourceWhileItsTargetExists() {
    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (VmPhase phase : VmPhase.values()) {
      for (Boolean wasOn : new Boolean[] {null, false, true}) {
        for (SourcePower power : SourcePower.values()) {
          for (InstancePhase instance : InstancePhase.values()) {
            for (boolean vmExists : new boolean[] {false, true}) {
              for (int leftovers : new int[] {0, 1}) {
                for (boolean cancel : new boolean[] {false, true}) {
                  TargetObservation target =
                      new TargetObservation(vmExists, instance, null, null, leftovers);
                  if (!target.anyPresent()) {
                    continue;
                  }
                  VmObservation seen =
                      new VmObservation(power, List.of(), Map.of(), target, cancel);
                  VmItinerary.Step step =
                      VmItinerary.next(at(phase, wasOn), seen, true, T0.plusSeconds(1), SETTINGS);
                  checked++;
                  if (step.actions().stream().anyMatch(PowerOnSource.class::isInstance)) {
                    violations.add(phase + "/" + wasOn + "/" + power + "/" + target);
                  }
                }
              }
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
    assertThat(violations).isEmpty();
  }

  @Test
  void sourceThatWasOffIsNeverPoweredOn() {
    for (VmPhase phase : VmPhase.values()) {
      for (SourcePower power : SourcePower.values()) {
        VmItinerary.Step step =
            VmItinerary.next(
                at(phase, false),
                new VmObservation(power, List.of(), Map.of(), TargetObservation.absent(), true),
                true,
                T0.plusSeconds(1),
                SETTINGS);
        assertThat(step.actions()).noneMatch(PowerOnSource.class::isInstance);
      }
    }
  }

  // --- a source without power state (an OVA) ---

  static final String OVA0 = "ova:/data/web01.ova!web01-disk1.vmdk sha256:" + "b".repeat(64);

  static VmMigration freshImage() {
    return VmMigration.pending(
        "web01",
        "ova-web01",
        "web01",
        List.of(DiskMigration.pending("disk-0", "web01-disk-0", OVA0, 1024)),
        T0);
  }

  @Test
  void imageSourceGoesFromPreFlightToTransferWithoutPowerActionsAndCompletes() {
    Seen image = seen().source(SourcePower.IMAGE);
    VmMigration vm = step(freshImage(), image).state();
    assertThat(vm.phase()).isEqualTo(VmPhase.PRE_FLIGHT);
    VmItinerary.Step preFlight = step(vm, image);
    assertThat(preFlight.state().phase()).isEqualTo(VmPhase.TRANSFER_DISKS);
    assertThat(preFlight.state().sourceWasOn()).as("an image has no power state").isNull();
    assertThat(kinds(preFlight)).isEmpty();
    vm = preFlight.state();
    VmItinerary.Step start = step(vm, image);
    assertThat(kinds(start)).containsExactly(StartImport.class);
    vm = start.state();
    vm =
        step(vm, seen().source(SourcePower.IMAGE).disk("disk-0", ImportPod.SUCCEEDED, marker(OVA0)))
            .state();
    assertThat(vm.phase()).isEqualTo(VmPhase.CREATE_VIRTUAL_MACHINE);
    vm = step(vm, image).state();
    vm =
        step(vm, seen().source(SourcePower.IMAGE).target(true, InstancePhase.RUNNING, null, 1))
            .state();
    vm =
        step(vm, seen().source(SourcePower.IMAGE).target(true, InstancePhase.RUNNING, SHA, 1))
            .state();
    assertThat(vm.phase()).isEqualTo(VmPhase.COMPLETED);
    assertThat(vm.disk("disk-0").sha256()).isEqualTo(SHA);

    // cancel after cutover: the target goes, and that is the whole rollback
    VmItinerary.Step cancel =
        step(
            vm,
            seen().source(SourcePower.IMAGE).target(true, InstancePhase.RUNNING, SHA, 1).cancel());
    assertThat(kinds(cancel)).containsExactly(DeleteTarget.class);
    vm = cancel.state();
    assertThat(vm.phase()).isEqualTo(VmPhase.ROLLBACK);
    VmItinerary.Step gone = step(vm, seen().source(SourcePower.IMAGE).cancel());
    assertThat(kinds(gone)).isEmpty();
    assertThat(gone.state().phase()).isEqualTo(VmPhase.ROLLED_BACK);
    assertThat(gone.state().rollbackReason()).isEqualTo(RollbackReason.CANCELED);
  }

  @Test
  void failedImageImportRollsBackByRemovingTheTargetOnly() {
    Seen image = seen().source(SourcePower.IMAGE);
    VmMigration vm = step(step(freshImage(), image).state(), image).state();
    vm = step(vm, image).state(); // attempt 1 started
    for (int attempt = 1; attempt <= SETTINGS.maxImportAttempts(); attempt++) {
      vm =
          step(vm, seen().source(SourcePower.IMAGE).disk("disk-0", ImportPod.FAILED, null)).state();
      if (vm.phase() == VmPhase.FAILED) {
        break;
      }
      vm = step(vm, image).state(); // the retry's pod
    }
    assertThat(vm.phase()).isEqualTo(VmPhase.FAILED);
    assertThat(vm.error()).contains("disk-0").contains("exit 4");
    VmItinerary.Step fail =
        step(vm, seen().source(SourcePower.IMAGE).target(false, InstancePhase.NONE, null, 1));
    assertThat(kinds(fail)).containsExactly(DeleteTarget.class);
    vm = fail.state();
    VmItinerary.Step left =
        step(vm, seen().source(SourcePower.IMAGE).target(false, InstancePhase.NONE, null, 1));
    assertThat(kinds(left)).containsExactly(DeleteTarget.class);
    assertThat(left.state().phase()).isEqualTo(VmPhase.ROLLBACK);
    VmItinerary.Step done = step(vm, image);
    assertThat(kinds(done)).isEmpty();
    assertThat(done.state().phase()).isEqualTo(VmPhase.ROLLED_BACK);
    assertThat(done.state().error()).contains("disk-0");
  }

  /**
   * Exhaustively: whatever the recorded phase and power state, the target and a cancel, a step that
   * observes a source without power state never shuts it down nor powers it on.
   */
  @Test
  void imageSourceIsNeverShutDownNorPoweredOn() {
    List<String> violations = new ArrayList<>();
    int checked = 0;
    for (VmPhase phase : VmPhase.values()) {
      for (Boolean wasOn : new Boolean[] {null, false, true}) {
        for (InstancePhase instance : InstancePhase.values()) {
          for (boolean vmExists : new boolean[] {false, true}) {
            for (int leftovers : new int[] {0, 1}) {
              for (boolean cancel : new boolean[] {false, true}) {
                TargetObservation target =
                    new TargetObservation(vmExists, instance, null, null, leftovers);
                VmObservation seen =
                    new VmObservation(SourcePower.IMAGE, List.of(), Map.of(), target, cancel);
                VmItinerary.Step step =
                    VmItinerary.next(at(phase, wasOn), seen, true, T0.plusSeconds(1), SETTINGS);
                checked++;
                if (step.actions().stream()
                    .anyMatch(a -> a instanceof PowerOnSource || a instanceof ShutdownSource)) {
                  violations.add(phase + "/" + wasOn + "/" + target + "/cancel=" + cancel);
                }
              }
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(500);
    assertThat(violations).isEmpty();
  }
}
