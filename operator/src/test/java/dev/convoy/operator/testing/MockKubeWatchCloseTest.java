package dev.convoy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Regression test for {@link WatchCloseOffEventLoop}: without it the slowest read here took 30.6 s
 * (fabric8's 30 s write wait) and closing the server timed out.
 */
@DisplayName("mock API server: closing watches while their events are in flight stalls nothing")
class MockKubeWatchCloseTest {

  @Test
  @DisplayName("every request is answered promptly and the server closes in time")
  void closingBusyWatches() throws Exception {
    MockKube kube = MockKube.start();
    String ns = kube.namespace("watch-close");
    AtomicBoolean writing = new AtomicBoolean(true);
    KubernetesClient writerClient = kube.newClient();
    Thread writer =
        new Thread(
            () -> {
              int i = 0;
              while (writing.get()) {
                ConfigMap cm =
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace(ns)
                        .withName("cm-" + (i % 20))
                        .endMetadata()
                        .withData(Map.of("n", Integer.toString(i++)))
                        .build();
                try {
                  writerClient.resource(cm).createOr(c -> c.update());
                } catch (KubernetesClientException e) {
                  // a conflict with nobody: ignore, the next write goes on
                }
              }
            });
    writer.start();
    long slowestMillis = 0;
    try {
      for (int round = 0; round < 8; round++) {
        try (KubernetesClient watcher = kube.newClient()) {
          Watch watch =
              watcher
                  .configMaps()
                  .inNamespace(ns)
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
        try (KubernetesClient reader = kube.newClient()) {
          long start = System.nanoTime();
          reader.configMaps().inNamespace(ns).withName("cm-0").get();
          slowestMillis = Math.max(slowestMillis, (System.nanoTime() - start) / 1_000_000);
        }
      }
    } finally {
      writing.set(false);
      writer.join(Duration.ofSeconds(30).toMillis());
      writerClient.close();
    }
    long start = System.nanoTime();
    kube.close(); // throws when the server does not close within its 10 s
    long closeMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(slowestMillis).as("slowest read, ms").isLessThan(5_000);
    assertThat(closeMillis).as("server close, ms").isLessThan(5_000);
  }
}
