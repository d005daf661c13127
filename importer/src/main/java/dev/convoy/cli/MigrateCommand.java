package dev.convoy.cli;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.importer.inventory.CredentialResolver;
import dev.convoy.importer.inventory.InventoryException;
import dev.convoy.importer.migration.Fabric8TargetCluster;
import dev.convoy.importer.migration.GuestReadiness;
import dev.convoy.importer.migration.LocalConsoleReadiness;
import dev.convoy.importer.migration.MigrationExecutor;
import dev.convoy.importer.migration.MigrationState;
import dev.convoy.importer.migration.MigrationWorkload;
import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.importer.migration.MigrationWorkload.WaveWorkload;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.plans.PlanOutput;
import dev.convoy.plans.PlanWorkflow.Planned;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.DiskMigration;
import dev.convoy.plans.execution.ItinerarySettings;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmPhase;
import dev.convoy.plans.manifests.ManifestGenerator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy migrate PLAN.yaml}: runs a plan's waves from this process against the local runtime
 * (default) or any cluster ({@code --kubeconfig}): cold cutover per VM, one import pod per disk,
 * the VirtualMachine started, optionally the guest's ready signal awaited; rollback on failure. The
 * state is saved in the target namespace, so running the command again resumes.
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
      names = "--max-per-datastore",
      paramLabel = "N",
      defaultValue = "10",
      description = "VMs transferring at once per datastore (default: ${DEFAULT-VALUE}).")
  int perDatastore;

  @Option(
      names = "--max-per-storage-class",
      paramLabel = "N",
      defaultValue = "20",
      description = "VMs transferring at once per storage class (default: ${DEFAULT-VALUE}).")
  int perStorage;

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
    if (source == null) {
      throw new ParameterException(spec.commandLine(), "Missing --source=vsphere://...");
    }
    if (!VsphereEndpoint.matches(source)) {
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
    VsphereEndpoint endpoint = VsphereEndpoint.parse(source);
    TlsPolicy tls;
    try {
      tls = trust.policy();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--thumbprint: " + e.getMessage());
    }
    var credentials = credentials(endpoint);
    try (VsphereSession session =
            VsphereSession.open(endpoint, credentials, tls, Duration.ofMinutes(2));
        VsphereOperations vsphere = VsphereSessionOperations.over(session);
        KubernetesClient client = client(kubeconfig)) {
      if (dryRun) {
        return dryRun(workload, vsphere, client, out);
      }
      GuestReadiness readiness =
          waitForGuest
              ? new LocalConsoleReadiness(
                  client,
                  new LocalPaths(LocalPaths.defaultRoot()),
                  (long) guestRegion[0] << 20,
                  (long) guestRegion[1] << 20)
              : GuestReadiness.NONE;
      ItinerarySettings itinerary =
          new ItinerarySettings(
              Duration.ofSeconds(shutdownSeconds),
              Duration.ofMinutes(10),
              3,
              Duration.ofMinutes(10),
              false,
              Duration.ZERO);
      if (waitForGuest) {
        itinerary = itinerary.withReadiness(Duration.ofMinutes(10));
      }
      MigrationExecutor executor =
          new MigrationExecutor(
              vsphere, new Fabric8TargetCluster(client, "latest"), readiness, Clock.systemUTC());
      MigrationState result =
          executor.run(
              workload,
              new MigrationExecutor.Options(
                  name,
                  namespace,
                  itinerary,
                  new Admission.Limits(0, perDatastore, perStorage),
                  Duration.ofSeconds(2),
                  // import pods verify with the system trust store only (no pin, no CA file yet)
                  tls instanceof TlsPolicy.SystemTrust),
              new ProgressPrinter(out));
      out.print(summary(result));
      out.flush();
      boolean allDone =
          result.waves().stream()
              .flatMap(w -> w.vms().stream())
              .allMatch(v -> v.phase() == VmPhase.COMPLETED);
      return allDone ? ExitCodes.OK : ExitCodes.BLOCKED;
    } catch (VsphereException e) {
      throw UserException.unavailable(e.getMessage(), e);
    } catch (KubernetesClientException e) {
      throw UserException.unavailable("the target cluster: " + e.getMessage(), e);
    }
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
      MigrationWorkload workload,
      VsphereOperations vsphere,
      KubernetesClient client,
      PrintWriter out) {
    Fabric8TargetCluster cluster = new Fabric8TargetCluster(client, "latest");
    int problems = 0;
    out.printf(
        "%-8s %-24s %-10s %-6s %10s  %s%n", "WAVE", "VM", "SOURCE", "DISKS", "SIZE", "CHECK");
    for (WaveWorkload w : workload.waves()) {
      for (VmWorkload vm : w.vms()) {
        String power;
        List<String> notes = new ArrayList<>(cluster.blockingProblems(vm));
        try {
          power = vsphere.powerState(vm.sourceId()).name().toLowerCase(Locale.ROOT);
        } catch (VsphereException e) {
          power = "?";
          notes.add(e.getMessage());
        }
        long bytes = 0;
        for (DiskWorkload disk : vm.disks()) {
          try {
            bytes += vsphere.size(disk.file());
          } catch (VsphereException e) {
            notes.add(e.getMessage());
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
  static String summary(MigrationState state) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%-8s %-24s %-12s %5s %10s %-16s %s%n",
            "WAVE", "VM", "PHASE", "DISKS", "COPIED", "GUEST SHA256", "ERROR"));
    for (MigrationRound.Wave w : state.waves()) {
      for (VmMigration vm : w.vms()) {
        long done = vm.disks().stream().filter(d -> d.sha256() != null).count();
        text.append(
            String.format(
                "%-8s %-24s %-12s %2d/%-2d %10s %-16s %s%n",
                w.name(),
                vm.name(),
                vm.phase().displayName(),
                done,
                vm.disks().size(),
                PlanOutput.size(vm.bytesCopied()),
                vm.guestChecksum() == null ? "-" : vm.guestChecksum().substring(0, 12) + "…",
                vm.error() == null ? "" : vm.error()));
      }
    }
    return text.toString();
  }

  /** Prints events and, at most every few seconds, per-disk progress. */
  static final class ProgressPrinter implements MigrationExecutor.Listener {
    private final PrintWriter out;
    private final Map<String, String> lastProgress = new HashMap<>();
    private Instant lastPrint = Instant.EPOCH;

    ProgressPrinter(PrintWriter out) {
      this.out = out;
    }

    @Override
    public synchronized void event(String vm, String type, String reason, String message) {
      out.printf(
          "%s %-24s %-8s %s: %s%n",
          Instant.now().toString().substring(11, 19), vm, type, reason, message);
      out.flush();
    }

    @Override
    public synchronized void round(MigrationState state, List<MigrationRound.WavePhase> phases) {
      if (Duration.between(lastPrint, Instant.now()).toSeconds() < 5) {
        return;
      }
      for (MigrationRound.Wave w : state.waves()) {
        for (VmMigration vm : w.vms()) {
          if (vm.phase() != VmPhase.TRANSFER_DISKS) {
            continue;
          }
          for (DiskMigration disk : vm.disks()) {
            String line =
                bar(disk.bytesCopied(), disk.bytesTotal())
                    + " "
                    + PlanOutput.size(disk.bytesCopied())
                    + " / "
                    + PlanOutput.size(disk.bytesTotal());
            String key = vm.name() + "/" + disk.name();
            if (!line.equals(lastProgress.put(key, line))) {
              out.printf("         %-24s %-8s %s%n", vm.name(), disk.name(), line);
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

  /** {@code convoy migrate status NAME}. */
  @Command(name = "status", description = "Show a migration's saved state.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

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

    @Override
    public Integer call() throws IOException {
      try (KubernetesClient client = client(kubeconfig)) {
        var saved =
            new Fabric8TargetCluster(client, "latest")
                .loadState(namespace, MigrationState.stateKey(name));
        if (saved.isEmpty()) {
          throw UserException.invalidInput("no migration " + name + " in namespace " + namespace);
        }
        spec.commandLine().getOut().print(summary(MigrationState.fromJson(saved.get())));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
    }
  }

  /** {@code convoy migrate cancel NAME --vm VM... | --wave WAVE}. */
  @Command(
      name = "cancel",
      description = {
        "Cancel VMs (or a wave) of a running or finished migration: their targets are removed",
        "and sources powered on again, also after cutover, by the running 'convoy migrate'."
      })
  static final class Cancel implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The migration (the plan's name).")
    String name;

    @Option(
        names = {"-n", "--namespace"},
        required = true,
        paramLabel = "NS",
        description = "Its target namespace.")
    String namespace;

    @Option(names = "--vm", paramLabel = "VM", description = "VMs to cancel (target names).")
    List<String> vms = new ArrayList<>();

    @Option(names = "--wave", paramLabel = "WAVE", description = "A wave to cancel (its name).")
    String wave;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The target cluster.")
    Path kubeconfig;

    @Override
    public Integer call() throws IOException {
      if (vms.isEmpty() && wave == null) {
        throw new ParameterException(spec.commandLine(), "name --vm VM or --wave WAVE");
      }
      try (KubernetesClient client = client(kubeconfig)) {
        Fabric8TargetCluster cluster = new Fabric8TargetCluster(client, "latest");
        var saved = cluster.loadState(namespace, MigrationState.stateKey(name));
        if (saved.isEmpty()) {
          throw UserException.invalidInput("no migration " + name + " in namespace " + namespace);
        }
        MigrationState state = MigrationState.fromJson(saved.get());
        Set<String> known = new LinkedHashSet<>();
        Set<String> waves = new LinkedHashSet<>();
        for (MigrationRound.Wave w : state.waves()) {
          waves.add(w.name());
          w.vms().forEach(v -> known.add(v.name()));
        }
        for (String vm : vms) {
          if (!known.contains(vm)) {
            throw UserException.invalidInput(
                "--vm "
                    + vm
                    + ": not in migration "
                    + name
                    + " (VMs: "
                    + String.join(", ", known)
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
                  + String.join(", ", waves)
                  + ")");
        }
        Set<String> targets =
            new LinkedHashSet<>(
                cluster
                    .loadState(namespace, MigrationState.cancelKey(name))
                    .map(MigrationState.CancelRequests::fromJson)
                    .map(MigrationState.CancelRequests::targets)
                    .orElse(Set.of()));
        targets.addAll(vms);
        if (wave != null) {
          targets.add("wave:" + wave);
        }
        cluster.saveState(
            namespace,
            MigrationState.cancelKey(name),
            new MigrationState.CancelRequests(targets).toJson());
        spec.commandLine()
            .getOut()
            .println(
                "Cancel requested for "
                    + String.join(", ", targets)
                    + "; run 'convoy migrate' (or keep it running) to roll back.");
        return ExitCodes.OK;
      }
    }
  }
}
