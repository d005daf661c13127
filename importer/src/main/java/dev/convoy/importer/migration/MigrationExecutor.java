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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of a migration, shared by every driver (the Migration controller today): it observes
 * vSphere and the cluster, takes one pure {@link MigrationRound} step ({@link #round}); the driver
 * saves the new state, then lets it {@link #perform} the actions. Saving before acting makes a
 * restart safe: at most the last round's idempotent actions are repeated, and the itinerary never
 * powers on a source whose target still exists.
 */
public final class MigrationExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationExecutor.class);

  /**
   * How to run.
   *
   * @param itinerary per-VM limits
   * @param limits concurrency limits
   * @param verifyTls whether import pods verify vCenter's certificate (as the migration's login
   *     says: pinned thumbprint, CA file or system trust); false only when the user asked
   * @param ovaStore where import pods read OVA packages
   * @param sourceTimeout how long import pods wait for vCenter ({@link ImportPodMain#TIMEOUT_ENV})
   */
  public record Options(
      ItinerarySettings itinerary,
      Admission.Limits limits,
      boolean verifyTls,
      OvaStore ovaStore,
      java.time.Duration sourceTimeout) {
    /** The import pods' default vCenter timeout. */
    public static final java.time.Duration DEFAULT_SOURCE_TIMEOUT =
        java.time.Duration.ofSeconds(60);

    /** With the default vCenter timeout. */
    public Options(
        ItinerarySettings itinerary,
        Admission.Limits limits,
        boolean verifyTls,
        OvaStore ovaStore) {
      this(itinerary, limits, verifyTls, ovaStore, DEFAULT_SOURCE_TIMEOUT);
    }

    /** OVA packages read from this machine ({@link OvaStore#LOCAL}). */
    public Options(ItinerarySettings itinerary, Admission.Limits limits, boolean verifyTls) {
      this(itinerary, limits, verifyTls, OvaStore.LOCAL);
    }
  }

  /** Progress reports. */
  public interface Listener {
    /** Each event an action records (or a failed action). */
    default void event(String vm, String type, String reason, String message) {}
  }

  private final VsphereOperations vsphere;
  private final TargetCluster cluster;
  private final GuestReadiness readiness;
  private final Clock clock;
  private final WavePreflight preflight;
  private final ExecutorService shutdowns = Executors.newCachedThreadPool(daemon("shutdown"));
  private final Set<String> shutdownsInFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, String> sourceProblems = new ConcurrentHashMap<>();

  /**
   * @param vsphere the vCenter of the migration's vSphere VMs; null when every VM comes from an OVA
   * @param preflight checks the running wave's waiting VMs against the target (namespaces, storage
   *     classes, capacity, quotas, assessment findings)
   */
  public MigrationExecutor(
      VsphereOperations vsphere,
      TargetCluster cluster,
      GuestReadiness readiness,
      Clock clock,
      WavePreflight preflight) {
    this.vsphere = vsphere;
    this.cluster = cluster;
    this.readiness = readiness;
    this.clock = clock;
    this.preflight = java.util.Objects.requireNonNull(preflight, "preflight");
  }

  /**
   * The identity import pods record for a disk: vCenter and datastore path (not the cookie); for an
   * OVA member the package's path, the member and the manifest's digest of it.
   */
  static String sourceIdentity(VsphereOperations vsphere, DiskWorkload disk) {
    if (disk.ova() != null) {
      return "ova:"
          + disk.ova().ova().normalize()
          + "!"
          + disk.ova().member()
          + (disk.ova().checksum() == null ? "" : " " + disk.ova().checksum());
    }
    String url = vsphere.url(disk.file()).toString();
    return url.substring(0, url.indexOf("/folder/")) + " " + disk.file().datastorePath();
  }

  /** The state a new migration of {@code workload} starts from. */
  public MigrationState initialState(MigrationWorkload workload, String name, String namespace) {
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
    return new MigrationState(name, namespace, now, waves);
  }

  /**
   * Observes every VM that is not finished (or is to be canceled) and takes one step. Changes
   * nothing: the caller saves the result, then calls {@link #perform}.
   *
   * @throws RuntimeException when the API server cannot be read (observe again later)
   */
  public MigrationRound.Result round(
      MigrationWorkload workload,
      MigrationState state,
      Options options,
      MigrationState.CancelRequests cancel) {
    Map<String, VmObservation> seen = new HashMap<>();
    Map<String, Admission.Placement> placements = new HashMap<>();
    Map<String, List<String>> blocked = preflight.blocking(workload, state.waves());
    for (MigrationRound.Wave wave : state.waves()) {
      for (VmMigration vm : wave.vms()) {
        VmWorkload work = workload.vm(vm.name());
        boolean canceled = cancel.covers(wave.name(), vm.name());
        if (vm.phase().isFinal() && !canceled) {
          continue; // nothing to observe
        }
        // the wave pre-flight also covers VMs still waiting for a slot: a blocked one takes none
        List<String> blocking = blocked.getOrDefault(vm.name(), List.of());
        if (vm.phase() == dev.convoy.plans.execution.VmPhase.PRE_FLIGHT
            && work.sourceKind() == MigrationWorkload.SourceKind.OVA) {
          // its turn has come: the packages must be where the import pods will look
          List<String> withSource = new ArrayList<>(blocking);
          for (DiskWorkload disk : work.disks()) {
            options.ovaStore().problem(disk.ova()).ifPresent(withSource::add);
          }
          blocking = withSource.stream().distinct().toList();
        }
        seen.put(vm.name(), observe(work, blocking, canceled));
        placements.put(vm.name(), work.placement());
      }
    }
    return MigrationRound.next(
        state.waves(), seen, placements, options.limits(), clock.instant(), options.itinerary());
  }

  /**
   * Why the last round could not read a VM's power state from vCenter (a timeout or a refused
   * connection, naming vCenter), per VM name; a VM whose state was read is not listed.
   */
  public Map<String, String> sourceProblems() {
    return Map.copyOf(sourceProblems);
  }

  /** Whether a source shutdown (which runs in the background) is still going on. */
  public boolean shutdownsInFlight() {
    return !shutdownsInFlight.isEmpty();
  }

  private VmObservation observe(VmWorkload vm, List<String> blocking, boolean canceled) {
    SourcePower power = sourcePower(vm);
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
    if (vm.sourceKind() == MigrationWorkload.SourceKind.OVA) {
      return SourcePower.IMAGE; // a package, not a machine: nothing to power off or on
    }
    try {
      sourceProblems.remove(vm.name());
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
      sourceProblems.put(vm.name(), e.getMessage());
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

  /** Performs a round's actions; a failed action is reported and observed again next round. */
  public void perform(
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
          TargetCluster.ImportSource source =
              disk.ova() != null
                  ? options.ovaStore().source(disk.ova())
                  : new TargetCluster.ImportSource.Http(
                      vsphere.url(disk.file()),
                      vsphere.httpHeaders(),
                      options.verifyTls(),
                      vsphere.login().map(l -> l.environment()).orElse(Map.of()),
                      options.sourceTimeout(),
                      sourceBytes(disk));
          cluster.startImport(vm, disk, source, sourceIdentity(vsphere, disk));
        } else if (action instanceof MigrationAction.DeleteImportPod d) {
          cluster.deleteImportPod(vm, disk(vm, d.disk()));
        } else if (action instanceof MigrationAction.CreateVirtualMachine) {
          cluster.createVirtualMachine(vm);
        } else if (action instanceof MigrationAction.DeleteTarget) {
          cluster.deleteTarget(vm);
        } else if (action instanceof MigrationAction.Record r) {
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

  /**
   * The size of the disk's datastore file (a HEAD), which sizes its import pod's scratch space; -1
   * when vCenter does not tell (the pod then reserves the disk's capacity and reports the failure
   * itself if vCenter is down).
   */
  private long sourceBytes(DiskWorkload disk) {
    try {
      return vsphere.size(disk.file());
    } catch (VsphereException | RuntimeException e) {
      LOG.info("size of {} unknown: {}", disk.file(), e.getMessage());
      return -1;
    }
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

  /** Stops in-flight shutdown waits (vSphere goes on with the shutdown task). */
  @Override
  public void close() {
    shutdowns.shutdownNow();
  }
}
