package dev.convoy.handler.agent;

import dev.convoy.api.kubevirt.v1.Annotations;
import dev.convoy.api.kubevirt.v1.Labels;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's heartbeat (KubeVirt's virt-handler heartbeat): while the agent is healthy, its
 * Node carries the label {@code kubevirt.io/schedulable=true} (launcher pods select it) and the
 * annotation {@code kubevirt.io/heartbeat} with the time of the last beat. When the agent is not
 * healthy the label turns {@code false}, so no new VM lands on the node. When the agent stops
 * beating altogether, the operator's node controller ({@code
 * dev.convoy.operator.node.NodeController}) notices.
 */
public final class NodeHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final KubernetesClient client;
  private final String nodeName;
  private final BooleanSupplier healthy;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "node-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  public NodeHeartbeat(
      KubernetesClient client, String nodeName, BooleanSupplier healthy, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.healthy = healthy;
    this.clock = clock;
  }

  /** Beats now, then every {@code interval}. */
  public void start(Duration interval) {
    beat();
    executor.scheduleWithFixedDelay(
        this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One beat; public for the runtime's start-up, which waits for the first. */
  public void beat() {
    try {
      boolean ok = healthy.getAsBoolean();
      String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
      Node node = client.nodes().withName(nodeName).get();
      if (node == null) {
        LOG.warn("Heartbeat: node {} does not exist", nodeName);
        return;
      }
      client
          .nodes()
          .withName(nodeName)
          .edit(
              n -> {
                Map<String, String> labels =
                    n.getMetadata().getLabels() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(n.getMetadata().getLabels());
                labels.put(Labels.SCHEDULABLE, Boolean.toString(ok));
                n.getMetadata().setLabels(labels);
                Map<String, String> annotations =
                    n.getMetadata().getAnnotations() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(n.getMetadata().getAnnotations());
                annotations.put(Annotations.HEARTBEAT, now);
                n.getMetadata().setAnnotations(annotations);
                return n;
              });
    } catch (KubernetesClientException e) {
      LOG.warn("Heartbeat of node {} failed: {}", nodeName, e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
