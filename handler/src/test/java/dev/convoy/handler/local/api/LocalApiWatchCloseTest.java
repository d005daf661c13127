package dev.convoy.handler.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards {@link WatchEndsOffEventLoop}. On the plain fabric8 mock the same sequence stalled reads
 * for 30.6 s (the operator module's MockKubeWatchCloseTest); on the local API server without it two
 * runs (8 and 20 rounds) did not stall, so this test shows the behaviour, not the old failure.
 */
@DisplayName("local API server: closing watches while their events are in flight stalls nothing")
class LocalApiWatchCloseTest {

  @TempDir Path dataDir;

  @Test
  @DisplayName("every read is answered promptly and the server closes in time")
  void closingBusyWatches() throws Exception {
    LocalApiServer server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    AtomicBoolean writing = new AtomicBoolean(true);
    KubernetesClient writerClient = LocalApiServer.newClient(server.port(), "default");
    Thread writer =
        new Thread(
            () -> {
              int i = 0;
              while (writing.get()) {
                ConfigMap cm =
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace("default")
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
        try (KubernetesClient watcher = LocalApiServer.newClient(server.port(), "default")) {
          Watch watch =
              watcher
                  .configMaps()
                  .inNamespace("default")
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
        try (KubernetesClient reader = LocalApiServer.newClient(server.port(), "default")) {
          long start = System.nanoTime();
          reader.configMaps().inNamespace("default").withName("cm-0").get();
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
    long closeMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(slowestMillis).as("slowest read, ms").isLessThan(5_000);
    assertThat(closeMillis).as("server close, ms").isLessThan(5_000);
  }
}
