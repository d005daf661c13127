package dev.convoy.cli;

import dev.convoy.importer.migration.controller.MigrationController;
import dev.convoy.importer.migration.controller.MigrationReconciler;
import dev.convoy.operator.ops.OpsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convoy controller}: runs the Migration controller in this process against the cluster of
 * the in-cluster service account or $KUBECONFIG, until stopped (the importer image's Deployment in
 * deploy/importer runs it).
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Migration controller (convoy.dev/v1alpha1 Migration) until stopped: the",
      "importer image's Deployment runs this; the local runtime runs it inside 'runtime up'."
    })
public final class ControllerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Watch only these namespaces (repeatable; default: all).")
  List<String> namespaces = List.of();

  @Option(
      names = "--ops-port",
      defaultValue = "8080",
      description = "Port of /metrics, /healthz, /readyz; -1: none (default: ${DEFAULT-VALUE}).")
  int opsPort;

  @Option(
      names = "--importer-tag",
      description = "Tag of the importer image for import pods (default: this Convoy's version).")
  String importerTag;

  @Option(
      names = "--poll-seconds",
      defaultValue = "2",
      description = "Pause between rounds of a running migration (default: ${DEFAULT-VALUE}).")
  int pollSeconds;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = {
        "Reconcile only while holding a Lease, so that replicas never run rounds of one",
        "Migration side by side (default: on; --no-leader-election for a single process)."
      })
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description =
          "The Lease's namespace (default: $POD_NAMESPACE, else the service account's or"
              + " kubeconfig's namespace).")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      defaultValue = MigrationController.LeaderElection.DEFAULT_NAME,
      description = "The Lease's name (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-seconds",
      defaultValue = "15",
      description =
          "How long a Lease not renewed stays valid: how soon another replica takes over a dead"
              + " leader (default: ${DEFAULT-VALUE}).")
  int leaseSeconds;

  @Option(
      names = "--scratch",
      defaultValue = "/tmp/convoy-controller",
      description = "Where CA certificates from Secrets are written (default: ${DEFAULT-VALUE}).")
  Path scratch;

  @Override
  public Integer call() throws Exception {
    if (pollSeconds < 1) {
      throw UserException.invalidInput("--poll-seconds must be at least 1");
    }
    if (leaderElection && leaseSeconds < 3) {
      throw UserException.invalidInput("--lease-seconds must be at least 3");
    }
    PrintWriter out = spec.commandLine().getOut();
    KubernetesClient client = new KubernetesClientBuilder().build();
    MigrationController.LeaderElection election = null;
    if (leaderElection) {
      String namespace = leaseNamespace;
      if (namespace == null || namespace.isBlank()) {
        namespace = System.getenv("POD_NAMESPACE");
      }
      if (namespace == null || namespace.isBlank()) {
        namespace = client.getNamespace(); // in a pod: the service account's namespace
      }
      if (namespace == null || namespace.isBlank()) {
        client.close();
        throw UserException.invalidInput(
            "--lease-namespace is needed: no $POD_NAMESPACE and no namespace in the kubeconfig");
      }
      election =
          new MigrationController.LeaderElection(
              namespace, leaseName, Duration.ofSeconds(leaseSeconds));
    }
    MigrationController controller;
    try {
      controller =
          MigrationController.start(
              client,
              // no guest consoles here: spec.waitForGuest is reported and ignored
              new MigrationReconciler.Settings(
                  Duration.ofSeconds(pollSeconds),
                  importerTag != null ? importerTag : VersionInfo.version(),
                  scratch,
                  null),
              new LinkedHashSet<>(namespaces),
              Clock.systemUTC(),
              election,
              () -> {
                // another replica may lead now: stop at once rather than run rounds beside it
                spec.commandLine().getErr().println("convoy controller: lost the Lease; exiting");
                spec.commandLine().getErr().flush();
                new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
              });
    } catch (RuntimeException e) {
      client.close();
      throw UserException.unavailable("the migration controller could not start: " + e, e);
    }
    OpsServer ops =
        opsPort < 0
            ? null
            : new OpsServer(
                opsPort, controller.metrics()::render, controller::isReady, controller::isReady);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (ops != null) {
                    ops.close();
                  }
                  controller.close();
                  client.close();
                  stopped.countDown();
                },
                "convoy-controller-stop"));
    out.printf(
        "Migration controller running (namespaces: %s, ops port %s, leader election: %s)%n",
        namespaces.isEmpty() ? "all" : String.join(", ", namespaces),
        ops == null ? "none" : String.valueOf(ops.port()),
        election == null ? "off" : "Lease " + election.namespace() + "/" + election.name());
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
