package dev.convoy.cli;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.RuntimeDaemon;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the {@code convoy vm} commands find the cluster: the local runtime's kubeconfig by default
 * (of {@code --data-dir}), or any {@code --kubeconfig}.
 */
public final class ClusterOptions {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "kubeconfig of the cluster (default: the local runtime's).")
  Path kubeconfig;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Data directory of the local runtime (default: $CONVOY_DATA_DIR, /var/lib/convoy/runtime"
              + " for root, ~/.convoy/runtime otherwise).")
  Path dataDir;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NAMESPACE",
      description = "Namespace (default: the kubeconfig's, else default).")
  String namespace;

  /** The local runtime's layout for {@code --data-dir} or the default data directory. */
  LocalPaths localPaths() {
    return new LocalPaths(dataDir != null ? dataDir : LocalPaths.defaultRoot());
  }

  /** Whether the commands talk to the local runtime (no --kubeconfig, or its own kubeconfig). */
  boolean isLocal() {
    if (kubeconfig == null) {
      return true;
    }
    try {
      return Files.isSameFile(kubeconfig, localPaths().kubeconfig());
    } catch (IOException e) {
      return false;
    }
  }

  /** A client for the chosen cluster; a clear error when there is none. */
  KubernetesClient client() {
    Path file = kubeconfig;
    if (file == null) {
      LocalPaths paths = localPaths();
      Optional<RuntimeDaemon.Info> running = RuntimeDaemon.running(paths);
      if (running.isEmpty()) {
        throw new UserException(
            ExitCodes.UNAVAILABLE,
            "the local runtime is not running (data directory "
                + paths.root()
                + "); start it with 'convoy runtime up', or pass --kubeconfig");
      }
      file = paths.kubeconfig();
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw UserException.invalidInput(file + ": cannot read the kubeconfig: " + e.getMessage());
    }
    Config config;
    try {
      config = Config.fromKubeconfig(text);
    } catch (RuntimeException e) {
      throw UserException.invalidInput(file + ": not a usable kubeconfig: " + e.getMessage());
    }
    if (namespace != null) {
      config.setNamespace(namespace);
    } else if (config.getNamespace() == null) {
      config.setNamespace("default");
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
