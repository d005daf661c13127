package dev.convoy.operator.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.MockKube;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("node controller on the mock API server: unresponsive nodes, their VMIs Failed")
class NodeControllerTest {

  // One API server per test (the tests must not depend on each other's leftovers). The mock once
  // answered the next POST after the operator test only after the client's timeout (retried: 409)
  // and timed out closing: stopping the operator closed watches with events in flight, which
  // stalled the mock's event loop for 30 s; MockKube now ends watches off it
  // (kube-mock's WatchEndsOffEventLoop, MockKubeWatchCloseTest).
  MockKube kube;

  @BeforeEach
  void start() {
    kube = MockKube.start();
  }

  @AfterEach
  void stop() {
    kube.close();
  }

  KubernetesClient client() {
    return kube.client();
  }

  void node(String name, Instant heartbeat) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels(Labels.SCHEDULABLE, "true")
            .endMetadata();
    if (heartbeat != null) {
      b.editMetadata()
          .addToAnnotations("kubevirt.io/heartbeat", heartbeat.toString())
          .endMetadata();
    }
    client().resource(b.build()).create();
  }

  void vmi(String ns, String name, String phase, String node) {
    VirtualMachineInstance vmi = Fixtures.vmi(ns, name, null, phase);
    vmi.getMetadata().setUid(null);
    vmi.getMetadata().setLabels(Map.of(Labels.NODE_NAME, node));
    vmi.getStatus().setNodeName(node);
    client().resource(vmi).create();
  }

  VirtualMachineInstance get(String ns, String name) {
    return client().resources(VirtualMachineInstance.class).inNamespace(ns).withName(name).get();
  }

  @Test
  @DisplayName(
      "one check: the stale node is relabelled, only its live VMIs fail; a second check writes nothing")
  void checkOnce() {
    Instant now = Instant.parse("2026-01-01T12:00:00Z");
    node("dead", now.minus(Duration.ofMinutes(6)));
    node("alive", now.minusSeconds(20));
    node("never", null);
    String ns = kube.namespace("nodes");
    vmi(ns, "on-dead-running", "Running", "dead");
    vmi(ns, "on-dead-scheduled", "Scheduled", "dead");
    vmi(ns, "on-dead-done", "Succeeded", "dead");
    vmi(ns, "on-alive", "Running", "alive");
    vmi(ns, "on-never", "Running", "never");
    String doneVersion = get(ns, "on-dead-done").getMetadata().getResourceVersion();

    NodeController controller =
        new NodeController(client(), Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    assertThat(controller.checkOnce())
        .containsExactlyInAnyOrder(ns + "/on-dead-running", ns + "/on-dead-scheduled");

    assertThat(client().nodes().withName("dead").get().getMetadata().getLabels())
        .containsEntry(Labels.SCHEDULABLE, "false");
    assertThat(client().nodes().withName("alive").get().getMetadata().getLabels())
        .containsEntry(Labels.SCHEDULABLE, "true");
    VirtualMachineInstance failed = get(ns, "on-dead-running");
    assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(failed.getStatus().getReason()).isEqualTo("NodeUnresponsive");
    assertThat(get(ns, "on-dead-done").getMetadata().getResourceVersion()).isEqualTo(doneVersion);
    assertThat(get(ns, "on-alive").getStatus().getPhase()).isEqualTo("Running");
    assertThat(get(ns, "on-never").getStatus().getPhase()).isEqualTo("Running");

    String failedVersion = failed.getMetadata().getResourceVersion();
    String nodeVersion = client().nodes().withName("dead").get().getMetadata().getResourceVersion();
    assertThat(controller.checkOnce()).isEmpty();
    assertThat(get(ns, "on-dead-running").getMetadata().getResourceVersion())
        .isEqualTo(failedVersion);
    assertThat(client().nodes().withName("dead").get().getMetadata().getResourceVersion())
        .isEqualTo(nodeVersion);
  }

  @Test
  @DisplayName(
      "in the operator: a Running VM on a node that stops beating is Failed and restarted (Always)")
  void operatorRestartsVmOfUnresponsiveNode() throws Exception {
    node("silent", Instant.now().minus(Duration.ofMinutes(10)));
    String ns = kube.namespace("silent");
    Set<String> failedUids = ConcurrentHashMap.newKeySet();
    // every client is closed at the end: an open one keeps the mock server from closing
    KubernetesClient watchClient = kube.newClient();
    KubernetesClient kubeletClient = kube.newClient();
    KubernetesClient agentClient = kube.newClient();
    // ConvoyOperator leaves the client it is given open (withCloseClientOnStop(false))
    KubernetesClient operatorClient = kube.newClient();
    var watch =
        watchClient
            .resources(VirtualMachineInstance.class)
            .inNamespace(ns)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(VirtualMachineInstance vmi) {
                    onUpdate(null, vmi);
                  }

                  @Override
                  public void onUpdate(VirtualMachineInstance old, VirtualMachineInstance vmi) {
                    if (vmi.getStatus() != null
                        && "NodeUnresponsive".equals(vmi.getStatus().getReason())) {
                      failedUids.add(vmi.getMetadata().getUid());
                    }
                  }

                  @Override
                  public void onDelete(VirtualMachineInstance vmi, boolean unknown) {}
                });
    OperatorConfig config =
        OperatorConfig.parse(
            Map.of(),
            "--leader-election=false",
            "--ops-port=-1",
            "--webhook-port=-1",
            "--node-heartbeat-timeout-seconds=1");
    try (ConvoyOperator operator = ConvoyOperator.start(operatorClient, config, Clock.systemUTC());
        FakeKubelet kubelet = new FakeKubelet(kubeletClient, "silent");
        FakeNodeAgent agent = new FakeNodeAgent(agentClient, "silent")) {
      client().resource(Fixtures.vm(ns, "vm", "Always")).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(failedUids).isNotEmpty();
                VirtualMachineInstance current = get(ns, "vm");
                assertThat(current).isNotNull();
                assertThat(failedUids).doesNotContain(current.getMetadata().getUid());
              });
      assertThat(client().nodes().withName("silent").get().getMetadata().getLabels())
          .containsEntry(Labels.SCHEDULABLE, "false");
    } finally {
      watch.close();
      watchClient.close();
      kubeletClient.close();
      agentClient.close();
      operatorClient.close();
    }
  }
}
