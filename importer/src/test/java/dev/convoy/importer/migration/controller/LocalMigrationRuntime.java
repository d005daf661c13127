package dev.convoy.importer.migration.controller;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.handler.local.LocalRuntime;
import dev.convoy.handler.local.pods.LocalImages;
import dev.convoy.importer.migration.Fabric8TargetCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The local runtime (real qemu-img in import pods, real libvirtd under TCG) with the Migration
 * controller as {@code convoy runtime up} runs it, for the end-to-end migration tests; closing it
 * removes what the tests left: the VMs of their namespaces, local pod processes, libvirt domains.
 */
final class LocalMigrationRuntime implements AutoCloseable {

  private final String prefix;
  private final LocalRuntime runtime;
  private final KubernetesClient user;
  private volatile MigrationController controller;

  private LocalMigrationRuntime(String prefix, LocalRuntime runtime) throws IOException {
    this.prefix = prefix;
    this.runtime = runtime;
    this.user = client();
  }

  /**
   * Starts the runtime under {@code dir} on node {@code prefix} and the controller; the tests'
   * namespaces are {@code prefix-a}, {@code -b} and {@code -c}.
   */
  static LocalMigrationRuntime start(Path dir, String prefix) throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    LocalRuntime runtime =
        LocalRuntime.start(
            LocalRuntime.Options.defaults(dir.resolve("runtime"))
                .withNodeName(prefix)
                .withAccelerator("tcg")
                .withImages(
                    LocalImages.defaults()
                        .with(
                            Fabric8TargetCluster.IMPORTER_IMAGE,
                            Fabric8TargetCluster.IMPORTER_MAIN)));
    LocalMigrationRuntime started;
    try {
      started = new LocalMigrationRuntime(prefix, runtime);
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
    try {
      started.startController();
    } catch (IOException | RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  LocalRuntime runtime() {
    return runtime;
  }

  /** The tests' client (closed by {@link #close}). */
  KubernetesClient user() {
    return user;
  }

  /** A new client of the runtime's API server, as another process would have. */
  KubernetesClient client() throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(runtime.paths().kubeconfig())))
        .build();
  }

  String kubeconfig() {
    return runtime.paths().kubeconfig().toString();
  }

  MigrationController controller() {
    return controller;
  }

  /** Starts a controller with its own client, as {@code convoy runtime up} does. */
  void startController() throws IOException {
    controller =
        MigrationController.start(
            client(), LocalMigrations.settings(runtime.paths()), Set.of(), Clock.systemUTC());
  }

  void stopController() {
    controller.close();
  }

  @Override
  public void close() throws IOException {
    if (controller != null) {
      controller.close();
    }
    for (String ns : List.of(prefix + "-a", prefix + "-b", prefix + "-c")) {
      try {
        user.resources(VirtualMachine.class).inNamespace(ns).delete();
      } catch (RuntimeException e) {
        // fall through to the forced cleanup
      }
    }
    user.close();
    Path pods = runtime.paths().pods();
    Path shortRoot = runtime.paths().shortRoot();
    runtime.close();
    Cleanup.killLocalPods(pods);
    Cleanup.destroyDomains(prefix + "-");
    Cleanup.deleteTree(shortRoot);
  }
}
