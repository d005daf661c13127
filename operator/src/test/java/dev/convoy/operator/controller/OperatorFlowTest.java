package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.MockKube;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VM → VMI → launcher pod on the mock API server")
class OperatorFlowTest {

  static MockKube kube;
  static ConvoyOperator operator;
  static FakeKubelet kubelet;
  static FakeNodeAgent agent;

  @BeforeAll
  static void start() {
    kube = MockKube.start();
    operator =
        ConvoyOperator.start(
            kube.client(), OperatorConfig.forTests(LauncherSettings.defaults()), Clock.systemUTC());
    kubelet = new FakeKubelet(kube.newClient(), "node-1");
    agent = new FakeNodeAgent(kube.newClient(), "node-1");
  }

  @AfterAll
  static void stop() {
    agent.close();
    kubelet.close();
    operator.close();
    kube.close();
  }

  @Test
  @DisplayName("an Always VM gets a VMI and a launcher pod and ends Running and Ready")
  void alwaysVmRuns() {
    KubernetesClient client = kube.client();
    String ns = kube.namespace("flow");
    client.resource(Fixtures.vm(ns, "vm1", RunStrategy.ALWAYS)).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .conditionEvaluationListener(
            c -> {
              if (c.getRemainingTimeInMS() < 600) {
                System.err.println(
                    dev.convoy.api.Serialization.toYaml(
                        client.resources(VirtualMachineInstance.class).inNamespace(ns).list()));
                System.err.println(
                    dev.convoy.api.Serialization.toYaml(client.pods().inNamespace(ns).list()));
              }
            })
        .untilAsserted(
            () -> {
              VirtualMachine vm =
                  client.resources(VirtualMachine.class).inNamespace(ns).withName("vm1").get();
              assertThat(vm.getStatus()).isNotNull();
              assertThat(vm.getStatus().getPrintableStatus()).isEqualTo("Running");
              assertThat(vm.getStatus().getReady()).isTrue();
              assertThat(vm.getStatus().getCreated()).isTrue();
            });
    VirtualMachineInstance vmi =
        client.resources(VirtualMachineInstance.class).inNamespace(ns).withName("vm1").get();
    assertThat(vmi.getStatus().getNodeName()).isEqualTo("node-1");
    assertThat(vmi.getMetadata().getLabels()).containsEntry(Labels.NODE_NAME, "node-1");
    List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
    assertThat(pods).hasSize(1);
    assertThat(pods.get(0).getMetadata().getName()).startsWith("virt-launcher-vm1-");
  }
}
