package dev.convoy.importer.migration.controller;

import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.MigrationError;
import dev.convoy.api.convoy.v1alpha1.MigrationPhase;
import dev.convoy.api.convoy.v1alpha1.MigrationPlan;
import dev.convoy.api.convoy.v1alpha1.MigrationSpec;
import dev.convoy.api.convoy.v1alpha1.MigrationStatus;
import dev.convoy.importer.migration.Fabric8TargetCluster;
import dev.convoy.importer.migration.GuestReadiness;
import dev.convoy.importer.migration.ImportPodAccess;
import dev.convoy.importer.migration.MigrationExecutor;
import dev.convoy.importer.migration.MigrationState;
import dev.convoy.importer.migration.MigrationWorkload;
import dev.convoy.importer.migration.OvaStore;
import dev.convoy.importer.migration.WavePreflight;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.ItinerarySettings;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.Preflight;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmPhase;
import dev.convoy.plans.report.AssessmentFindings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Convoy's {@code Migration} kind: each reconcile is one round of the shared {@link
 * MigrationExecutor} (observe vSphere and the cluster, one pure step), the new state written to
 * {@code Migration.status} (optimistic update: a concurrent change makes the round void, nothing
 * was done yet), then the round's actions, then a reschedule. The status is the only state, so a
 * restarted controller resumes where the last one stopped. Cancel requests come from {@code
 * spec.cancel}; steps are reported as Events on the Migration and as metrics.
 */
@ControllerConfiguration(name = MigrationReconciler.NAME)
public final class MigrationReconciler implements Reconciler<Migration> {
  /** The controller's name. */
  public static final String NAME = "migration";

  private static final Logger LOG = LoggerFactory.getLogger(MigrationReconciler.class);

  /**
   * How the controller runs.
   *
   * @param poll pause between rounds of a running migration
   * @param importerTag the importer image's tag for import pods
   * @param scratch where CA certificates from Secrets are written
   * @param readiness the guest readiness check for a Migration asking for one ({@code
   *     spec.waitForGuest}), or null where none is available (in a cluster)
   */
  public record Settings(
      Duration poll,
      String importerTag,
      Path scratch,
      BiFunction<Migration, KubernetesClient, GuestReadiness> readiness) {}

  private final KubernetesClient client;
  private final Settings settings;
  private final MigrationMetrics metrics;
  private final Clock clock;
  private final Map<String, Runner> runners = new ConcurrentHashMap<>();
  private final Map<String, String> unavailable = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> sourceProblems = new ConcurrentHashMap<>();

  public MigrationReconciler(
      KubernetesClient client, Settings settings, MigrationMetrics metrics, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** What one running migration holds between rounds: its vCenter session and workload. */
  private static final class Runner implements AutoCloseable {
    final String uid;
    final MigrationWorkload workload;
    final VsphereSession session;
    final VsphereOperations vsphere;
    final MigrationExecutor executor;
    final MigrationExecutor.Options options;

    Runner(
        String uid,
        MigrationWorkload workload,
        VsphereSession session,
        VsphereOperations vsphere,
        MigrationExecutor executor,
        MigrationExecutor.Options options) {
      this.uid = uid;
      this.workload = workload;
      this.session = session;
      this.vsphere = vsphere;
      this.executor = executor;
      this.options = options;
    }

    @Override
    public void close() {
      executor.close();
      if (session == null) {
        return; // every VM comes from an OVA: no vCenter
      }
      try {
        vsphere.close();
      } catch (Exception e) {
        // closing a session to an unreachable vCenter
      }
      session.close();
    }
  }

  @Override
  public UpdateControl<Migration> reconcile(Migration cached, Context<Migration> context) {
    String namespace = cached.getMetadata().getNamespace();
    String name = cached.getMetadata().getName();
    String key = namespace + "/" + name;
    // the informer's copy may lag behind the status this controller wrote last round
    Migration migration =
        client.resources(Migration.class).inNamespace(namespace).withName(name).get();
    if (migration == null || migration.getMetadata().getDeletionTimestamp() != null) {
      closeRunner(key);
      metrics.forget(key);
      return UpdateControl.noUpdate();
    }
    MigrationSpec spec = migration.getSpec();
    if (spec == null || spec.getPlanRef() == null) {
      return invalid(migration, "spec.planRef is required");
    }
    if (Boolean.TRUE.equals(spec.getDryRun())) {
      // the CLI checks a dry run itself; a dry-run Migration only records that nothing ran
      if (migration.getStatus() == null) {
        MigrationStatus status = new MigrationStatus();
        status.setObservedGeneration(migration.getMetadata().getGeneration());
        status.setPhase(MigrationPhase.SUCCEEDED);
        status.setStartedAt(clock.instant().toString());
        status.setCompletedAt(status.getStartedAt());
        migration.setStatus(status);
        client.resource(migration).updateStatus();
        MigrationEvents.emit(client, migration, "Normal", "DryRun", "dry run: nothing changed");
      }
      return UpdateControl.noUpdate();
    }
    MigrationState state = MigrationStatusMapper.fromStatus(name, namespace, migration.getStatus());
    MigrationState.CancelRequests cancel =
        new MigrationState.CancelRequests(
            spec.getCancel() == null ? Set.of() : new HashSet<>(spec.getCancel()));
    if (state != null && !needsWork(state, cancel)) {
      closeRunner(key);
      acknowledge(migration);
      return UpdateControl.<Migration>noUpdate().rescheduleAfter(idle());
    }
    Runner runner;
    try {
      runner = runner(key, migration);
    } catch (IllegalArgumentException e) {
      return invalid(migration, e.getMessage());
    } catch (VsphereException | KubernetesClientException e) {
      String message = "cannot connect to vCenter: " + e.getMessage();
      // one event per distinct problem, not one per retry
      if (!message.equals(unavailable.put(key, message))) {
        MigrationEvents.emit(client, migration, "Warning", "SourceUnavailable", message);
      }
      return UpdateControl.<Migration>noUpdate().rescheduleAfter(idle());
    }
    unavailable.remove(key);
    if (state == null) {
      state = runner.executor.initialState(runner.workload, name, namespace);
      MigrationEvents.emit(
          client,
          migration,
          "Normal",
          "Started",
          state.waves().stream().mapToInt(w -> w.vms().size()).sum()
              + " VMs in "
              + state.waves().size()
              + " wave(s)");
    }
    MigrationRound.Result result;
    try {
      result = runner.executor.round(runner.workload, state, runner.options, cancel);
    } catch (RuntimeException e) {
      // the API server hiccuped while observing: observe again next round
      LOG.warn("{}: observing failed: {}", key, e.toString());
      MigrationEvents.emit(client, migration, "Warning", "ObserveFailed", e.getMessage());
      return UpdateControl.<Migration>noUpdate().rescheduleAfter(settings.poll());
    }
    reportSourceProblems(key, migration, runner.executor.sourceProblems());
    MigrationState next =
        new MigrationState(state.name(), state.namespace(), state.startedAt(), result.waves());
    MigrationStatus previous = migration.getStatus();
    MigrationStatus status =
        MigrationStatusMapper.toStatus(
            previous,
            next,
            result.wavePhases(),
            result.waitingFor(),
            clock.instant(),
            migration.getMetadata().getGeneration());
    migration.setStatus(status);
    try {
      // saved before acting: a restart repeats at most this round's idempotent actions
      client.resource(migration).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.info("{}: status not saved ({}), round dropped", key, e.getMessage());
      return UpdateControl.<Migration>noUpdate().rescheduleAfter(Duration.ofMillis(200));
    }
    metrics.record(key, previous, status);
    runner.executor.perform(
        runner.workload,
        result.actions(),
        runner.options,
        new MigrationExecutor.Listener() {
          @Override
          public void event(String vm, String type, String reason, String message) {
            MigrationEvents.emit(client, migration, type, reason, vm + ": " + message);
          }
        });
    String before = previous == null ? null : previous.getPhase();
    if (!Objects.equals(before, status.getPhase())) {
      MigrationEvents.emit(
          client,
          migration,
          MigrationPhase.FAILED.equals(status.getPhase()) ? "Warning" : "Normal",
          "Migration" + status.getPhase(),
          status.getError() != null
              ? status.getError().getMessage()
              : "migration " + status.getPhase());
    }
    if (result.finished() && !runner.executor.shutdownsInFlight()) {
      removeImportPodAccess(migration, runner.workload);
      closeRunner(key);
      return UpdateControl.<Migration>noUpdate().rescheduleAfter(idle());
    }
    return UpdateControl.<Migration>noUpdate().rescheduleAfter(settings.poll());
  }

  /**
   * A VM whose power state vCenter did not tell this round (it does not answer within {@code
   * spec.sourceTimeoutSeconds}, or refuses connections): a {@code SourceUnavailable} event naming
   * vCenter, once per VM and distinct problem, not once per round.
   */
  private void reportSourceProblems(String key, Migration migration, Map<String, String> problems) {
    Map<String, String> reported =
        sourceProblems.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
    reported.keySet().retainAll(problems.keySet());
    problems.forEach(
        (vm, message) -> {
          if (!message.equals(reported.put(vm, message))) {
            MigrationEvents.emit(
                client,
                migration,
                "Warning",
                "SourceUnavailable",
                vm + ": power state unknown: " + message);
          }
        });
  }

  /** The import pods' ServiceAccount and Role of {@code migration}, owned by it. */
  private static ImportPodAccess importPodAccess(Migration migration, MigrationWorkload workload) {
    OwnerReference owner =
        new OwnerReferenceBuilder()
            .withApiVersion(HasMetadata.getApiVersion(Migration.class))
            .withKind(HasMetadata.getKind(Migration.class))
            .withName(migration.getMetadata().getName())
            .withUid(migration.getMetadata().getUid())
            .build();
    return ImportPodAccess.of(
        migration.getMetadata().getName(), migration.getMetadata().getNamespace(), owner, workload);
  }

  /**
   * A finished Migration starts no import pod: their access goes (also where no garbage collector
   * follows the owner, and in namespaces other than the Migration's); a later round that needs one
   * creates it again.
   */
  private void removeImportPodAccess(Migration migration, MigrationWorkload workload) {
    try {
      importPodAccess(migration, workload).remove(client);
    } catch (KubernetesClientException e) {
      LOG.info(
          "import pod access of {} not removed yet: {}",
          migration.getMetadata().getName(),
          e.getMessage());
    }
  }

  /** Whether a round would change anything: a VM not final, or a cancel not yet carried out. */
  static boolean needsWork(MigrationState state, MigrationState.CancelRequests cancel) {
    for (MigrationRound.Wave w : state.waves()) {
      for (VmMigration vm : w.vms()) {
        if (!vm.phase().isFinal()) {
          return true;
        }
        if (vm.phase() == VmPhase.COMPLETED
            && cancel.covers(w.name(), vm.name())
            && (vm.error() == null || !vm.error().startsWith("cancel refused"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Records that a finished Migration's new spec (e.g. {@code convoy migrate} run again) was seen
   * and changes nothing, so that clients waiting for this generation stop waiting.
   */
  private void acknowledge(Migration migration) {
    Long generation = migration.getMetadata().getGeneration();
    MigrationStatus status = migration.getStatus();
    if (generation == null || generation.equals(status.getObservedGeneration())) {
      return;
    }
    status.setObservedGeneration(generation);
    if (status.getConditions() != null) {
      status.getConditions().forEach(c -> c.setObservedGeneration(generation));
    }
    try {
      client.resource(migration).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.info("status not saved: {}", e.getMessage()); // next time
    }
  }

  /** A finished migration is looked at again this often (a cancel after cutover). */
  private Duration idle() {
    return settings.poll().multipliedBy(5);
  }

  private Runner runner(String key, Migration migration) throws VsphereException {
    String uid = migration.getMetadata().getUid();
    Runner existing = runners.get(key);
    if (existing != null && Objects.equals(existing.uid, uid)) {
      return existing;
    }
    closeRunner(key);
    MigrationSpec spec = migration.getSpec();
    String namespace = migration.getMetadata().getNamespace();
    if (spec.getManifestsRef() == null) {
      throw new IllegalArgumentException("spec.manifestsRef is required (convoy migrate sets it)");
    }
    ConfigMap manifests =
        client.configMaps().inNamespace(namespace).withName(spec.getManifestsRef().getName()).get();
    if (manifests == null) {
      throw new IllegalArgumentException(
          "spec.manifestsRef: ConfigMap " + spec.getManifestsRef().getName() + " not found");
    }
    MigrationWorkload workload =
        MigrationWorkload.from(MigrationResources.decodeManifests(manifests));
    if (spec.getWaves() != null && !spec.getWaves().isEmpty()) {
      for (String wave : spec.getWaves()) {
        if (!workload.waveNames().contains(wave)) {
          throw new IllegalArgumentException(
              "spec.waves: no wave "
                  + wave
                  + " in the plan (waves: "
                  + String.join(", ", workload.waveNames())
                  + ")");
        }
      }
      workload =
          new MigrationWorkload(
              workload.waves().stream().filter(w -> spec.getWaves().contains(w.name())).toList());
    }
    Map<String, List<Preflight.Finding>> findings = Map.of();
    String assessment =
        manifests.getData() == null
            ? null
            : manifests.getData().get(MigrationResources.ASSESSMENT_KEY);
    if (assessment != null) {
      try {
        findings =
            WavePreflight.findings(
                workload,
                assessment,
                "ConfigMap "
                    + namespace
                    + "/"
                    + manifests.getMetadata().getName()
                    + " key "
                    + MigrationResources.ASSESSMENT_KEY);
      } catch (AssessmentFindings.InvalidAssessmentException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    // a migration of OVA packages only has no vCenter to log in to
    MigrationResources.Source source = null;
    VsphereSession session = null;
    VsphereOperations vsphere = null;
    if (workload.hasVsphereVms()) {
      if (spec.getSourceSecretRef() == null) {
        throw new IllegalArgumentException(
            "spec.sourceSecretRef is required for vSphere VMs (convoy migrate sets it)");
      }
      Secret secret =
          client
              .secrets()
              .inNamespace(namespace)
              .withName(spec.getSourceSecretRef().getName())
              .get();
      if (secret == null) {
        throw new IllegalArgumentException(
            "spec.sourceSecretRef: Secret " + spec.getSourceSecretRef().getName() + " not found");
      }
      source = MigrationResources.source(secret, settings.scratch());
      session =
          VsphereSession.open(
              source.endpoint(), source.credentials(), source.tls(), sourceTimeout(spec));
      try {
        vsphere = VsphereSessionOperations.over(session, sourceTimeout(spec));
      } catch (VsphereException e) {
        session.close();
        throw e;
      }
    }
    GuestReadiness readiness = GuestReadiness.NONE;
    ItinerarySettings itinerary =
        new ItinerarySettings(
            Duration.ofSeconds(or(spec.getShutdownTimeoutSeconds(), 300)),
            Duration.ofMinutes(10),
            or(spec.getMaxImportAttempts(), 3),
            Duration.ofMinutes(10),
            false,
            Duration.ZERO);
    if (Boolean.TRUE.equals(spec.getWaitForGuest())) {
      if (settings.readiness() == null) {
        MigrationEvents.emit(
            client,
            migration,
            "Warning",
            "ReadinessUnavailable",
            "spec.waitForGuest: this controller cannot read guest consoles; VMs complete when"
                + " Running");
      } else {
        readiness = settings.readiness().apply(migration, client);
        itinerary = itinerary.withReadiness(Duration.ofMinutes(10));
      }
    }
    MigrationExecutor.Options options =
        new MigrationExecutor.Options(
            itinerary,
            limits(migration),
            source != null
                && source.verifyTlsInPods()
                && !Boolean.FALSE.equals(spec.getVerifySourceTls()),
            ovaStore(migration),
            sourceTimeout(spec));
    Runner runner =
        new Runner(
            uid,
            workload,
            session,
            vsphere,
            new MigrationExecutor(
                vsphere,
                new Fabric8TargetCluster(
                    client, settings.importerTag(), importPodAccess(migration, workload)),
                readiness,
                clock,
                new WavePreflight(
                    WavePreflight.kubernetes(client),
                    findings,
                    Set.of(),
                    WavePreflight.vsphere(vsphere))),
            options);
    runners.put(key, runner);
    return runner;
  }

  /**
   * Where import pods read OVA packages: the plan's spec.source.ovaVolume, else each package's
   * directory on the node (the local runtime: this machine's files).
   */
  private OvaStore ovaStore(Migration migration) {
    MigrationPlan plan =
        client
            .resources(MigrationPlan.class)
            .inNamespace(migration.getMetadata().getNamespace())
            .withName(migration.getSpec().getPlanRef().getName())
            .get();
    return plan == null || plan.getSpec() == null || plan.getSpec().getSource() == null
        ? OvaStore.LOCAL
        : OvaStore.of(plan.getSpec().getSource().getOvaVolume());
  }

  /** The plan's spec.execution.limits (Forklift's defaults without), overridden by the spec's. */
  private Admission.Limits limits(Migration migration) {
    MigrationSpec spec = migration.getSpec();
    MigrationPlan plan =
        client
            .resources(MigrationPlan.class)
            .inNamespace(migration.getMetadata().getNamespace())
            .withName(spec.getPlanRef().getName())
            .get();
    Admission.Limits base =
        plan == null ? Admission.Limits.defaults() : Admission.Limits.of(plan.getSpec());
    return new Admission.Limits(
        or(spec.getMaxPerHost(), base.perSourceHost()),
        or(spec.getMaxPerDatastore(), base.perDatastore()),
        or(spec.getMaxPerStorageClass(), base.perTargetStorage()),
        or(spec.getMaxTotal(), base.total()));
  }

  /**
   * How long the controller's vCenter calls and its import pods wait for vCenter: {@code
   * spec.sourceTimeoutSeconds}, 1 to 3600 (the CRD refuses other values; checked again for an API
   * server that does not validate).
   *
   * @throws IllegalArgumentException naming the field and the value
   */
  static Duration sourceTimeout(MigrationSpec spec) {
    Integer seconds = spec.getSourceTimeoutSeconds();
    if (seconds == null) {
      return Duration.ofSeconds(MigrationSpec.DEFAULT_SOURCE_TIMEOUT_SECONDS);
    }
    if (!MigrationSpec.validSourceTimeout(seconds)) {
      throw new IllegalArgumentException(
          "spec.sourceTimeoutSeconds must be between "
              + MigrationSpec.MIN_SOURCE_TIMEOUT_SECONDS
              + " and "
              + MigrationSpec.MAX_SOURCE_TIMEOUT_SECONDS
              + " seconds, got "
              + seconds);
    }
    return Duration.ofSeconds(seconds);
  }

  private UpdateControl<Migration> invalid(Migration migration, String message) {
    MigrationStatus status =
        migration.getStatus() == null ? new MigrationStatus() : migration.getStatus();
    if (status.getError() != null && message.equals(status.getError().getMessage())) {
      return UpdateControl.noUpdate(); // reported already; a spec change comes back as an event
    }
    status.setObservedGeneration(migration.getMetadata().getGeneration());
    status.setPhase(MigrationPhase.FAILED);
    MigrationError error = new MigrationError();
    error.setReason("InvalidSpec");
    error.setMessage(message);
    status.setError(error);
    migration.setStatus(status);
    try {
      client.resource(migration).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.info("status not saved: {}", e.getMessage());
    }
    MigrationEvents.emit(client, migration, "Warning", "InvalidSpec", message);
    return UpdateControl.noUpdate();
  }

  private void closeRunner(String key) {
    sourceProblems.remove(key);
    Runner runner = runners.remove(key);
    if (runner != null) {
      runner.close();
    }
  }

  /** Closes every vCenter session (the controller stops). */
  void closeAll() {
    List.copyOf(runners.keySet()).forEach(this::closeRunner);
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
