package dev.convoy.handler.bench;

import dev.convoy.handler.local.api.AdmissionHook;
import dev.convoy.handler.local.api.LocalApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Convoy's local API server (the one {@code convoy runtime up} runs: journal, graceful pod
 * deletion, garbage collector, named-object index) for the operator's scale benchmark, selected
 * with {@code -Dbench.apiServer=dev.convoy.handler.bench.LocalApiBenchServer} (see {@code
 * handler/bench/scale-local.sh}). Admission is off, as on the plain mock: the benchmark admits its
 * VMs client-side in both runs, so the two runs differ only in the API server's storage.
 */
public final class LocalApiBenchServer implements Supplier<KubernetesClient>, AutoCloseable {
  private final Path dataDir;
  private final LocalApiServer server;

  /** Starts a server with an empty journal in a fresh directory under build/bench. */
  public LocalApiBenchServer() throws IOException {
    Path bench = Path.of(System.getProperty("convoy.root", ".")).resolve("build/bench");
    Files.createDirectories(bench);
    dataDir = Files.createTempDirectory(bench, "local-api-");
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
  }

  @Override
  public KubernetesClient get() {
    return server.client();
  }

  @Override
  public void close() throws IOException {
    server.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
