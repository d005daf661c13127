package dev.convoy.kubemock.testing;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The sequence that stalled fabric8's mock API server (see {@link
 * dev.convoy.kubemock.WatchEndsOffEventLoop}): watches closed while a writer keeps their events in
 * flight, each followed by a read on a fresh connection; then the server is closed.
 */
public final class WatchCloseStall {

  /** How long the slowest read and the server's close took. */
  public record Timings(long slowestReadMillis, long closeMillis) {}

  private WatchCloseStall() {}

  /**
   * Runs the sequence in {@code namespace} with clients from {@code newClient} (each closed here),
   * then closes {@code server}.
   */
  public static Timings run(
      Supplier<KubernetesClient> newClient, String namespace, AutoCloseable server)
      throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    KubernetesClient writerClient = newClient.get();
    Thread writer =
        new Thread(
            () -> {
              int i = 0;
              while (writing.get()) {
                ConfigMap cm =
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName("cm-" + (i % 20))
                        .endMetadata()
                        .withData(Map.of("n", Integer.toString(i++)))
                        .build();
                try {
                  writerClient.resource(cm).createOr(c -> c.update());
                } catch (KubernetesClientException e) {
                  // a conflict with nobody: the next write goes on
                }
              }
            });
    writer.start();
    long slowestMillis = 0;
    try {
      for (int round = 0; round < 8; round++) {
        try (KubernetesClient watcher = newClient.get()) {
          Watch watch =
              watcher
                  .configMaps()
                  .inNamespace(namespace)
                  .watch(
                      new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, ConfigMap resource) {}

                        @Override
                        public void onClose(WatcherException cause) {}
                      });
          Thread.sleep(300);
          watch.close();
        }
        // a fresh connection each time: the server spreads them over its event loops
        try (KubernetesClient reader = newClient.get()) {
          long start = System.nanoTime();
          reader.configMaps().inNamespace(namespace).withName("cm-0").get();
          slowestMillis = Math.max(slowestMillis, (System.nanoTime() - start) / 1_000_000);
        }
      }
    } finally {
      writing.set(false);
      writer.join(Duration.ofSeconds(30).toMillis());
      writerClient.close();
    }
    long start = System.nanoTime();
    server.close();
    return new Timings(slowestMillis, (System.nanoTime() - start) / 1_000_000);
  }
}
