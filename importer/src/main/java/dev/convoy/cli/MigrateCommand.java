package dev.convoy.cli;

import dev.convoy.api.convoy.v1alpha1.DiskMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.MigrationPhase;
import dev.convoy.api.convoy.v1alpha1.MigrationPlan;
import dev.convoy.api.convoy.v1alpha1.MigrationPlanStatus;
import dev.convoy.api.convoy.v1alpha1.MigrationSpec;
import dev.convoy.api.convoy.v1alpha1.MigrationStatus;
import dev.convoy.api.convoy.v1alpha1.PlannedWave;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.WaveStatus;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.handler.local.LocalPaths;
import dev.convoy.importer.assessment.AssessmentRenderer;
import dev.convoy.importer.assessment.AssessmentReport;
import dev.convoy.importer.assessment.Assessor;
import dev.convoy.importer.assessment.Target;
import dev.convoy.importer.inventory.CredentialResolver;
import dev.convoy.importer.inventory.InventoryException;
import dev.convoy.importer.migration.ImportAnnotations;
import dev.convoy.importer.migration.MigrationWorkload;
import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.importer.migration.MigrationWorkload.WaveWorkload;
import dev.convoy.importer.migration.WavePreflight;
import dev.convoy.importer.migration.controller.MigrationResources;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.plans.PlanOutput;
import dev.convoy.plans.PlanWorkflow.Planned;
import dev.convoy.plans.execution.Preflight;
import dev.convoy.plans.execution.VmPhase;
import dev.convoy.plans.manifests.GeneratedFile;
import dev.convoy.plans.manifests.ManifestGenerator;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy migrate PLAN.yaml}: a client of the Migration controller. It plans and generates
 * the manifests here (bad input fails before anything is written), then creates or updates the
 * MigrationPlan, a ConfigMap with the manifests, a Secret with the vCenter connection and the
 * Migration in the target namespace, and follows the Migration's status and events until it
 * finishes. The controller (in the local runtime, or deploy/importer in a cluster) does the work:
 * cold cutover per VM, one import pod per disk, the VirtualMachine started, rollback on failure.
 * Running the command again resumes the same Migration.
 */
@Command(
    name = "migrate",
    description = {
      "Migrate a plan's VMs from vCenter: shut each source down, copy and convert its disks",
      "into PVCs with import pods, start the VirtualMachine; roll back on failure.",
      "Run it again to resume; see also 'migrate status' and 'migrate cancel'."
    },
    subcommands = {MigrateCommand.Status.class, MigrateCommand.Cancel.class})
public final class MigrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // PLAN.yaml and --source are checked in call(): picocli would demand them of the subcommands too
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PLAN.yaml",
      description = "The plan (convoy.dev/v1alpha1 MigrationPlan).")
  Path planFile;

  @Option(
      names = "--source",
      paramLabel = "URL",
      description = "The vCenter: vsphere://[user@]host[:port]; password as for convoy inventory.")
  String source;

  @Option(names = "--inventory", paramLabel = "FILE", description = "Inventory file(s).")
  List<Path> inventories = new ArrayList<>();

  @Option(names = "--wave", paramLabel = "N", description = "Run only wave N (1-based).")
  Integer wave;

  @Option(names = "--dry-run", description = "Check sources and target; change nothing.")
  boolean dryRun;

  @Option(
      names = "--wait-for-guest",
      description =
          "Wait for the demo guest's ready line on the console (local runtime only) and compare"
              + " its disk checksum with the converted disk's.")
  boolean waitForGuest;

  @Option(
      names = "--guest-data-region",
      paramLabel = "OFFSET_MIB,SIZE_MIB",
      split = ",",
      defaultValue = "56,8",
      description =
          "The boot-disk region the demo guest hashes (default: ${DEFAULT-VALUE}, its"
              + " GUEST_DATA_OFFSET_MIB and GUEST_DATA_SIZE_MIB).")
  int[] guestRegion;

  @Option(
      names = "--shutdown-timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "Guest shutdown time before power-off (default: ${DEFAULT-VALUE}).")
  int shutdownSeconds;

  @Option(
      names = "--source-timeout",
      paramLabel = "SECONDS",
      defaultValue = "" + MigrationSpec.DEFAULT_SOURCE_TIMEOUT_SECONDS,
      description =
          "How long each call to vCenter may take, the controller's and the import pods'"
              + " (spec.sourceTimeoutSeconds, 1 to 3600; default: ${DEFAULT-VALUE}).")
  int sourceTimeoutSeconds;

  @Option(
      names = "--max-per-host",
      paramLabel = "N",
      description = "Disks transferring at once per ESXi host (default: the plan's limits).")
  Integer perHost;

  @Option(
      names = "--max-per-datastore",
      paramLabel = "N",
      description = "Disks transferring at once per datastore (default: the plan's limits).")
  Integer perDatastore;

  @Option(
      names = "--max-per-storage-class",
      paramLabel = "N",
      description = "Disks transferring at once per storage class (default: the plan's limits).")
  Integer perStorage;

  @Option(
      names = "--max-total",
      paramLabel = "N",
      description = "Disks transferring at once in all (default: the plan's limits).")
  Integer total;

  @Option(
      names = "--max-import-attempts",
      paramLabel = "N",
      defaultValue = "3",
      description = "Import pods per disk before the VM fails (default: ${DEFAULT-VALUE}).")
  int maxImportAttempts;

  /** How often the status is read while following (tests shorten it). */
  Duration followInterval = Duration.ofSeconds(1);

  @ArgGroup(exclusive = true)
  Trust trust = new Trust();

  @Option(names = "--password-file", paramLabel = "FILE", description = "vCenter password file.")
  Path passwordFile;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The target cluster (default: the local runtime's kubeconfig).")
  Path kubeconfig;

  /** How to trust vCenter. */
  static final class Trust {
    @Option(names = "--thumbprint", paramLabel = "SHA256", description = "Pin this certificate.")
    String thumbprint;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "Trust this CA (PEM).")
    Path caFile;

    @Option(
        names = {"-k", "--insecure"},
        description = "Do not verify vCenter's certificate.")
    boolean insecure;

    TlsPolicy policy() {
      if (thumbprint != null) {
        return new TlsPolicy.Pinned(Thumbprint.parse(thumbprint));
      }
      if (caFile != null) {
        return new TlsPolicy.CaFile(caFile);
      }
      return insecure ? new TlsPolicy.Insecure() : new TlsPolicy.SystemTrust();
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (planFile == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing PLAN.yaml (or a subcommand: status, cancel)");
    }
    if (!MigrationSpec.validSourceTimeout(sourceTimeoutSeconds)) {
      throw new ParameterException(
          spec.commandLine(),
          "--source-timeout must be between "
              + MigrationSpec.MIN_SOURCE_TIMEOUT_SECONDS
              + " and "
              + MigrationSpec.MAX_SOURCE_TIMEOUT_SECONDS
              + " seconds, not "
              + sourceTimeoutSeconds);
    }
    if (source != null && !VsphereEndpoint.matches(source)) {
      throw new ParameterException(
          spec.commandLine(), "--source must be vsphere://[user@]host[:port], not " + source);
    }
    Planned planned = PlanCommand.planOrExplain(planFile, inventories, err);
    if (planned.waves().hasErrors()) {
      throw new UserException(
          ExitCodes.BLOCKED,
          "the plan cannot meet its hard constraints; run convoy plan to see why");
    }
    MigrationWorkload workload;
    try {
      workload =
          MigrationWorkload.from(
              ManifestGenerator.generate(
                  planned.resolved(), planned.waves(), ManifestGenerator.DiskMode.PVC));
    } catch (IllegalArgumentException e) {
      throw UserException.invalidInput(planFile + ": " + e.getMessage());
    }
    if (wave != null) {
      if (wave < 1 || wave > workload.waves().size()) {
        throw new ParameterException(
            spec.commandLine(),
            "--wave " + wave + ": the plan has " + workload.waves().size() + " waves");
      }
      workload = new MigrationWorkload(List.of(workload.waves().get(wave - 1)));
    }
    String name = planned.resolved().planName() + (wave == null ? "" : "-wave-" + wave);
    String namespace = workload.waves().get(0).vms().get(0).namespace();
    if (!workload.hasVsphereVms()) {
      // OVA packages only: no vCenter to log in to, no source Secret
      return migrateWithoutVcenter(planned, workload, name, namespace, wave, out);
    }
    if (source == null) {
      throw new ParameterException(
          spec.commandLine(), "Missing --source=vsphere://... (the plan has vSphere VMs)");
    }
    VsphereEndpoint endpoint = VsphereEndpoint.parse(source);
    TlsPolicy tls;
    try {
      tls = trust.policy();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--thumbprint: " + e.getMessage());
    }
    var credentials = credentials(endpoint);
    List<GeneratedFile> manifests = selectedManifests(planned, workload);
    try (KubernetesClient client = client(kubeconfig)) {
      // the login checks the source and the credentials before anything is written
      Duration sourceTimeout = Duration.ofSeconds(sourceTimeoutSeconds);
      try (VsphereSession session = VsphereSession.open(endpoint, credentials, tls, sourceTimeout);
          VsphereOperations vsphere = VsphereSessionOperations.over(session, sourceTimeout)) {
        if (dryRun) {
          return dryRun(planned, workload, vsphere, client, out);
        }
      }
      Migration migration =
          submit(
              client,
              name,
              namespace,
              planned,
              manifests,
              MigrationResources.sourceData(
                  source, credentials.username(), credentials.passwordChars(), tls),
              wave == null ? null : List.of(workload.waves().get(0).name()),
              tls instanceof TlsPolicy.SystemTrust);
      return followToTheEnd(client, migration, out);
    } catch (VsphereException e) {
      throw UserException.unavailable(e.getMessage(), e);
    } catch (KubernetesClientException e) {
      throw UserException.unavailable("the target cluster: " + e.getMessage(), e);
    }
  }

  /** Follows a submitted Migration until it ends, prints the summary, and gives the exit code. */
  private int followToTheEnd(KubernetesClient client, Migration migration, PrintWriter out)
      throws InterruptedException {
    out.printf(
        "Migration %s/%s submitted; following its status (Ctrl-C stops following, not the"
            + " migration).%n",
        migration.getMetadata().getNamespace(), migration.getMetadata().getName());
    out.flush();
    MigrationStatus result = follow(client, migration, out);
    out.print(summary(result));
    out.flush();
    return MigrationPhase.SUCCEEDED.equals(result.getPhase()) ? ExitCodes.OK : ExitCodes.BLOCKED;
  }

  /** Where import pods will read the plan's OVA packages (its spec.source.ovaVolume, if any). */
  private static dev.convoy.importer.migration.OvaStore ovaStore(Planned planned) {
    var source = planned.resolved().parsed().plan().getSpec().getSource();
    return dev.convoy.importer.migration.OvaStore.of(source == null ? null : source.getOvaVolume());
  }

  /** {@link #call()} for a plan whose VMs all come from OVA packages. */
  private int migrateWithoutVcenter(
      Planned planned,
      MigrationWorkload workload,
      String name,
      String namespace,
      Integer wave,
      PrintWriter out)
      throws IOException, InterruptedException {
    List<GeneratedFile> manifests = selectedManifests(planned, workload);
    try (KubernetesClient client = client(kubeconfig)) {
      if (dryRun) {
        return dryRun(planned, workload, null, client, out);
      }
      Migration migration =
          submit(
              client,
              name,
              namespace,
              planned,
              manifests,
              null,
              wave == null ? null : List.of(workload.waves().get(0).name()),
              true);
      return followToTheEnd(client, migration, out);
    } catch (KubernetesClientException e) {
      throw UserException.unavailable("the target cluster: " + e.getMessage(), e);
    }
  }

  /**
   * The importer's assessment of the plan's VMs (as {@code convoy assess -o json} writes it), for
   * the controller's wave pre-flight: a Critical finding blocks its VM before anything is touched.
   * Only the planned VMs are assessed, which keeps the ConfigMap small.
   */
  static String assessment(Planned planned) {
    return AssessmentRenderer.serialise(assessmentReport(planned), InventoryCodec.Format.JSON);
  }

  /** The importer's assessment of the plan's VMs (only those: the rest is not migrated). */
  static AssessmentReport assessmentReport(Planned planned) {
    Inventory inventory = planned.resolved().inventory();
    Inventory plannedVms =
        new Inventory(
            inventory.schemaVersion(),
            inventory.generatedAt(),
            inventory.sources(),
            inventory.datacenters(),
            inventory.clusters(),
            inventory.hosts(),
            inventory.networks(),
            inventory.datastores(),
            planned.resolved().vms(),
            inventory.notes());
    return new Assessor().assess(plannedVms, Target.unknown());
  }

  /** The generated files of the selected waves' VMs (all of them: --wave is spec.waves). */
  private static List<GeneratedFile> selectedManifests(
      Planned planned, MigrationWorkload workload) {
    return ManifestGenerator.generate(
        planned.resolved(), planned.waves(), ManifestGenerator.DiskMode.PVC);
  }

  /**
   * Creates or updates the MigrationPlan, the manifests ConfigMap, the vCenter Secret and the
   * Migration (an existing Migration keeps its status and cancel requests: the controller resumes
   * it).
   */
  Migration submit(
      KubernetesClient client,
      String name,
      String namespace,
      Planned planned,
      List<GeneratedFile> manifests,
      Map<String, String> sourceData,
      List<String> waves,
      boolean verifyTls)
      throws IOException {
    if (client.namespaces().withName(namespace).get() == null) {
      throw new UserException(
          ExitCodes.BLOCKED, "target namespace " + namespace + " does not exist; create it first");
    }
    String planName = planned.resolved().planName();
    MigrationPlan plan;
    try {
      plan = Serialization.unmarshal(Files.readString(planFile), MigrationPlan.class);
    } catch (RuntimeException e) {
      throw UserException.invalidInput(planFile + ": " + e.getMessage());
    }
    plan.getMetadata().setNamespace(namespace);
    plan.getMetadata().setResourceVersion(null);
    plan.setStatus(null);
    MigrationPlan storedPlan =
        client
            .resources(MigrationPlan.class)
            .inNamespace(namespace)
            .resource(plan)
            .createOr(
                existing ->
                    existing.edit(
                        p -> {
                          p.setSpec(plan.getSpec());
                          return p;
                        }));
    MigrationPlanStatus planStatus = new MigrationPlanStatus();
    planStatus.setObservedGeneration(storedPlan.getMetadata().getGeneration());
    List<PlannedWave> plannedWaves = new ArrayList<>();
    for (var w : planned.waves().waves()) {
      PlannedWave pw = new PlannedWave();
      pw.setName(w.name());
      pw.setVms(w.vms().stream().map(v -> v.name()).toList());
      pw.setVmCount(w.vms().size());
      pw.setDiskCount(w.diskCount());
      plannedWaves.add(pw);
    }
    planStatus.setWaves(plannedWaves);
    planStatus.setWaveCount(plannedWaves.size());
    planStatus.setVmCount(plannedWaves.stream().mapToInt(PlannedWave::getVmCount).sum());
    storedPlan.setStatus(planStatus);
    try {
      client.resource(storedPlan).updateStatus();
    } catch (KubernetesClientException e) {
      // the plan's status is informative; the migration does not depend on it
    }
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(MigrationResources.manifestsName(name))
                .withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "convoy")
                .addToLabels(ImportAnnotations.MIGRATION_LABEL, name)
                .endMetadata()
                .addToBinaryData(
                    MigrationResources.MANIFESTS_KEY, MigrationResources.encodeManifests(manifests))
                .addToData(MigrationResources.ASSESSMENT_KEY, assessment(planned))
                .build())
        .createOr(existing -> existing.update());
    if (sourceData != null) { // null: OVA packages only, no vCenter
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(MigrationResources.sourceSecretName(name))
                  .withNamespace(namespace)
                  .addToLabels("app.kubernetes.io/managed-by", "convoy")
                  .addToLabels(ImportAnnotations.MIGRATION_LABEL, name)
                  .endMetadata()
                  .withType("Opaque")
                  .withData(base64(sourceData))
                  .build())
          .createOr(existing -> existing.update());
    }
    MigrationSpec spec = new MigrationSpec();
    spec.setPlanRef(new LocalObjectReference(planName));
    spec.setWaves(waves);
    spec.setManifestsRef(new LocalObjectReference(MigrationResources.manifestsName(name)));
    spec.setSourceSecretRef(
        sourceData == null
            ? null
            : new LocalObjectReference(MigrationResources.sourceSecretName(name)));
    spec.setShutdownTimeoutSeconds(shutdownSeconds);
    spec.setSourceTimeoutSeconds(sourceTimeoutSeconds);
    spec.setMaxPerHost(perHost);
    spec.setMaxPerDatastore(perDatastore);
    spec.setMaxPerStorageClass(perStorage);
    spec.setMaxTotal(total);
    spec.setMaxImportAttempts(maxImportAttempts);
    spec.setWaitForGuest(waitForGuest ? Boolean.TRUE : null);
    spec.setGuestDataRegion(guestRegion[0] + "," + guestRegion[1]);
    spec.setVerifySourceTls(verifyTls);
    Migration existing =
        client.resources(Migration.class).inNamespace(namespace).withName(name).get();
    if (existing != null) {
      spec.setCancel(existing.getSpec() == null ? null : existing.getSpec().getCancel());
      existing.setSpec(spec);
      return client.resource(existing).update();
    }
    Migration migration = new Migration();
    migration.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/managed-by", "convoy")
            .build());
    migration.setSpec(spec);
    return client.resource(migration).create();
  }

  private static Map<String, String> base64(Map<String, String> data) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    data.forEach(
        (k, v) ->
            out.put(
                k,
                java.util.Base64.getEncoder()
                    .encodeToString(v.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    return out;
  }

  /**
   * Follows the Migration's status and events until it finishes: event lines, per-disk progress
   * bars at most every few seconds, wave phase changes.
   */
  MigrationStatus follow(KubernetesClient client, Migration migration, PrintWriter out)
      throws InterruptedException {
    String namespace = migration.getMetadata().getNamespace();
    String name = migration.getMetadata().getName();
    Set<String> seenEvents = new java.util.HashSet<>();
    // events of earlier runs of this Migration are not news
    events(client, migration).forEach(e -> seenEvents.add(e.getMetadata().getName()));
    ProgressPrinter printer = new ProgressPrinter(out);
    Instant begin = Instant.now();
    boolean warned = false;
    long generation =
        migration.getMetadata().getGeneration() == null
            ? 0
            : migration.getMetadata().getGeneration();
    while (true) {
      Migration current =
          client.resources(Migration.class).inNamespace(namespace).withName(name).get();
      if (current == null) {
        throw new UserException(
            ExitCodes.BLOCKED, "Migration " + namespace + "/" + name + " was deleted");
      }
      for (Event e : events(client, current)) {
        if (seenEvents.add(e.getMetadata().getName())) {
          printer.event(e.getType(), e.getReason(), e.getMessage());
        }
      }
      MigrationStatus status = current.getStatus();
      if (status != null && status.getWaves() != null) {
        printer.round(status);
      }
      boolean current_ =
          status != null
              && status.getObservedGeneration() != null
              && status.getObservedGeneration() >= generation;
      if (current_ && MigrationPhase.isFinal(status.getPhase())) {
        return status;
      }
      if (status == null && !warned && Duration.between(begin, Instant.now()).toSeconds() >= 30) {
        out.println(
            "No controller has picked up the Migration yet: is 'convoy runtime up' running, or"
                + " the controller deployed (deploy/importer)?");
        out.flush();
        warned = true;
      }
      Thread.sleep(followInterval.toMillis());
    }
  }

  private static List<Event> events(KubernetesClient client, Migration migration) {
    String uid = migration.getMetadata().getUid();
    List<Event> out = new ArrayList<>();
    for (Event e :
        client
            .v1()
            .events()
            .inNamespace(migration.getMetadata().getNamespace())
            .list()
            .getItems()) {
      if (e.getInvolvedObject() != null
          && uid != null
          && uid.equals(e.getInvolvedObject().getUid())) {
        out.add(e);
      }
    }
    out.sort(
        java.util.Comparator.comparing(
                (Event e) -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp())
            .thenComparing(
                e ->
                    e.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : e.getMetadata().getCreationTimestamp()));
    return out;
  }

  private dev.convoy.importer.vsphere.VsphereCredentials credentials(VsphereEndpoint endpoint) {
    try {
      return new CredentialResolver(passwordFile, System.getenv()).credentials(endpoint);
    } catch (InventoryException e) {
      throw UserException.invalidInput(e.getMessage());
    }
  }

  static KubernetesClient client(Path kubeconfig) throws IOException {
    Path file = kubeconfig;
    if (file == null) {
      Path local = new LocalPaths(LocalPaths.defaultRoot()).kubeconfig();
      if (Files.exists(local)) {
        file = local;
      }
    }
    if (file == null) {
      return new KubernetesClientBuilder().build();
    }
    if (!Files.isRegularFile(file)) {
      throw UserException.invalidInput(
          "kubeconfig " + file + " does not exist (start the local runtime or pass --kubeconfig)");
    }
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(file)))
        .build();
  }

  private int dryRun(
      Planned planned,
      MigrationWorkload workload,
      VsphereOperations vsphere,
      KubernetesClient client,
      PrintWriter out) {
    var cluster =
        new dev.convoy.importer.migration.Fabric8TargetCluster(client, VersionInfo.version());
    // the controller's pre-flight: the same target checks and the same assessment findings
    WavePreflight preflight =
        new WavePreflight(
            WavePreflight.kubernetes(client),
            WavePreflight.findings(workload, assessmentReport(planned)),
            Set.of(),
            // the scratch charged to ephemeral-storage quotas from vCenter's file sizes, as the
            // controller's pre-flight does
            WavePreflight.vsphere(vsphere));
    int problems = 0;
    out.printf(
        "%-8s %-24s %-10s %-6s %10s  %s%n", "WAVE", "VM", "SOURCE", "DISKS", "SIZE", "CHECK");
    for (WaveWorkload w : workload.waves()) {
      Map<String, Preflight.Verdict> verdicts = preflight.check(w.vms());
      for (VmWorkload vm : w.vms()) {
        String power;
        List<String> notes = new ArrayList<>(verdicts.get(vm.name()).messages());
        long bytes = 0;
        if (vm.sourceKind() == MigrationWorkload.SourceKind.OVA) {
          power = "ova"; // a package: no power state
          for (DiskWorkload disk : vm.disks()) {
            bytes += disk.capacityBytes();
            // what the controller's pre-flight will say (it runs beside the local runtime)
            ovaStore(planned).problem(disk.ova()).ifPresent(notes::add);
          }
        } else {
          try {
            power = vsphere.powerState(vm.sourceId()).name().toLowerCase(Locale.ROOT);
          } catch (VsphereException e) {
            power = "?";
            notes.add(e.getMessage());
          }
          for (DiskWorkload disk : vm.disks()) {
            try {
              bytes += vsphere.size(disk.file());
            } catch (VsphereException e) {
              notes.add(e.getMessage());
            }
          }
        }
        if (cluster.observeTarget(vm).virtualMachineExists()) {
          notes.add("VirtualMachine " + vm.name() + " already exists");
        }
        problems += notes.isEmpty() ? 0 : 1;
        out.printf(
            "%-8s %-24s %-10s %-6d %10s  %s%n",
            w.name(),
            vm.name(),
            power,
            vm.disks().size(),
            PlanOutput.size(bytes),
            notes.isEmpty() ? "ok" : String.join("; ", notes));
      }
    }
    out.println(
        problems == 0
            ? "Dry run: nothing changed; every VM can start."
            : "Dry run: nothing changed; " + problems + " VM(s) would be blocked.");
    out.flush();
    return problems == 0 ? ExitCodes.OK : ExitCodes.BLOCKED;
  }

  /** The final table: one line per VM. */
  static String summary(MigrationStatus status) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%-8s %-24s %-14s %5s %10s %10s %-16s %s%n",
            "WAVE", "VM", "PHASE", "DISKS", "COPIED", "RATE", "GUEST SHA256", "ERROR"));
    for (WaveStatus w : nonNull(status.getWaves())) {
      for (VmMigrationStatus vm : nonNull(w.getVms())) {
        List<DiskMigrationStatus> disks = nonNull(vm.getDisks());
        long done = disks.stream().filter(d -> d.getSha256() != null).count();
        long rate = disks.stream().mapToLong(d -> or(d.getBytesPerSecond())).max().orElse(0);
        text.append(
            String.format(
                "%-8s %-24s %-14s %2d/%-2d %10s %10s %-16s %s%n",
                w.getName(),
                vm.getName(),
                vm.getPhase(),
                done,
                disks.size(),
                PlanOutput.size(or(vm.getBytesCopied())),
                rate == 0 ? "-" : PlanOutput.size(rate) + "/s",
                vm.getGuestChecksum() == null ? "-" : vm.getGuestChecksum().substring(0, 12) + "…",
                vm.getError() == null
                    ? ""
                    : vm.getError().getReason() + ": " + vm.getError().getMessage()));
      }
    }
    if (status.getError() != null && nonNull(status.getWaves()).isEmpty()) {
      text.append(
          String.format(
              "Error (%s): %s%n", status.getError().getReason(), status.getError().getMessage()));
    }
    text.append(
        String.format(
            "Migration %s: %s of %s copied%n",
            status.getPhase(),
            PlanOutput.size(or(status.getBytesCopied())),
            PlanOutput.size(or(status.getBytesTotal()))));
    return text.toString();
  }

  private static long or(Long value) {
    return value == null ? 0 : value;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Prints events, wave phase changes and, at most every few seconds, per-disk progress. */
  static final class ProgressPrinter {
    private final PrintWriter out;
    private final Map<String, String> lastProgress = new HashMap<>();
    private final Map<String, String> wavePhases = new HashMap<>();
    private final Map<String, String> waiting = new HashMap<>();
    private Instant lastPrint = Instant.EPOCH;

    ProgressPrinter(PrintWriter out) {
      this.out = out;
    }

    void event(String type, String reason, String message) {
      out.printf(
          "%s %-8s %-22s %s%n", Instant.now().toString().substring(11, 19), type, reason, message);
      out.flush();
    }

    void round(MigrationStatus status) {
      for (WaveStatus w : nonNull(status.getWaves())) {
        if (!w.getPhase().equals(wavePhases.put(w.getName(), w.getPhase()))) {
          out.printf(
              "%s wave %s: %s%n",
              Instant.now().toString().substring(11, 19), w.getName(), w.getPhase());
        }
      }
      for (WaveStatus w : nonNull(status.getWaves())) {
        for (VmMigrationStatus vm : nonNull(w.getVms())) {
          // printed when it changes: a VM may wait for a slot for a long time
          String reason = vm.getWaitingFor();
          if (reason != null && !reason.equals(waiting.put(vm.getName(), reason))) {
            out.printf(
                "%s %-24s %s%n", Instant.now().toString().substring(11, 19), vm.getName(), reason);
          } else if (reason == null) {
            waiting.remove(vm.getName());
          }
        }
      }
      if (Duration.between(lastPrint, Instant.now()).toSeconds() < 5) {
        out.flush();
        return;
      }
      for (WaveStatus w : nonNull(status.getWaves())) {
        for (VmMigrationStatus vm : nonNull(w.getVms())) {
          if (!VmPhase.TRANSFER_DISKS.displayName().equals(vm.getPhase())) {
            continue;
          }
          for (DiskMigrationStatus disk : nonNull(vm.getDisks())) {
            String line =
                bar(or(disk.getBytesCopied()), or(disk.getBytesTotal()))
                    + " "
                    + PlanOutput.size(or(disk.getBytesCopied()))
                    + " / "
                    + PlanOutput.size(or(disk.getBytesTotal()))
                    + (disk.getBytesPerSecond() == null
                        ? ""
                        : "  " + PlanOutput.size(disk.getBytesPerSecond()) + "/s")
                    + (disk.getAttempts() != null && disk.getAttempts() > 1
                        ? "  attempt " + disk.getAttempts()
                        : "");
            String key = vm.getName() + "/" + disk.getName();
            if (!line.equals(lastProgress.put(key, line))) {
              out.printf("         %-24s %-8s %s%n", vm.getName(), disk.getName(), line);
            }
          }
        }
      }
      lastPrint = Instant.now();
      out.flush();
    }

    static String bar(long done, long total) {
      int width = 20;
      int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
      return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
  }

  /** The Migration {@code name}, or a clear error. */
  static Migration migration(KubernetesClient client, String namespace, String name) {
    Migration migration =
        client.resources(Migration.class).inNamespace(namespace).withName(name).get();
    if (migration == null) {
      throw UserException.invalidInput("no migration " + name + " in namespace " + namespace);
    }
    return migration;
  }

  /** What {@code migrate status} and {@code migrate cancel} name: a Migration and its cluster. */
  static final class MigrationRef {
    @Parameters(index = "0", paramLabel = "NAME", description = "The migration (the plan's name).")
    String name;

    @Option(
        names = {"-n", "--namespace"},
        required = true,
        paramLabel = "NS",
        description = "Its target namespace.")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The target cluster.")
    Path kubeconfig;

    /** The Migration, read from the cluster. */
    Migration read(KubernetesClient client) {
      return migration(client, namespace, name);
    }
  }

  /** {@code convoy migrate status NAME}. */
  @Command(name = "status", description = "Show a migration's status (per wave, VM and disk).")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin MigrationRef ref;

    @Override
    public Integer call() throws IOException {
      String name = ref.name;
      try (KubernetesClient client = client(ref.kubeconfig)) {
        Migration migration = ref.read(client);
        PrintWriter out = spec.commandLine().getOut();
        if (migration.getStatus() == null || migration.getStatus().getWaves() == null) {
          out.println(
              "Migration "
                  + name
                  + " has not started yet"
                  + (migration.getStatus() != null && migration.getStatus().getError() != null
                      ? ": " + migration.getStatus().getError().getMessage()
                      : " (no controller has picked it up)"));
        } else {
          out.print(summary(migration.getStatus()));
        }
        out.flush();
        return ExitCodes.OK;
      } catch (KubernetesClientException e) {
        throw UserException.unavailable("the target cluster: " + e.getMessage(), e);
      }
    }
  }

  /** {@code convoy migrate cancel NAME --vm VM... | --wave WAVE}. */
  @Command(
      name = "cancel",
      description = {
        "Cancel VMs (or a wave) of a running or finished migration: the controller removes their",
        "targets and powers the sources on again, also after cutover."
      })
  static final class Cancel implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin MigrationRef ref;

    @Option(names = "--vm", paramLabel = "VM", description = "VMs to cancel (target names).")
    List<String> vms = new ArrayList<>();

    @Option(names = "--wave", paramLabel = "WAVE", description = "A wave to cancel (its name).")
    String wave;

    @Override
    public Integer call() throws IOException {
      if (vms.isEmpty() && wave == null) {
        throw new ParameterException(spec.commandLine(), "name --vm VM or --wave WAVE");
      }
      String name = ref.name;
      String namespace = ref.namespace;
      try (KubernetesClient client = client(ref.kubeconfig)) {
        Migration migration = ref.read(client);
        Set<String> known = new LinkedHashSet<>();
        Set<String> waves = new LinkedHashSet<>();
        MigrationStatus status = migration.getStatus();
        for (WaveStatus w : status == null ? List.<WaveStatus>of() : nonNull(status.getWaves())) {
          waves.add(w.getName());
          nonNull(w.getVms()).forEach(v -> known.add(v.getName()));
        }
        for (String vm : vms) {
          if (!known.contains(vm)) {
            throw UserException.invalidInput(
                "--vm "
                    + vm
                    + ": not in migration "
                    + name
                    + " (VMs: "
                    + (known.isEmpty() ? "none yet" : String.join(", ", known))
                    + ")");
          }
        }
        if (wave != null && !waves.contains(wave)) {
          throw UserException.invalidInput(
              "--wave "
                  + wave
                  + ": not in migration "
                  + name
                  + " (waves: "
                  + (waves.isEmpty() ? "none yet" : String.join(", ", waves))
                  + ")");
        }
        Set<String> targets = new LinkedHashSet<>();
        Migration updated =
            client
                .resources(Migration.class)
                .inNamespace(namespace)
                .withName(name)
                .edit(
                    m -> {
                      if (m.getSpec().getCancel() != null) {
                        targets.addAll(m.getSpec().getCancel());
                      }
                      targets.addAll(vms);
                      if (wave != null) {
                        targets.add("wave:" + wave);
                      }
                      m.getSpec().setCancel(new ArrayList<>(targets));
                      return m;
                    });
        spec.commandLine()
            .getOut()
            .println(
                "Cancel requested for "
                    + String.join(", ", updated.getSpec().getCancel())
                    + "; the migration controller rolls them back ('convoy migrate status "
                    + name
                    + " -n "
                    + namespace
                    + "' shows progress).");
        return ExitCodes.OK;
      } catch (KubernetesClientException e) {
        throw UserException.unavailable("the target cluster: " + e.getMessage(), e);
      }
    }
  }
}
