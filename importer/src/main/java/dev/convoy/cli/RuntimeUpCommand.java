package dev.convoy.cli;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.LocalRuntime;
import dev.convoy.handler.local.RuntimeDaemon;
import dev.convoy.handler.local.pods.LocalImages;
import dev.convoy.importer.migration.controller.LocalMigrations;
import dev.convoy.importer.migration.controller.MigrationController;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy runtime up}: starts the local runtime, in the background unless --foreground. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start the local runtime (in the background; --foreground keeps it attached).",
      "Its state (API objects, volumes, logs) lives in the data directory and survives 'down'/'up';"
          + " VMs keep running while it is down and are picked up again."
    })
public final class RuntimeUpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory (default: $CONVOY_DATA_DIR, /var/lib/convoy/runtime for root, ~/.convoy/runtime otherwise).")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "API port on 127.0.0.1 (default: a free port).")
  int port;

  @Option(
      names = "--node-name",
      paramLabel = "NAME",
      description = "Name of this machine's Node (default: the host name).")
  String nodeName;

  @Option(
      names = "--accelerator",
      defaultValue = "auto",
      description = "kvm, tcg or auto (probe whether KVM really works; default).")
  String accelerator;

  @Option(
      names = "--libvirt",
      defaultValue = "qemu:///system",
      description = "libvirt URI (default: ${DEFAULT-VALUE}).")
  String libvirt;

  @Option(
      names = "--local-image",
      paramLabel = "PREFIX=MAIN_CLASS",
      description =
          "Also run images starting with PREFIX as local processes of MAIN_CLASS (repeatable).")
  List<String> localImages = new ArrayList<>();

  @Option(names = "--foreground", description = "Run in this process until interrupted.")
  boolean foreground;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      description = "Seconds to wait for a background start (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LocalPaths paths = new LocalPaths(dataDir != null ? dataDir : LocalPaths.defaultRoot());
    // Convoy's importer image runs the import pods of convoy migrate
    LocalImages images =
        LocalImages.defaults()
            .with(
                dev.convoy.importer.migration.Fabric8TargetCluster.IMPORTER_IMAGE,
                dev.convoy.importer.migration.Fabric8TargetCluster.IMPORTER_MAIN);
    for (String entry : localImages) {
      try {
        LocalImages.Entry parsed = LocalImages.parseEntry(entry);
        images = images.with(parsed.prefix(), parsed.mainClass());
      } catch (IllegalArgumentException e) {
        throw UserException.invalidInput("--local-image " + e.getMessage());
      }
    }
    if (!List.of("auto", "kvm", "tcg").contains(accelerator)) {
      throw UserException.invalidInput(
          "--accelerator: \"" + accelerator + "\" is not one of auto, kvm, tcg");
    }
    Optional<RuntimeDaemon.Info> running = RuntimeDaemon.running(paths);
    if (running.isPresent()) {
      out.printf(
          "The local runtime is already running (pid %d): API %s, kubeconfig %s%n",
          running.get().pid(), running.get().api(), running.get().kubeconfig());
      return ExitCodes.OK;
    }
    if (!foreground) {
      List<String> args = new ArrayList<>();
      args.add("--data-dir=" + paths.root().toAbsolutePath());
      args.add("--port=" + port);
      if (nodeName != null) {
        args.add("--node-name=" + nodeName);
      }
      args.add("--accelerator=" + accelerator);
      args.add("--libvirt=" + libvirt);
      localImages.forEach(entry -> args.add("--local-image=" + entry));
      RuntimeDaemon.Info info;
      try {
        info =
            RuntimeDaemon.start(
                paths, Main.class.getName(), args, Duration.ofSeconds(timeoutSeconds));
      } catch (RuntimeDaemon.StartFailed e) {
        throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
      }
      printUp(out, info, paths);
      return ExitCodes.OK;
    }
    LocalRuntime.Options options =
        LocalRuntime.Options.defaults(paths.root())
            .withPort(port)
            .withImages(images)
            .withAccelerator(accelerator);
    if (nodeName != null) {
      options = options.withNodeName(nodeName);
    }
    options =
        new LocalRuntime.Options(
            options.dataDir(),
            options.port(),
            options.nodeName(),
            options.images(),
            libvirt,
            options.accelerator(),
            null);
    LocalRuntime runtime;
    try {
      runtime = LocalRuntime.start(options);
    } catch (IOException e) {
      throw UserException.unavailable("the local runtime could not start: " + e.getMessage(), e);
    }
    // Convoy's Migration controller runs beside the operator, with the demo guest's console as
    // the ready signal (convoy migrate --wait-for-guest)
    KubernetesClient migrationClient;
    MigrationController migrations;
    try {
      migrationClient =
          new KubernetesClientBuilder()
              .withConfig(Config.fromKubeconfig(Files.readString(paths.kubeconfig())))
              .build();
      migrations =
          MigrationController.start(
              migrationClient, LocalMigrations.settings(paths), Set.of(), Clock.systemUTC());
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw UserException.unavailable(
          "the local runtime's migration controller could not start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  migrations.close();
                  migrationClient.close();
                  runtime.close();
                  stopped.countDown();
                },
                "convoy-runtime-stop"));
    RuntimeDaemon.running(paths).ifPresent(info -> printUp(out, info, paths));
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  private static void printUp(PrintWriter out, RuntimeDaemon.Info info, LocalPaths paths) {
    out.printf(
        "Local runtime up (pid %d), node %s, accelerator %s%n",
        info.pid(), info.node(), info.accelerator());
    out.printf("  API         %s%n", info.api());
    out.printf("  kubeconfig  %s   (export KUBECONFIG=%s)%n", info.kubeconfig(), info.kubeconfig());
    out.printf("  data        %s (log: %s)%n", paths.root(), paths.logFile());
  }
}
