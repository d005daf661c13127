package dev.convoy.handler.agent;

import dev.convoy.api.kubevirt.v1.Annotations;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KubeVirt's node controller, for the heartbeat part: a node whose agent has not beaten for {@code
 * timeout} (KubeVirt: 5 minutes) is labelled {@code kubevirt.io/schedulable=false}, and its VMIs
 * that have not ended are set to Failed with reason {@value #NODE_UNRESPONSIVE} (their VMs then
 * restart elsewhere as their run strategies say). The operator has no such controller yet, so it
 * lives here; it belongs in the operator in a cluster.
 */
public final class NodeHeartbeatMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeatMonitor.class);

  /** The VMI's status.reason when its node stopped beating. */
  public static final String NODE_UNRESPONSIVE = "NodeUnresponsive";

  private final KubernetesClient client;
  private final Duration timeout;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "node-heartbeat-monitor");
            thread.setDaemon(true);
            return thread;
          });

  public NodeHeartbeatMonitor(KubernetesClient client, Duration timeout, Clock clock) {
    this.client = client;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** Checks every {@code interval}. */
  public void start(Duration interval) {
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            checkOnce();
          } catch (RuntimeException e) {
            LOG.warn("Heartbeat check failed", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** One check over all nodes; returns the VMIs set to Failed. */
  public List<String> checkOnce() {
    List<String> failed = new ArrayList<>();
    Instant now = clock.instant();
    for (Node node : client.nodes().list().getItems()) {
      Map<String, String> annotations = node.getMetadata().getAnnotations();
      String beat = annotations == null ? null : annotations.get(Annotations.HEARTBEAT);
      if (beat == null) {
        continue; // no agent ever ran there
      }
      Instant last;
      try {
        last = Instant.parse(beat);
      } catch (DateTimeParseException e) {
        continue;
      }
      if (Duration.between(last, now).compareTo(timeout) < 0) {
        continue;
      }
      String name = node.getMetadata().getName();
      if ("true"
          .equals(
              node.getMetadata().getLabels() == null
                  ? null
                  : node.getMetadata().getLabels().get(Labels.SCHEDULABLE))) {
        LOG.warn("Node {}: no heartbeat since {}; marking it unschedulable", name, beat);
        client
            .nodes()
            .withName(name)
            .edit(
                n -> {
                  Map<String, String> labels = new LinkedHashMap<>(n.getMetadata().getLabels());
                  labels.put(Labels.SCHEDULABLE, "false");
                  n.getMetadata().setLabels(labels);
                  return n;
                });
      }
      for (VirtualMachineInstance vmi :
          client
              .resources(VirtualMachineInstance.class)
              .inAnyNamespace()
              .withLabel(Labels.NODE_NAME, name)
              .list()
              .getItems()) {
        String phase = vmi.getStatus() == null ? null : vmi.getStatus().getPhase();
        if (PhaseMapping.isFinal(phase) || vmi.getStatus() == null) {
          continue;
        }
        vmi.getStatus().setPhase(VirtualMachineInstancePhase.FAILED);
        vmi.getStatus().setReason(NODE_UNRESPONSIVE);
        List<PhaseTransitionTimestamp> stamps =
            vmi.getStatus().getPhaseTransitionTimestamps() == null
                ? new ArrayList<>()
                : new ArrayList<>(vmi.getStatus().getPhaseTransitionTimestamps());
        PhaseTransitionTimestamp stamp = new PhaseTransitionTimestamp();
        stamp.setPhase(VirtualMachineInstancePhase.FAILED);
        stamp.setPhaseTransitionTimestamp(now.truncatedTo(ChronoUnit.SECONDS).toString());
        stamps.add(stamp);
        vmi.getStatus().setPhaseTransitionTimestamps(stamps);
        try {
          client.resource(vmi).update();
          failed.add(vmi.getMetadata().getNamespace() + "/" + vmi.getMetadata().getName());
          LOG.warn(
              "VMI {}/{}: node {} is unresponsive; Failed",
              vmi.getMetadata().getNamespace(),
              vmi.getMetadata().getName(),
              name);
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
