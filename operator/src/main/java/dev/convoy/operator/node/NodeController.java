package dev.convoy.operator.node;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every node's agent heartbeat periodically and acts on the unresponsive ones as {@link
 * NodeHealth} decides: one merge patch for the label, one optimistic update per VMI to fail (a 409
 * means the VMI changed meanwhile; the next check looks again). Runs only where the operator's
 * controllers run (the leader). Needs {@code nodes: list, patch} and {@code
 * virtualmachineinstances: list, update}.
 */
public final class NodeController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);

  private final KubernetesClient client;
  private final Duration timeout;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "node-controller");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param timeout how old a heartbeat may be (KubeVirt: 5 minutes)
   */
  public NodeController(KubernetesClient client, Duration timeout, Clock clock) {
    this.client = client;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Checks every {@code interval}, the first time after one interval. */
  public void start(Duration interval) {
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            checkOnce();
          } catch (RuntimeException e) {
            LOG.warn("node heartbeat check failed: {}", e.toString());
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One check over all nodes; returns the VMIs set to Failed ({@code namespace/name}). */
  public List<String> checkOnce() {
    List<String> failed = new ArrayList<>();
    Instant now = clock.instant();
    for (Node node : client.nodes().list().getItems()) {
      NodeHealth.Verdict verdict = NodeHealth.of(node, now, timeout);
      if (!verdict.unresponsive()) {
        continue;
      }
      String name = node.getMetadata().getName();
      if (verdict.markUnschedulable()) {
        LOG.warn(
            "node {}: no node agent heartbeat since {}; labelled {}=false",
            name,
            NodeHealth.lastHeartbeat(node),
            Labels.SCHEDULABLE);
        client
            .nodes()
            .withName(name)
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"" + Labels.SCHEDULABLE + "\":\"false\"}}}");
      }
      for (VirtualMachineInstance vmi :
          client
              .resources(VirtualMachineInstance.class)
              .inAnyNamespace()
              .withLabel(Labels.NODE_NAME, name)
              .list()
              .getItems()) {
        if (!NodeHealth.failsWithNode(vmi)) {
          continue;
        }
        try {
          client.resource(NodeHealth.failed(vmi, now)).update(); // carries the listed version
          String key = vmi.getMetadata().getNamespace() + "/" + vmi.getMetadata().getName();
          failed.add(key);
          LOG.warn("VMI {}: node {} is unresponsive; Failed ({})", key, name, "NodeUnresponsive");
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409 && e.getCode() != 404) {
            throw e;
          }
        }
      }
    }
    return failed;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
