package dev.convoy.importer.migration.controller;

import dev.convoy.api.convoy.v1alpha1.ConditionTypes;
import dev.convoy.api.convoy.v1alpha1.DiskMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.MigrationError;
import dev.convoy.api.convoy.v1alpha1.MigrationPhase;
import dev.convoy.api.convoy.v1alpha1.MigrationStatus;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.WaveStatus;
import dev.convoy.importer.migration.MigrationState;
import dev.convoy.plans.execution.DiskMigration;
import dev.convoy.plans.execution.DiskPhase;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.VmItinerary;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmPhase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts between a migration's itinerary state and {@code Migration.status}, both ways without
 * loss, so the status is the only place the state lives. Adds what only a status shows: start and
 * end times, transfer rates, error reasons, totals and conditions (kept from the previous status
 * where they were already set). Pure.
 */
public final class MigrationStatusMapper {
  private MigrationStatusMapper() {}

  /** The itinerary state recorded in {@code status}; null when there is none yet. */
  public static MigrationState fromStatus(String name, String namespace, MigrationStatus status) {
    if (status == null || status.getWaves() == null || status.getStartedAt() == null) {
      return null;
    }
    List<MigrationRound.Wave> waves = new ArrayList<>();
    for (WaveStatus w : status.getWaves()) {
      List<VmMigration> vms = new ArrayList<>();
      for (VmMigrationStatus v : nonNull(w.getVms())) {
        List<DiskMigration> disks = new ArrayList<>();
        for (DiskMigrationStatus d : nonNull(v.getDisks())) {
          disks.add(
              new DiskMigration(
                  d.getName(),
                  d.getTargetPvc(),
                  d.getSourceIdentity(),
                  DiskPhase.fromDisplayName(d.getPhase()),
                  d.getAttempts() == null ? 0 : d.getAttempts(),
                  d.getSha256(),
                  d.getBytesCopied() == null ? 0 : d.getBytesCopied(),
                  d.getBytesTotal() == null ? 0 : d.getBytesTotal()));
        }
        vms.add(
            new VmMigration(
                v.getName(),
                v.getSourceId(),
                v.getTargetName(),
                VmPhase.fromDisplayName(v.getPhase()),
                v.getPhaseSince() == null ? null : Instant.parse(v.getPhaseSince()),
                v.getSourceWasOn(),
                disks,
                v.getError() == null ? null : v.getError().getMessage(),
                v.getRollbackReason() == null
                    ? null
                    : VmMigration.RollbackReason.valueOf(v.getRollbackReason()),
                v.getGuestChecksum()));
      }
      waves.add(new MigrationRound.Wave(w.getName(), vms));
    }
    return new MigrationState(name, namespace, Instant.parse(status.getStartedAt()), waves);
  }

  /**
   * The status for {@code state}.
   *
   * @param previous the status before this round (times and error phases are kept from it); null
   *     for a new migration
   * @param phases each wave's phase
   * @param generation the Migration's metadata.generation this status describes
   */
  public static MigrationStatus toStatus(
      MigrationStatus previous,
      MigrationState state,
      List<MigrationRound.WavePhase> phases,
      Instant now,
      Long generation) {
    return toStatus(previous, state, phases, Map.of(), now, generation);
  }

  /**
   * The status for {@code state}, with what each waiting VM waits for.
   *
   * @param waitingFor per VM name, the transfer limit it waits for ({@link
   *     MigrationRound.Result#waitingFor()})
   */
  public static MigrationStatus toStatus(
      MigrationStatus previous,
      MigrationState state,
      List<MigrationRound.WavePhase> phases,
      Map<String, String> waitingFor,
      Instant now,
      Long generation) {
    Map<String, WaveStatus> oldWaves = new HashMap<>();
    Map<String, VmMigrationStatus> oldVms = new HashMap<>();
    Map<String, DiskMigrationStatus> oldDisks = new HashMap<>();
    if (previous != null) {
      for (WaveStatus w : nonNull(previous.getWaves())) {
        oldWaves.put(w.getName(), w);
        for (VmMigrationStatus v : nonNull(w.getVms())) {
          oldVms.put(v.getName(), v);
          for (DiskMigrationStatus d : nonNull(v.getDisks())) {
            oldDisks.put(v.getName() + "/" + d.getName(), d);
          }
        }
      }
    }
    MigrationStatus status = new MigrationStatus();
    status.setObservedGeneration(generation);
    status.setStartedAt(state.startedAt().toString());
    long copied = 0;
    long total = 0;
    List<WaveStatus> waves = new ArrayList<>();
    for (int i = 0; i < state.waves().size(); i++) {
      MigrationRound.Wave wave = state.waves().get(i);
      MigrationRound.WavePhase wavePhase = phases.get(i);
      WaveStatus old = oldWaves.get(wave.name());
      WaveStatus w = new WaveStatus();
      w.setName(wave.name());
      w.setPhase(wavePhase.displayName());
      boolean waveStarted =
          wavePhase != MigrationRound.WavePhase.PENDING
              && wavePhase != MigrationRound.WavePhase.BLOCKED;
      w.setStartedAt(keep(old == null ? null : old.getStartedAt(), waveStarted, now));
      w.setCompletedAt(
          keep(
              old == null ? null : old.getCompletedAt(),
              waveStarted && wavePhase != MigrationRound.WavePhase.RUNNING,
              now));
      long waveCopied = 0;
      long waveTotal = 0;
      List<VmMigrationStatus> vms = new ArrayList<>();
      for (VmMigration vm : wave.vms()) {
        VmMigrationStatus v = vm(oldVms.get(vm.name()), oldDisks, vm, now);
        v.setWaitingFor(waitingFor.get(vm.name()));
        waveCopied += vm.bytesCopied();
        waveTotal += vm.bytesTotal();
        vms.add(v);
      }
      w.setVms(vms);
      w.setBytesCopied(waveCopied);
      w.setBytesTotal(waveTotal);
      copied += waveCopied;
      total += waveTotal;
      waves.add(w);
    }
    status.setWaves(waves);
    status.setBytesCopied(copied);
    status.setBytesTotal(total);
    String phase = phase(state, phases);
    status.setPhase(phase);
    status.setCompletedAt(
        keep(
            previous == null ? null : previous.getCompletedAt(),
            MigrationPhase.isFinal(phase),
            now));
    if (!MigrationPhase.isFinal(phase)) {
      status.setCompletedAt(null);
    }
    if (MigrationPhase.FAILED.equals(phase)) {
      MigrationError error = new MigrationError();
      error.setReason("VmsFailed");
      List<String> failed = new ArrayList<>();
      for (MigrationRound.Wave w : state.waves()) {
        for (VmMigration vm : w.vms()) {
          if (vm.phase() != VmPhase.COMPLETED && vm.error() != null) {
            failed.add(vm.name() + ": " + vm.error());
          }
        }
      }
      error.setMessage(failed.isEmpty() ? "a wave did not complete" : String.join("; ", failed));
      status.setError(error);
    }
    status.setConditions(conditions(previous, phase, status, now, generation));
    return status;
  }

  private static VmMigrationStatus vm(
      VmMigrationStatus old,
      Map<String, DiskMigrationStatus> oldDisks,
      VmMigration vm,
      Instant now) {
    VmMigrationStatus v = new VmMigrationStatus();
    v.setName(vm.name());
    v.setSourceId(vm.sourceId());
    v.setTargetName(vm.targetName());
    v.setPhase(vm.phase().displayName());
    v.setPhaseSince(vm.phaseSince() == null ? null : vm.phaseSince().toString());
    v.setSourceWasOn(vm.sourceWasOn());
    v.setGuestChecksum(vm.guestChecksum());
    v.setRollbackReason(vm.rollbackReason() == null ? null : vm.rollbackReason().name());
    boolean started = vm.phase() != VmPhase.PENDING;
    v.setStartedAt(keep(old == null ? null : old.getStartedAt(), started, now));
    // a cancel after cutover reopens a completed VM
    v.setCompletedAt(
        vm.phase().isFinal() ? keep(old == null ? null : old.getCompletedAt(), true, now) : null);
    v.setBytesCopied(vm.bytesCopied());
    v.setBytesTotal(vm.bytesTotal());
    if (vm.error() != null) {
      MigrationError error = new MigrationError();
      MigrationError oldError = old == null ? null : old.getError();
      boolean same = oldError != null && Objects.equals(oldError.getMessage(), vm.error());
      // the phase it failed in: the one recorded before this round's transition
      error.setPhase(
          same
              ? oldError.getPhase()
              : old != null && !old.getPhase().equals(VmPhase.FAILED.displayName())
                  ? old.getPhase()
                  : vm.phase().displayName());
      error.setReason(reason(vm));
      error.setMessage(vm.error());
      v.setError(error);
    }
    List<DiskMigrationStatus> disks = new ArrayList<>();
    for (DiskMigration disk : vm.disks()) {
      disks.add(disk(oldDisks.get(vm.name() + "/" + disk.name()), disk, now));
    }
    v.setDisks(disks);
    return v;
  }

  private static DiskMigrationStatus disk(
      DiskMigrationStatus old, DiskMigration disk, Instant now) {
    DiskMigrationStatus d = new DiskMigrationStatus();
    d.setName(disk.name());
    d.setTargetPvc(disk.targetPvc());
    d.setSourceIdentity(disk.sourceIdentity());
    d.setPhase(disk.phase().displayName());
    d.setAttempts(disk.attempts());
    d.setSha256(disk.sha256());
    d.setBytesCopied(disk.bytesCopied());
    d.setBytesTotal(disk.bytesTotal());
    boolean started = disk.attempts() > 0 || disk.phase() == DiskPhase.DONE;
    d.setStartedAt(keep(old == null ? null : old.getStartedAt(), started, now));
    d.setCompletedAt(
        keep(
            old == null ? null : old.getCompletedAt(),
            disk.phase() == DiskPhase.DONE || disk.phase() == DiskPhase.FAILED,
            now));
    if (d.getStartedAt() != null) {
      Instant end = d.getCompletedAt() == null ? now : Instant.parse(d.getCompletedAt());
      long millis = Duration.between(Instant.parse(d.getStartedAt()), end).toMillis();
      d.setBytesPerSecond(millis <= 0 ? null : disk.bytesCopied() * 1000 / millis);
    }
    return d;
  }

  /** A CamelCase reason for a VM's error. */
  static String reason(VmMigration vm) {
    if (vm.rollbackReason() == VmMigration.RollbackReason.CANCELED) {
      return "Canceled";
    }
    String e = vm.error();
    if (e.startsWith("cancel refused")) {
      return "CancelRefused";
    } else if (e.startsWith(VmItinerary.BLOCKED_BY_PREFLIGHT)) {
      return "BlockedByPreflight";
    } else if (e.contains("not found in vCenter")
        || e.contains("disappeared from vCenter")
        || e.contains("no longer exists")) {
      return "SourceMissing";
    } else if (e.contains("already exists")) {
      return "TargetExists";
    } else if (e.contains("did not power off")) {
      return "PowerOffTimeout";
    } else if (e.contains("powered on during the disk transfer")) {
      return "SourcePoweredOn";
    } else if (e.contains("import failed")) {
      return "ImportFailed";
    } else if (e.contains("could not be created")) {
      return "CreateFailed";
    } else if (e.contains("did not reach Running")) {
      return "StartTimeout";
    } else if (e.contains("did not signal readiness")) {
      return "ReadyTimeout";
    } else if (e.contains("checksum")) {
      return "ChecksumMismatch";
    } else if (e.contains("VirtualMachineInstance")) {
      return "InstanceEnded";
    }
    return "Failed";
  }

  /** The Migration's phase. */
  static String phase(MigrationState state, List<MigrationRound.WavePhase> phases) {
    boolean allPending = phases.stream().allMatch(p -> p == MigrationRound.WavePhase.PENDING);
    boolean finished =
        phases.stream()
            .allMatch(
                p ->
                    p == MigrationRound.WavePhase.SUCCEEDED
                        || p == MigrationRound.WavePhase.FAILED
                        || p == MigrationRound.WavePhase.BLOCKED);
    if (!finished) {
      return allPending ? MigrationPhase.PENDING : MigrationPhase.RUNNING;
    }
    List<VmMigration> vms = state.waves().stream().flatMap(w -> w.vms().stream()).toList();
    if (vms.stream().allMatch(v -> v.phase() == VmPhase.COMPLETED)) {
      return MigrationPhase.SUCCEEDED;
    }
    boolean onlyCanceled =
        vms.stream()
            .allMatch(
                v ->
                    v.phase() == VmPhase.COMPLETED
                        || v.rollbackReason() == VmMigration.RollbackReason.CANCELED
                        || (v.phase() == VmPhase.PENDING));
    return onlyCanceled ? MigrationPhase.CANCELED : MigrationPhase.FAILED;
  }

  private static List<Condition> conditions(
      MigrationStatus previous,
      String phase,
      MigrationStatus status,
      Instant now,
      Long generation) {
    Map<String, Condition> old = new HashMap<>();
    if (previous != null) {
      for (Condition c : nonNull(previous.getConditions())) {
        old.put(c.getType(), c);
      }
    }
    String message =
        status.getError() != null
            ? status.getError().getMessage()
            : phase + ": " + status.getBytesCopied() + " of " + status.getBytesTotal() + " bytes";
    List<Condition> out = new ArrayList<>();
    out.add(
        condition(
            old.get(ConditionTypes.RUNNING),
            ConditionTypes.RUNNING,
            phase.equals(MigrationPhase.RUNNING),
            phase,
            message,
            now,
            generation));
    out.add(
        condition(
            old.get(ConditionTypes.SUCCEEDED),
            ConditionTypes.SUCCEEDED,
            phase.equals(MigrationPhase.SUCCEEDED),
            phase,
            message,
            now,
            generation));
    out.add(
        condition(
            old.get(ConditionTypes.FAILED),
            ConditionTypes.FAILED,
            phase.equals(MigrationPhase.FAILED),
            phase.equals(MigrationPhase.FAILED) ? "VmsFailed" : phase,
            message,
            now,
            generation));
    return out;
  }

  private static Condition condition(
      Condition old,
      String type,
      boolean on,
      String reason,
      String message,
      Instant now,
      Long generation) {
    String value = on ? "True" : "False";
    String since =
        old != null && value.equals(old.getStatus()) && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : now.toString();
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(since)
        .withObservedGeneration(generation)
        .build();
  }

  /** {@code old} when set, {@code now} when {@code set} and there is no old value, else null. */
  private static String keep(String old, boolean set, Instant now) {
    if (old != null) {
      return old;
    }
    return set ? now.toString() : null;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
