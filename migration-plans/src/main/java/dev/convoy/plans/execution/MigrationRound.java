package dev.convoy.plans.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One round over a whole migration: waves run in order, a wave starts only when every VM of the
 * waves before it completed (waves encode dependencies, so a failure stops the later ones), VMs of
 * the running wave are admitted within the {@link Admission} limits, and every VM that has started
 * (or is canceled) takes one {@link VmItinerary} step. Pure.
 */
public final class MigrationRound {
  private MigrationRound() {}

  /** A wave and its VMs, in plan order. */
  public record Wave(String name, List<VmMigration> vms) {
    public Wave {
      vms = List.copyOf(vms);
    }
  }

  /** Where a wave stands. */
  public enum WavePhase {
    PENDING("Pending"),
    RUNNING("Running"),
    SUCCEEDED("Succeeded"),
    /** Finished with VMs rolled back. */
    FAILED("Failed"),
    /** Not started because an earlier wave did not complete. */
    BLOCKED("Blocked");

    private final String displayName;

    WavePhase(String displayName) {
      this.displayName = displayName;
    }

    public String displayName() {
      return displayName;
    }
  }

  /**
   * The result of a round.
   *
   * @param waitingFor for each VM of the running wave that may not start yet, the limit it waits
   *     for (e.g. {@code waits for source host esx-1 (2 of 2 transfers in use or reserved)})
   */
  public record Result(
      List<Wave> waves,
      List<WavePhase> wavePhases,
      List<MigrationAction> actions,
      Map<String, String> waitingFor) {
    public Result {
      waves = List.copyOf(waves);
      wavePhases = List.copyOf(wavePhases);
      actions = List.copyOf(actions);
      waitingFor = Collections.unmodifiableMap(new LinkedHashMap<>(waitingFor));
    }

    /** Without reasons for waiting VMs. */
    public Result(List<Wave> waves, List<WavePhase> wavePhases, List<MigrationAction> actions) {
      this(waves, wavePhases, actions, Map.of());
    }

    /** Whether nothing more will happen without a user's action. */
    public boolean finished() {
      return wavePhases.stream()
          .allMatch(
              p -> p == WavePhase.SUCCEEDED || p == WavePhase.FAILED || p == WavePhase.BLOCKED);
    }
  }

  /**
   * Computes one round.
   *
   * @param waves the recorded state
   * @param seen an observation per VM name (VMs without one are not stepped this round)
   * @param placements where each VM reads and writes, by VM name
   */
  public static Result next(
      List<Wave> waves,
      Map<String, VmObservation> seen,
      Map<String, Admission.Placement> placements,
      Admission.Limits limits,
      Instant now,
      ItinerarySettings settings) {
    int active = activeWave(waves);
    Set<String> admitted = Set.of();
    Map<String, String> waitingFor = Map.of();
    if (active >= 0) {
      List<Admission.Placement> holding = new ArrayList<>();
      for (Wave w : waves) {
        for (VmMigration vm : w.vms()) {
          if (vm.phase().holdsTransferSlot()) {
            // disks already copied no longer hold a slot (Forklift: cost = remaining disks)
            holding.add(placement(placements, vm).without(doneDisks(vm)));
          }
        }
      }
      List<Admission.Placement> waiting = new ArrayList<>();
      for (VmMigration vm : waves.get(active).vms()) {
        VmObservation observation = seen.get(vm.name());
        // a VM blocked by pre-flight ends this round without a slot (and reserves none)
        if (vm.phase() == VmPhase.PENDING
            && !(observation != null && !observation.blockingFindings().isEmpty())) {
          waiting.add(placement(placements, vm));
        }
      }
      Admission.Decision decision = Admission.decide(waiting, holding, limits);
      admitted = decision.admitted();
      waitingFor = decision.waitingFor();
    }
    List<Wave> next = new ArrayList<>();
    List<MigrationAction> actions = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      Wave w = waves.get(i);
      List<VmMigration> vms = new ArrayList<>();
      for (VmMigration vm : w.vms()) {
        VmObservation observation = seen.get(vm.name());
        boolean steps =
            observation != null
                && (vm.phase() != VmPhase.PENDING || i == active || observation.cancelRequested());
        if (steps) {
          VmItinerary.Step step =
              VmItinerary.next(vm, observation, admitted.contains(vm.name()), now, settings);
          vms.add(step.state());
          actions.addAll(step.actions());
        } else {
          vms.add(vm);
        }
      }
      next.add(new Wave(w.name(), vms));
    }
    Map<String, String> stillWaiting = new LinkedHashMap<>();
    for (Wave w : next) {
      for (VmMigration vm : w.vms()) {
        if (vm.phase() == VmPhase.PENDING && waitingFor.containsKey(vm.name())) {
          stillWaiting.put(vm.name(), waitingFor.get(vm.name()));
        }
      }
    }
    return new Result(next, phases(next), actions, stillWaiting);
  }

  /** The phase of each wave. */
  public static List<WavePhase> phases(List<Wave> waves) {
    List<WavePhase> phases = new ArrayList<>();
    for (Wave w : waves) {
      // untouched: waiting, or ended before it changed anything (canceled or blocked early)
      boolean allPending =
          w.vms().stream()
              .allMatch(
                  v ->
                      v.phase() == VmPhase.PENDING
                          || (v.phase() == VmPhase.ROLLED_BACK && v.sourceWasOn() == null));
      boolean allFinal = w.vms().stream().allMatch(v -> v.phase().isFinal());
      boolean allCompleted = w.vms().stream().allMatch(v -> v.phase() == VmPhase.COMPLETED);
      WavePhase phase;
      if (allCompleted) {
        phase = WavePhase.SUCCEEDED;
      } else if (allFinal && !(allPending && blockedBefore(phases, phases.size()))) {
        phase = WavePhase.FAILED;
      } else if (allPending && blockedBefore(phases, phases.size())) {
        phase = WavePhase.BLOCKED;
      } else if (allPending) {
        phase = WavePhase.PENDING;
      } else {
        phase = WavePhase.RUNNING;
      }
      phases.add(phase);
    }
    return phases;
  }

  private static boolean blockedBefore(List<WavePhase> phases, int index) {
    for (int i = 0; i < index; i++) {
      WavePhase p = phases.get(i);
      if (p == WavePhase.FAILED || p == WavePhase.BLOCKED) {
        return true;
      }
    }
    return false;
  }

  /**
   * The wave that runs now or starts next (the first one neither finished nor blocked), or -1 when
   * there is none: the wave whose VMs get their pre-flight verdicts this round.
   */
  public static int activeWave(List<Wave> waves) {
    List<WavePhase> phases = phases(waves);
    for (int i = 0; i < phases.size(); i++) {
      if (phases.get(i) == WavePhase.RUNNING || phases.get(i) == WavePhase.PENDING) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> doneDisks(VmMigration vm) {
    return vm.disks().stream()
        .filter(d -> d.phase() == DiskPhase.DONE)
        .map(DiskMigration::name)
        .toList();
  }

  private static Admission.Placement placement(
      Map<String, Admission.Placement> placements, VmMigration vm) {
    Admission.Placement p = placements.get(vm.name());
    return p != null ? p : new Admission.Placement(vm.name(), null, Set.of(), Set.of());
  }
}
