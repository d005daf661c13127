package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.importer.migration.MigrationWorkload.WaveWorkload;
import dev.convoy.importer.vsphere.VimFaultException;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.DiskMigration;
import dev.convoy.plans.execution.ItinerarySettings;
import dev.convoy.plans.execution.MigrationAction;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmObservation;
import dev.convoy.plans.execution.VmObservation.DiskObservation;
import dev.convoy.plans.execution.VmObservation.InstancePhase;
import dev.convoy.plans.execution.VmObservation.SourcePower;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a migration from the CLI (or any process with a kubeconfig): each round it observes vSphere
 * and the cluster, takes one {@link MigrationRound} step, saves the new state, then performs the
 * actions. Saving before acting makes a restart safe: at most the last round's idempotent actions
 * are repeated, and the itinerary never powers on a source whose target still exists.
 */
public final class MigrationExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationExecutor.class);

  /**
   * How to run.
   *
   * @param name the migration's name (state is saved under it)
   * @param namespace where its state is saved
   * @param itinerary per-VM limits
   * @param limits concurrency limits
   * @param poll pause between rounds
   * @param verifyTls whether import pods verify vCenter's certificate (off for pinned or insecure
   *     sessions: disk-convert cannot pin a thumbprint yet)
   */
  public record Options(
      String name,
      String namespace,
      ItinerarySettings itinerary,
      Admission.Limits limits,
      Duration poll,
      boolean verifyTls) {}

  /** Progress reports. */
  public interface Listener {
    /** After each round, with the new state. */
    default void round(MigrationState state, List<MigrationRound.WavePhase> phases) {}

    /** Each event an action records. */
    default void event(String vm, String type, String reason, String message) {}
  }

  private final VsphereOperations vsphere;
  private final TargetCluster cluster;
  private final GuestReadiness readiness;
  private final Clock clock;
  private final ExecutorService shutdowns = Executors.newCachedThreadPool(daemon("shutdown"));
  private final Set<String> shutdownsInFlight = ConcurrentHashMap.newKeySet();

  public MigrationExecutor(
      VsphereOperations vsphere, TargetCluster cluster, GuestReadiness readiness, Clock clock) {
    this.vsphere = vsphere;
    this.cluster = cluster;
    this.readiness = readiness;
    this.clock = clock;
  }

  /** The identity import pods record for a disk: vCenter and datastore path (not the cookie). */
  static String sourceIdentity(VsphereOperations vsphere, DiskWorkload disk) {
    String url = vsphere.url(disk.file()).toString();
    return url.substring(0, url.indexOf("/folder/")) + " " + disk.file().datastorePath();
  }

  /** The state a new migration of {@code workload} starts from. */
  public MigrationState initialState(MigrationWorkload workload, Options options) {
    Instant now = clock.instant();
    List<MigrationRound.Wave> waves = new ArrayList<>();
    for (WaveWorkload wave : workload.waves()) {
      List<VmMigration> vms = new ArrayList<>();
      for (VmWorkload vm : wave.vms()) {
        List<DiskMigration> disks = new ArrayList<>();
        for (DiskWorkload disk : vm.disks()) {
          disks.add(
              DiskMigration.pending(
                  disk.name(),
                  disk.claim().getMetadata().getName(),
                  sourceIdentity(vsphere, disk),
                  disk.capacityBytes()));
        }
        vms.add(VmMigration.pending(vm.name(), vm.sourceId(), vm.name(), disks, now));
      }
      waves.add(new MigrationRound.Wave(wave.name(), vms));
    }
    return new MigrationState(options.name(), options.namespace(), now, waves);
  }

  /**
   * Runs until every wave is finished (or blocked), resuming from saved state when there is one.
   *
   * @return the final state
   */
  public MigrationState run(MigrationWorkload workload, Options options, Listener listener)
      throws InterruptedException {
    MigrationState state =
        cluster
            .loadState(options.namespace(), MigrationState.stateKey(options.name()))
            .map(MigrationState::fromJson)
            .orElseGet(() -> initialState(workload, options));
    try {
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException("migration " + options.name() + " interrupted");
        }
        MigrationRound.Result result;
        try {
          result = round(workload, state, options);
        } catch (RuntimeException e) {
          // the API server or vCenter hiccuped while observing: observe again next round
          LOG.warn("observing the migration failed: {}", e.toString());
          listener.event("-", "Warning", "ObserveFailed", String.valueOf(e.getMessage()));
          Thread.sleep(options.poll().toMillis());
          continue;
        }
        state =
            new MigrationState(state.name(), state.namespace(), state.startedAt(), result.waves());
        cluster.saveState(
            options.namespace(), MigrationState.stateKey(options.name()), state.toJson());
        perform(workload, result.actions(), options, listener);
        listener.round(state, result.wavePhases());
        if (result.finished() && shutdownsInFlight.isEmpty()) {
          return state;
        }
        Thread.sleep(options.poll().toMillis());
      }
    } finally {
      shutdowns.shutdownNow();
    }
  }

  MigrationRound.Result round(MigrationWorkload workload, MigrationState state, Options options) {
    MigrationState.CancelRequests cancel =
        cluster
            .loadState(options.namespace(), MigrationState.cancelKey(options.name()))
            .map(MigrationState.CancelRequests::fromJson)
            .orElse(new MigrationState.CancelRequests(Set.of()));
    Map<String, VmObservation> seen = new HashMap<>();
    Map<String, Admission.Placement> placements = new HashMap<>();
    for (MigrationRound.Wave wave : state.waves()) {
      for (VmMigration vm : wave.vms()) {
        VmWorkload work = workload.vm(vm.name());
        boolean canceled = cancel.covers(wave.name(), vm.name());
        if (vm.phase().isFinal() && !canceled) {
          continue; // nothing to observe
        }
        seen.put(vm.name(), observe(work, vm, canceled));
        placements.put(vm.name(), placement(work));
      }
    }
    return MigrationRound.next(
        state.waves(), seen, placements, options.limits(), clock.instant(), options.itinerary());
  }

  private VmObservation observe(VmWorkload vm, VmMigration state, boolean canceled) {
    SourcePower power = sourcePower(vm);
    List<String> blocking =
        state.phase() == dev.convoy.plans.execution.VmPhase.PRE_FLIGHT
            ? cluster.blockingProblems(vm)
            : List.of();
    Map<String, DiskObservation> disks = new LinkedHashMap<>();
    for (DiskWorkload disk : vm.disks()) {
      disks.put(disk.name(), cluster.observeDisk(vm, disk));
    }
    TargetObservation target = cluster.observeTarget(vm);
    if (target.instance() == InstancePhase.RUNNING && readiness.enabled()) {
      Optional<GuestReadiness.Report> report;
      try {
        report = readiness.report(vm);
      } catch (RuntimeException e) {
        LOG.warn("{}: cannot check the guest's readiness: {}", vm.name(), e.getMessage());
        report = Optional.empty();
      }
      if (report.isPresent()) {
        target =
            new TargetObservation(
                target.virtualMachineExists(),
                target.instance(),
                target.instanceFailure(),
                report.get().reported(),
                target.leftovers(),
                report.get().expected());
      }
    }
    return new VmObservation(power, blocking, disks, target, canceled);
  }

  private SourcePower sourcePower(VmWorkload vm) {
    try {
      return switch (vsphere.powerState(vm.sourceId())) {
        case POWERED_ON -> SourcePower.ON;
        case POWERED_OFF -> SourcePower.OFF;
        case SUSPENDED -> SourcePower.SUSPENDED;
      };
    } catch (VsphereException e) {
      if (notFound(e)) {
        return SourcePower.MISSING;
      }
      LOG.debug("power state of {} unknown: {}", vm.sourceId(), e.getMessage());
      return SourcePower.UNKNOWN;
    }
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof VimFaultException fault && fault.is("ManagedObjectNotFound")) {
        return true;
      }
    }
    return false;
  }

  private static Admission.Placement placement(VmWorkload vm) {
    Set<String> datastores = new java.util.TreeSet<>();
    Set<String> storage = new java.util.TreeSet<>();
    for (DiskWorkload disk : vm.disks()) {
      datastores.add(disk.file().datastore());
      String storageClass = disk.claim().getSpec().getStorageClassName();
      storage.add(storageClass == null ? "(default)" : storageClass);
    }
    // the generated manifests do not name the ESXi host; datastores stand in for read capacity
    return new Admission.Placement(vm.name(), null, datastores, storage);
  }

  private void perform(
      MigrationWorkload workload,
      List<MigrationAction> actions,
      Options options,
      Listener listener) {
    for (MigrationAction action : actions) {
      VmWorkload vm = workload.vm(action.vm());
      try {
        if (action instanceof MigrationAction.ShutdownSource s) {
          shutdown(vm, s, listener);
        } else if (action instanceof MigrationAction.PowerOnSource p) {
          vsphere.powerOn(p.sourceId());
        } else if (action instanceof MigrationAction.StartImport s) {
          DiskWorkload disk = disk(vm, s.disk());
          cluster.startImport(
              vm,
              disk,
              new TargetCluster.ImportSource(
                  vsphere.url(disk.file()), vsphere.httpHeaders(), options.verifyTls()),
              sourceIdentity(vsphere, disk));
        } else if (action instanceof MigrationAction.DeleteImportPod d) {
          cluster.deleteImportPod(vm, disk(vm, d.disk()));
        } else if (action instanceof MigrationAction.CreateVirtualMachine) {
          cluster.createVirtualMachine(vm);
        } else if (action instanceof MigrationAction.DeleteTarget) {
          cluster.deleteTarget(vm);
        } else if (action instanceof MigrationAction.Record r) {
          cluster.event(vm, r.type().name(), r.reason(), r.message());
          listener.event(vm.name(), r.type().name(), r.reason(), r.message());
        }
      } catch (VsphereException | RuntimeException e) {
        // the next round observes the world again and repeats or fails the step
        String message = action.getClass().getSimpleName() + " failed: " + e.getMessage();
        LOG.warn("{}: {}", vm.name(), message);
        listener.event(vm.name(), "Warning", "ActionFailed", message);
      }
    }
  }

  private void shutdown(VmWorkload vm, MigrationAction.ShutdownSource s, Listener listener) {
    if (!shutdownsInFlight.add(vm.name())) {
      return; // one shutdown per VM at a time
    }
    shutdowns.submit(
        () -> {
          try {
            var outcome = vsphere.shutdown(s.sourceId(), s.grace());
            listener.event(
                vm.name(),
                "Normal",
                "SourceShutdown",
                switch (outcome.kind()) {
                  case ALREADY_OFF -> "source was already off";
                  case GRACEFUL -> "guest shut down";
                  case FORCED -> "source powered off: " + outcome.reason();
                });
          } catch (VsphereException | RuntimeException e) {
            listener.event(vm.name(), "Warning", "SourceShutdownFailed", e.getMessage());
          } finally {
            shutdownsInFlight.remove(vm.name());
          }
        });
  }

  private static DiskWorkload disk(VmWorkload vm, String name) {
    return vm.disks().stream()
        .filter(d -> d.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no disk " + name + " in " + vm.name()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, "convoy-migrate-" + name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Waits for in-flight shutdowns to end (tests). */
  void awaitShutdowns(Duration timeout) throws InterruptedException {
    shutdowns.shutdown();
    shutdowns.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
