package dev.convoy.plans.execution;

import dev.convoy.plans.execution.MigrationAction.EventType;
import dev.convoy.plans.execution.VmMigration.RollbackReason;
import dev.convoy.plans.execution.VmObservation.DiskObservation;
import dev.convoy.plans.execution.VmObservation.InstancePhase;
import dev.convoy.plans.execution.VmObservation.SourcePower;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One step of a VM's cold-migration itinerary: from the recorded state and a fresh observation, the
 * next state and the actions to take. Pure: no clocks, clients or processes inside.
 *
 * <p>Safety rules it keeps, whatever the order of restarts and observations:
 *
 * <ul>
 *   <li>the source is powered on again only when it was on before cutover <em>and</em> no target
 *       object is left (never two copies of a VM running);
 *   <li>a source without power state ({@link SourcePower#IMAGE}, an OVA) is never shut down nor
 *       powered on: it goes from pre-flight straight to the transfer, and its rollback only removes
 *       the target;
 *   <li>a disk counts as done only with a verified ready marker converted from this very source; a
 *       re-run or restart adopts such a disk instead of copying it again;
 *   <li>pre-flight failures change nothing, so they end without a rollback, and a VirtualMachine
 *       that existed before is never deleted.
 * </ul>
 */
public final class VmItinerary {
  /**
   * How the error of a VM blocked by pre-flight starts; the reasons ({@code rule: message}) follow,
   * separated by {@code "; "}.
   */
  public static final String BLOCKED_BY_PREFLIGHT = "blocked by pre-flight: ";

  private VmItinerary() {}

  /** The next state and what to do. */
  public record Step(VmMigration state, List<MigrationAction> actions) {
    public Step {
      actions = List.copyOf(actions);
    }
  }

  /**
   * Computes one step.
   *
   * @param vm the recorded state
   * @param seen what the executor observed just now
   * @param admitted whether a PENDING VM may start (its wave is active and a slot is free)
   * @param now the time of the observation
   */
  public static Step next(
      VmMigration vm,
      VmObservation seen,
      boolean admitted,
      Instant now,
      ItinerarySettings settings) {
    List<MigrationAction> actions = new ArrayList<>();
    VmMigration next = decide(vm, seen, admitted, now, settings, actions);
    if (next.phase() != vm.phase()) {
      actions.add(transitionEvent(next));
    }
    return new Step(next, actions);
  }

  private static VmMigration decide(
      VmMigration vm,
      VmObservation seen,
      boolean admitted,
      Instant now,
      ItinerarySettings settings,
      List<MigrationAction> actions) {
    if (seen.cancelRequested()) {
      VmMigration canceled = cancel(vm, seen, now, actions);
      if (canceled != null) {
        return canceled;
      }
    }
    return switch (vm.phase()) {
      // pre-flight verdicts of the whole wave arrive while VMs wait: a blocked VM ends at once,
      // so it takes no slot and the report names it before any VM of the wave is cut over
      case PENDING ->
          !seen.blockingFindings().isEmpty()
              ? preFlight(vm, seen, now)
              : admitted ? vm.to(VmPhase.PRE_FLIGHT, now) : vm;
      case PRE_FLIGHT -> preFlight(vm, seen, now);
      case POWER_OFF_SOURCE -> powerOff(vm, seen, now, settings, actions);
      case WAIT_FOR_POWER_OFF -> waitForPowerOff(vm, seen, now, settings, actions);
      case TRANSFER_DISKS -> transfer(vm, seen, now, settings, actions);
      case CREATE_VIRTUAL_MACHINE -> {
        actions.add(new MigrationAction.CreateVirtualMachine(vm.name(), vm.targetName()));
        yield vm.to(VmPhase.WAIT_FOR_RUNNING, now);
      }
      case WAIT_FOR_RUNNING -> waitForRunning(vm, seen, now, settings, actions);
      case WAIT_FOR_READY -> waitForReady(vm, seen, now, settings);
      case FAILED -> {
        actions.add(new MigrationAction.DeleteTarget(vm.name(), vm.targetName()));
        yield vm.rollingBack(RollbackReason.FAILURE, null, now);
      }
      case ROLLBACK -> rollback(vm, seen, now, actions);
      case COMPLETED, ROLLED_BACK -> vm;
    };
  }

  /** A cancel's effect, or null when it has none in this phase. */
  private static VmMigration cancel(
      VmMigration vm, VmObservation seen, Instant now, List<MigrationAction> actions) {
    switch (vm.phase()) {
      case PENDING, PRE_FLIGHT:
        // nothing was touched yet (pre-flight records the power state as it leaves)
        return new VmMigration(
                vm.name(),
                vm.sourceId(),
                vm.targetName(),
                vm.phase(),
                vm.phaseSince(),
                vm.sourceWasOn(),
                vm.disks(),
                "canceled before it started",
                RollbackReason.CANCELED,
                vm.guestChecksum())
            .to(VmPhase.ROLLED_BACK, now);
      case ROLLBACK, ROLLED_BACK:
        return null;
      case COMPLETED:
        // rollback after cutover, as long as there is a source to go back to
        if (seen.source() == SourcePower.MISSING) {
          String why = "cancel refused: the source VM no longer exists in vCenter";
          if (!why.equals(vm.error())) {
            actions.add(
                new MigrationAction.Record(vm.name(), EventType.Warning, "CancelRefused", why));
            return new VmMigration(
                vm.name(),
                vm.sourceId(),
                vm.targetName(),
                vm.phase(),
                vm.phaseSince(),
                vm.sourceWasOn(),
                vm.disks(),
                why,
                vm.rollbackReason(),
                vm.guestChecksum());
          }
          return vm;
        }
        break;
      default:
        break;
    }
    actions.add(new MigrationAction.DeleteTarget(vm.name(), vm.targetName()));
    return vm.rollingBack(
        RollbackReason.CANCELED,
        vm.phase() == VmPhase.COMPLETED
            ? "canceled after cutover"
            : "canceled during " + vm.phase().displayName(),
        now);
  }

  private static VmMigration preFlight(VmMigration vm, VmObservation seen, Instant now) {
    String blocked = null;
    if (!seen.blockingFindings().isEmpty()) {
      blocked = BLOCKED_BY_PREFLIGHT + String.join("; ", seen.blockingFindings());
    } else if (seen.source() == SourcePower.MISSING) {
      blocked = "source VM " + vm.sourceId() + " not found in vCenter";
    } else if (seen.target().virtualMachineExists()) {
      blocked =
          "VirtualMachine "
              + vm.targetName()
              + " already exists in the target namespace; remove it or choose another target name";
    }
    if (blocked != null) {
      // nothing was changed, so there is nothing to roll back (and the existing VM is not ours)
      return vm.failed(blocked, now).to(VmPhase.ROLLED_BACK, now);
    }
    if (seen.source() == SourcePower.UNKNOWN) {
      return vm; // wait for vCenter to answer before recording the power state
    }
    if (seen.source() == SourcePower.IMAGE) {
      // nothing runs, so there is nothing to shut down and no power state to restore later
      return vm.to(VmPhase.TRANSFER_DISKS, now);
    }
    return vm.withSourceWasOn(seen.source() == SourcePower.ON).to(VmPhase.POWER_OFF_SOURCE, now);
  }

  private static VmMigration powerOff(
      VmMigration vm,
      VmObservation seen,
      Instant now,
      ItinerarySettings settings,
      List<MigrationAction> actions) {
    return switch (seen.source()) {
      case OFF, IMAGE -> vm.to(VmPhase.TRANSFER_DISKS, now);
      case MISSING -> vm.failed("source VM " + vm.sourceId() + " disappeared from vCenter", now);
      case UNKNOWN -> vm;
      case ON, SUSPENDED -> {
        actions.add(
            new MigrationAction.ShutdownSource(vm.name(), vm.sourceId(), settings.shutdownGrace()));
        yield vm.to(VmPhase.WAIT_FOR_POWER_OFF, now);
      }
    };
  }

  private static VmMigration waitForPowerOff(
      VmMigration vm,
      VmObservation seen,
      Instant now,
      ItinerarySettings settings,
      List<MigrationAction> actions) {
    Duration limit = settings.shutdownGrace().plus(settings.powerOffTimeout());
    return switch (seen.source()) {
      case OFF, IMAGE -> vm.to(VmPhase.TRANSFER_DISKS, now);
      case MISSING -> vm.failed("source VM " + vm.sourceId() + " disappeared from vCenter", now);
      case UNKNOWN, ON, SUSPENDED -> {
        if (expired(vm, now, limit)) {
          yield vm.failed(
              "source VM did not power off within "
                  + limit.toSeconds()
                  + " s"
                  + (seen.source() == SourcePower.UNKNOWN ? " (vCenter does not answer)" : ""),
              now);
        }
        if (seen.source() != SourcePower.UNKNOWN) {
          // repeated after a restart; the executor runs one shutdown per VM at a time
          actions.add(
              new MigrationAction.ShutdownSource(
                  vm.name(), vm.sourceId(), settings.shutdownGrace()));
        }
        yield vm;
      }
    };
  }

  private static VmMigration transfer(
      VmMigration vm,
      VmObservation seen,
      Instant now,
      ItinerarySettings settings,
      List<MigrationAction> actions) {
    if (seen.source() == SourcePower.ON) {
      return vm.failed(
          "the source VM was powered on during the disk transfer; the copy may be inconsistent",
          now);
    }
    VmMigration next = vm;
    for (DiskMigration disk : vm.disks()) {
      if (disk.phase() == DiskPhase.DONE || disk.phase() == DiskPhase.FAILED) {
        continue;
      }
      DiskObservation d = seen.disk(disk.name());
      if (verifiablyDone(disk, d)) {
        next = next.withDisk(disk.name(), x -> x.done(d.marker().sha256()));
        if (d.importPod() != VmObservation.ImportPod.NONE) {
          actions.add(new MigrationAction.DeleteImportPod(vm.name(), disk.name()));
        }
        actions.add(
            new MigrationAction.Record(
                vm.name(),
                EventType.Normal,
                disk.attempts() == 0 ? "DiskAdopted" : "DiskTransferred",
                "disk "
                    + disk.name()
                    + (disk.attempts() == 0
                        ? " was already converted from this source, not copied again"
                        : " converted and verified")
                    + ", sha256 "
                    + d.marker().sha256()));
        continue;
      }
      switch (d.importPod()) {
        case NONE -> {
          // first start, a retry after a failed pod was deleted, or a pod that was lost
          DiskMigration started = disk.phase() == DiskPhase.TRANSFERRING ? disk : disk.started();
          next = next.withDisk(disk.name(), x -> started);
          actions.add(
              new MigrationAction.StartImport(
                  vm.name(), disk.name(), disk.targetPvc(), started.attempts()));
        }
        case RUNNING ->
            next = next.withDisk(disk.name(), x -> x.progressed(d.bytesCopied(), d.bytesTotal()));
        case SUCCEEDED, FAILED -> {
          if (disk.phase() != DiskPhase.TRANSFERRING) {
            // a finished pod of an earlier attempt, still being deleted
            actions.add(new MigrationAction.DeleteImportPod(vm.name(), disk.name()));
            continue;
          }
          String why =
              d.importPod() == VmObservation.ImportPod.SUCCEEDED
                  ? "the import pod exited without a verified ready marker for this source"
                  : d.failure() == null ? "the import pod failed" : d.failure();
          actions.add(new MigrationAction.DeleteImportPod(vm.name(), disk.name()));
          if (disk.attempts() >= settings.maxImportAttempts()) {
            next = next.withDisk(disk.name(), x -> x.withPhase(DiskPhase.FAILED));
            return next.failed(
                "disk "
                    + disk.name()
                    + ": import failed "
                    + disk.attempts()
                    + " time"
                    + (disk.attempts() == 1 ? "" : "s")
                    + ", last: "
                    + why,
                now);
          }
          next = next.withDisk(disk.name(), x -> x.withPhase(DiskPhase.PENDING));
          actions.add(
              new MigrationAction.Record(
                  vm.name(),
                  EventType.Warning,
                  "ImportRetry",
                  "disk "
                      + disk.name()
                      + " attempt "
                      + disk.attempts()
                      + " of "
                      + settings.maxImportAttempts()
                      + " failed: "
                      + why
                      + "; retrying"));
        }
      }
    }
    boolean allDone = next.disks().stream().allMatch(x -> x.phase() == DiskPhase.DONE);
    return allDone ? next.to(VmPhase.CREATE_VIRTUAL_MACHINE, now) : next;
  }

  /** A verified ready marker converted from this disk's source (and, if known, same checksum). */
  static boolean verifiablyDone(DiskMigration disk, DiskObservation seen) {
    VmObservation.ReadyMarker marker = seen.marker();
    return marker != null
        && marker.verified()
        && marker.sha256() != null
        && Objects.equals(marker.sourceIdentity(), disk.sourceIdentity())
        && (disk.sha256() == null || disk.sha256().equals(marker.sha256()));
  }

  private static VmMigration waitForRunning(
      VmMigration vm,
      VmObservation seen,
      Instant now,
      ItinerarySettings settings,
      List<MigrationAction> actions) {
    TargetObservation target = seen.target();
    if (!target.virtualMachineExists()) {
      // lost between create and observe (restart, or someone deleted it): create again
      actions.add(new MigrationAction.CreateVirtualMachine(vm.name(), vm.targetName()));
      return expired(vm, now, settings.runningTimeout())
          ? vm.failed("VirtualMachine " + vm.targetName() + " could not be created", now)
          : vm;
    }
    return switch (target.instance()) {
      case RUNNING ->
          settings.waitForReady()
              ? vm.to(VmPhase.WAIT_FOR_READY, now)
              : vm.to(VmPhase.COMPLETED, now);
      case FAILED, SUCCEEDED -> vm.failed(instanceEnded(vm, target), now);
      case NONE, STARTING ->
          expired(vm, now, settings.runningTimeout())
              ? vm.failed(
                  "VirtualMachineInstance "
                      + vm.targetName()
                      + " did not reach Running within "
                      + settings.runningTimeout().toSeconds()
                      + " s",
                  now)
              : vm;
    };
  }

  private static VmMigration waitForReady(
      VmMigration vm, VmObservation seen, Instant now, ItinerarySettings settings) {
    TargetObservation target = seen.target();
    if (target.instance() != InstancePhase.RUNNING && target.instance() != InstancePhase.STARTING) {
      return vm.failed(instanceEnded(vm, target), now);
    }
    if (target.readyChecksum() != null) {
      String expected =
          target.expectedReadyChecksum() != null
              ? target.expectedReadyChecksum()
              : vm.disks().isEmpty() ? null : vm.disks().get(0).sha256();
      if (expected != null && !expected.equals(target.readyChecksum())) {
        return vm.failed(
            "the guest reports disk checksum "
                + target.readyChecksum()
                + " but the converted boot disk has "
                + expected,
            now);
      }
      return vm.withGuestChecksum(target.readyChecksum()).to(VmPhase.COMPLETED, now);
    }
    return expired(vm, now, settings.readyTimeout())
        ? vm.failed(
            "the guest did not signal readiness within "
                + settings.readyTimeout().toSeconds()
                + " s",
            now)
        : vm;
  }

  private static String instanceEnded(VmMigration vm, TargetObservation target) {
    return "VirtualMachineInstance "
        + vm.targetName()
        + (target.instance() == InstancePhase.NONE
            ? " disappeared"
            : " is " + (target.instance() == InstancePhase.FAILED ? "Failed" : "Succeeded"))
        + (target.instanceFailure() == null ? "" : ": " + target.instanceFailure());
  }

  private static VmMigration rollback(
      VmMigration vm, VmObservation seen, Instant now, List<MigrationAction> actions) {
    if (seen.target().anyPresent()) {
      // never power the source on while any of the target can still run
      actions.add(new MigrationAction.DeleteTarget(vm.name(), vm.targetName()));
      return vm;
    }
    if (!Boolean.TRUE.equals(vm.sourceWasOn())) {
      return vm.to(VmPhase.ROLLED_BACK, now);
    }
    return switch (seen.source()) {
      // an image has no power state to restore (recorded as null, so not reached; kept total)
      case ON, IMAGE -> vm.to(VmPhase.ROLLED_BACK, now);
      case OFF, SUSPENDED -> {
        actions.add(new MigrationAction.PowerOnSource(vm.name(), vm.sourceId()));
        yield vm;
      }
      case MISSING ->
          new VmMigration(
                  vm.name(),
                  vm.sourceId(),
                  vm.targetName(),
                  vm.phase(),
                  vm.phaseSince(),
                  vm.sourceWasOn(),
                  vm.disks(),
                  (vm.error() == null ? "" : vm.error() + "; ")
                      + "the source VM no longer exists, it cannot be powered on again",
                  vm.rollbackReason(),
                  vm.guestChecksum())
              .to(VmPhase.ROLLED_BACK, now);
      case UNKNOWN -> vm; // vCenter unreachable: power on when it answers again
    };
  }

  private static boolean expired(VmMigration vm, Instant now, Duration limit) {
    return vm.phaseSince() != null && now.isAfter(vm.phaseSince().plus(limit));
  }

  private static MigrationAction transitionEvent(VmMigration next) {
    boolean bad = next.phase() == VmPhase.FAILED || next.phase() == VmPhase.ROLLBACK;
    String message =
        switch (next.phase()) {
          case FAILED, ROLLBACK -> next.error();
          case ROLLED_BACK -> next.error() == null ? "rolled back" : "rolled back: " + next.error();
          case COMPLETED ->
              next.guestChecksum() == null
                  ? "migrated"
                  : "migrated; the guest reports disk checksum " + next.guestChecksum();
          default -> next.phase().displayName();
        };
    return new MigrationAction.Record(
        next.name(),
        bad || (next.phase() == VmPhase.ROLLED_BACK) ? EventType.Warning : EventType.Normal,
        next.phase().displayName(),
        message);
  }
}
