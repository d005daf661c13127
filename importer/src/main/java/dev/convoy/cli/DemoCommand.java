package dev.convoy.cli;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.RuntimeDaemon;
import dev.convoy.importer.demo.DemoEnvironment;
import dev.convoy.importer.demo.DemoEnvironment.Check;
import dev.convoy.importer.demo.DemoGuest;
import dev.convoy.importer.demo.DemoSource;
import dev.convoy.importer.demo.DemoTarget;
import dev.convoy.importer.demo.DemoVcenter;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convoy demo}: the whole migration on this machine. It starts the vCenter simulator with
 * two VMs whose disk is the demo guest, starts the local runtime, migrates the two VMs in two waves
 * with {@code convoy migrate examples/plans/demo-migration.yaml}, and shows each migrated guest's
 * ready line with the checksum of its disk next to the source's. Every step is a {@code convoy}
 * command run as a child process, as a user would run it. Running it again starts over: a fresh
 * simulator and an emptied demo namespace. {@code convoy demo down} removes it all.
 */
@Command(
    name = "demo",
    description = {
      "Run the demo migration: a simulated vCenter with two VMs whose disk is the demo guest, the",
      "local runtime, a two-wave plan (examples/plans/demo-migration.yaml) migrated with 'convoy"
          + " migrate', and the migrated guests' ready lines with their disk checksums.",
      "Running it again starts over. Use scripts/demo to install and build what is missing first."
    },
    subcommands = {DemoCommand.Down.class})
public final class DemoCommand implements Callable<Integer> {
  /** The demo plan, relative to the repository root. */
  static final String PLAN = "examples/plans/demo-migration.yaml";

  private static final Pattern READY_LINE = Pattern.compile("CONVOY-GUEST-READY [^\\r\\n]*");
  private static final Pattern READY_FIELDS =
      Pattern.compile("disk-sha256=([0-9a-f]{64}) mac=([0-9a-f:]{17}|none)");

  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      description =
          "Repository root holding build/ and examples/ (default: the current directory).",
      defaultValue = ".")
  Path root;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The local runtime's data directory (default: as for 'runtime up').")
  Path dataDir;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the demo keeps the simulator's state and the inventory (default: ROOT/build/demo).")
  Path workDir;

  @Option(
      names = "--accelerator",
      defaultValue = "auto",
      description = "For 'runtime up': kvm, tcg or auto (default: ${DEFAULT-VALUE}).")
  String accelerator;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Path repo = root.toAbsolutePath().normalize();
    Path work = workDir != null ? workDir.toAbsolutePath() : repo.resolve("build/demo");
    Path plan = repo.resolve(PLAN);
    if (!Files.isRegularFile(plan)) {
      throw UserException.invalidInput(plan + " is missing: is --root the Convoy repository?");
    }
    Children children = new Children(dataDir, out);
    out.println(
        "Convoy demo: migrate two VMs from a (simulated) vCenter onto Convoy, in two waves.");

    step(out, 1, "Prerequisites");
    checkPrerequisites(repo, out);

    step(out, 2, "Source: the vCenter simulator with two VMs whose disk is the demo guest");
    DemoGuest guest;
    try {
      guest = DemoGuest.read(repo.resolve("build/guest"));
    } catch (IOException e) {
      throw UserException.invalidInput(e.getMessage());
    }
    DemoVcenter vcenter = new DemoVcenter(repo.resolve("build/bin/vcsim"), work);
    if (vcenter.stop()) {
      out.println(
          "  stopped the previous demo's simulator (a new one starts with a fresh inventory)");
    }
    DemoVcenter.Running running;
    try {
      running = vcenter.start(DemoSource.TOPOLOGY, Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage(), e);
    }
    out.printf(
        "  vCenter simulator: %s (pid %d, certificate SHA-256 %s…)%n",
        running.url(), running.pid(), running.thumbprintSha256().substring(0, 23));
    Path inventoryFile = work.resolve("inventory.yaml");
    Inventory inventory;
    try {
      inventory = DemoSource.prepare(running, guest, inventoryFile);
    } catch (VsphereException e) {
      throw new UserException(
          ExitCodes.UNAVAILABLE, "preparing the demo VMs in the simulator: " + e.getMessage(), e);
    }
    for (Map.Entry<String, String> vm : DemoSource.VMS.entrySet()) {
      Vm source = find(inventory, vm.getKey());
      out.printf(
          "  %-7s (was %s, %s): %d MiB, disk %s = the demo guest's VMDK (%s, %d MiB), MAC %s%n",
          vm.getKey(),
          vm.getValue(),
          source.id(),
          source.memoryMiB(),
          source.disks().get(0).fileName(),
          guest.vmdk().getFileName(),
          source.disks().get(0).capacityBytes() >> 20,
          mac(source));
    }
    out.printf(
        "  %d VMs in the inventory, saved to %s%n",
        inventory.vms().size(), repo.relativize(work).resolve("inventory.yaml"));
    Path passwordFile = work.resolve("vcenter-password");
    Files.writeString(passwordFile, DemoVcenter.PASSWORD + "\n");

    step(out, 3, "Target: the local runtime (convoy runtime up)");
    children.run("runtime up", "runtime", "up", "--accelerator=" + accelerator);
    LocalPaths paths = new LocalPaths(dataDir != null ? dataDir : LocalPaths.defaultRoot());
    try (KubernetesClient client = client(paths)) {
      int left = new DemoTarget(client).reset(Duration.ofMinutes(3));
      out.printf(
          "  namespace %s is empty%s%n",
          DemoTarget.NAMESPACE,
          left == 0 ? "" : " (removed " + left + " VMs of a previous demo run)");
    } catch (KubernetesClientException | IOException e) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "emptying namespace " + DemoTarget.NAMESPACE + " on the local runtime: " + e.getMessage(),
          e);
    }

    step(out, 4, "Migrate (convoy migrate " + PLAN + ")");
    List<String> migrate =
        List.of(
            "migrate",
            plan.toString(),
            "--inventory=" + inventoryFile,
            "--source=" + running.url(),
            "--thumbprint=" + running.thumbprintSha256(),
            "--password-file=" + passwordFile,
            "--wait-for-guest",
            "--guest-data-region=" + guest.regionOffsetMiB() + "," + guest.regionSizeMiB(),
            "--shutdown-timeout=30");
    out.println(
        "  convoy "
            + String.join(" ", migrate.subList(0, 2))
            + " --source="
            + running.url()
            + " ...");
    children.run("migrate", migrate.toArray(String[]::new));

    step(out, 5, "The migrated guests");
    boolean allMatch = true;
    Map<String, VsphereOperations.PowerState> sources;
    try {
      sources = DemoSource.powerStates(running, inventory);
    } catch (VsphereException e) {
      throw new UserException(
          ExitCodes.UNAVAILABLE, "reading the sources' power states: " + e.getMessage(), e);
    }
    for (String name : DemoSource.VMS.keySet()) {
      String console =
          children.capture(
              "vm console",
              "vm",
              "console",
              name,
              "-n",
              DemoTarget.NAMESPACE,
              "--expect",
              "CONVOY-GUEST-READY",
              "--timeout",
              "120");
      Matcher line = READY_LINE.matcher(console);
      if (!line.find()) {
        throw new UserException(ExitCodes.UNAVAILABLE, name + ": no ready line on its console");
      }
      Matcher fields = READY_FIELDS.matcher(line.group());
      boolean parsed = fields.find();
      String reportedSha = parsed ? fields.group(1) : "?";
      String reportedMac = parsed ? fields.group(2) : "?";
      String sourceMac = mac(find(inventory, name)).toLowerCase(Locale.ROOT);
      boolean shaOk = reportedSha.equals(guest.regionSha256());
      boolean macOk = reportedMac.equals(sourceMac);
      allMatch &= shaOk && macOk;
      out.printf("  %s console: %s%n", name, line.group().strip());
      out.printf(
          "  %s         checksum %s the source disk's (%s…), MAC %s the source NIC's (%s);"
              + " source in vCenter: %s%n",
          " ".repeat(name.length()),
          shaOk ? "=" : "≠",
          guest.regionSha256().substring(0, 16),
          macOk ? "=" : "≠",
          sourceMac,
          sources.get(name).name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
    out.println();
    children.run("vm list", "vm", "list", "-n", DemoTarget.NAMESPACE);

    step(out, 6, "Done in " + (System.nanoTime() - started) / 1_000_000_000L + " s");
    out.printf(
        """
          The two VMs were shut down in vCenter, their disks copied from the datastore and
          converted by import pods (qemu-img, verified), and they now run on Convoy as
          KubeVirt VirtualMachines in namespace %s, each guest reading the same disk
          content as its source.

          Look around:
            ./convoy vm list -n %s
            ./convoy vm console db-01 -n %s            (Ctrl+] detaches)
            ./convoy migrate status demo-migration -n %s
            KUBECONFIG=%s kubectl get vm,vmi,pvc -n %s
          Clean up:
            ./convoy demo down        (deletes the demo VMs, stops the simulator and the runtime)
            ./convoy runtime down     (stops only the runtime; the VMs keep running)
        """,
        DemoTarget.NAMESPACE,
        DemoTarget.NAMESPACE,
        DemoTarget.NAMESPACE,
        DemoTarget.NAMESPACE,
        paths.kubeconfig(),
        DemoTarget.NAMESPACE);
    out.flush();
    if (!allMatch) {
      throw new UserException(
          ExitCodes.BLOCKED,
          "a migrated guest reported a different disk checksum or MAC than its source (see above)");
    }
    return ExitCodes.OK;
  }

  private static void step(PrintWriter out, int number, String title) {
    out.println();
    out.printf("[%d/6] %s%n", number, title);
    out.flush();
  }

  private void checkPrerequisites(Path repo, PrintWriter out) {
    boolean allOk = true;
    for (Check check : new DemoEnvironment(repo).check()) {
      out.printf("  [%s] %-26s %s%n", check.ok() ? " ok " : "FAIL", check.name(), check.detail());
      if (!check.ok()) {
        out.printf("         %-26s fix: %s%n", "", check.remedy());
        allOk = false;
      }
    }
    out.flush();
    if (!allOk) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "prerequisites are missing (see FAIL above); run scripts/demo to set them up");
    }
  }

  private static Vm find(Inventory inventory, String name) {
    return inventory.vms().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no VM " + name + " in the demo inventory"));
  }

  private static String mac(Vm vm) {
    return vm.nics().stream().map(Nic::macAddress).findFirst().orElse("none");
  }

  static KubernetesClient client(LocalPaths paths) throws IOException {
    Optional<RuntimeDaemon.Info> running = RuntimeDaemon.running(paths);
    if (running.isEmpty()) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "the local runtime is not running (data directory " + paths.root() + ")");
    }
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(paths.kubeconfig())))
        .build();
  }

  /**
   * Runs {@code convoy} commands as child processes of this JVM (same Java, same class path), with
   * the runtime's data directory in {@code CONVOY_DATA_DIR}, their output indented into ours.
   */
  static final class Children {
    private final Path dataDir;
    private final PrintWriter out;

    Children(Path dataDir, PrintWriter out) {
      this.dataDir = dataDir;
      this.out = out;
    }

    /** Runs {@code args}, shows its output; a non-zero exit ends the demo with that code. */
    void run(String what, String... args) {
      int code = execute(args, line -> out.println("  " + line));
      if (code != 0) {
        throw new UserException(
            code, "'convoy " + what + "' failed with exit code " + code + " (see above)");
      }
    }

    /** Runs {@code args} and returns its output; a non-zero exit shows it and ends the demo. */
    String capture(String what, String... args) {
      StringBuilder text = new StringBuilder();
      int code = execute(args, line -> text.append(line).append('\n'));
      if (code != 0) {
        text.toString()
            .lines()
            .skip(Math.max(0, text.toString().lines().count() - 10))
            .forEach(line -> out.println("  " + line));
        throw new UserException(
            code, "'convoy " + what + "' failed with exit code " + code + " (see above)");
      }
      return text.toString();
    }

    private int execute(String[] args, java.util.function.Consumer<String> sink) {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      // Convoy's own kinds are v1alpha1 on purpose: no fabric8 warning about that in the demo
      command.add(
          "-Dorg.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils"
              + "=error");
      command.add("-cp");
      // absolute: the runtime daemon hands its class path on to pods that run elsewhere
      command.add(
          java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
              .map(entry -> Path.of(entry).toAbsolutePath().toString())
              .collect(java.util.stream.Collectors.joining(File.pathSeparator)));
      command.add(Main.class.getName());
      command.addAll(List.of(args));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      if (dataDir != null) {
        builder.environment().put("CONVOY_DATA_DIR", dataDir.toAbsolutePath().toString());
      }
      try {
        Process process = builder.start();
        try (BufferedReader reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = reader.readLine()) != null) {
            sink.accept(line);
            out.flush();
          }
        }
        return process.waitFor();
      } catch (IOException e) {
        throw new UserException(
            ExitCodes.UNAVAILABLE, "cannot run convoy " + args[0] + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserException(ExitCodes.UNAVAILABLE, "interrupted");
      }
    }
  }

  /** {@code convoy demo down}: removes what the demo made. */
  @Command(
      name = "down",
      description = {
        "Remove the demo: delete its VMs (namespace convoy-demo), stop the vCenter simulator and",
        "the local runtime (--keep-runtime leaves the runtime running)."
      })
  static final class Down implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--root",
        description = "Repository root (default: the current directory).",
        defaultValue = ".")
    Path root;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "As for 'convoy demo'.")
    Path dataDir;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "As for 'convoy demo'.")
    Path workDir;

    @Option(names = "--keep-runtime", description = "Leave the local runtime running.")
    boolean keepRuntime;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Path repo = root.toAbsolutePath().normalize();
      Path work = workDir != null ? workDir.toAbsolutePath() : repo.resolve("build/demo");
      LocalPaths paths = new LocalPaths(dataDir != null ? dataDir : LocalPaths.defaultRoot());
      if (RuntimeDaemon.running(paths).isPresent()) {
        try (KubernetesClient client = client(paths)) {
          int removed = new DemoTarget(client).reset(Duration.ofMinutes(3));
          out.printf("Deleted %d demo VM(s) in namespace %s.%n", removed, DemoTarget.NAMESPACE);
        } catch (KubernetesClientException | IOException e) {
          throw new UserException(
              ExitCodes.UNAVAILABLE, "deleting the demo VMs: " + e.getMessage(), e);
        }
        if (!keepRuntime) {
          new Children(dataDir, out).run("runtime down", "runtime", "down");
        }
      } else {
        out.println("The local runtime is not running: no demo VMs to delete.");
      }
      boolean stopped = new DemoVcenter(repo.resolve("build/bin/vcsim"), work).stop();
      out.println(
          stopped
              ? "Stopped the demo's vCenter simulator."
              : "The demo's vCenter simulator was not running.");
      return ExitCodes.OK;
    }
  }
}
