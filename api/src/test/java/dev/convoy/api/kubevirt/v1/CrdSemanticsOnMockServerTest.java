package dev.convoy.api.kubevirt.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.Serialization;
import dev.convoy.api.testing.GeneratedCrds;
import dev.convoy.api.testing.ReferenceExamples;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * With the generated CRDs installed, the typed classes work with the Kubernetes client, and status
 * writes follow KubeVirt: a VirtualMachineInstance's status is written with the object, a
 * VirtualMachine's only through /status.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class CrdSemanticsOnMockServerTest {

  KubernetesClient client;

  @BeforeEach
  void installCrds() {
    for (CustomResourceDefinition crd : GeneratedCrds.load()) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  static <T> T example(String file, Class<T> type) throws Exception {
    return Serialization.json()
        .treeToValue(
            ReferenceExamples.all().stream()
                .filter(e -> e.file().getFileName().toString().equals(file))
                .findFirst()
                .orElseThrow()
                .document(),
            type);
  }

  @Test
  @DisplayName(
      "a VMI's status is written with a plain update, as in KubeVirt (no /status subresource)")
  void vmiStatusWithTheObject() throws Exception {
    VirtualMachineInstance vmi = example("vmi-fedora.yaml", VirtualMachineInstance.class);
    vmi.getMetadata().setNamespace("default");
    VirtualMachineInstance created = client.resource(vmi).create();

    VirtualMachineInstanceStatus status = new VirtualMachineInstanceStatus();
    status.setPhase(VirtualMachineInstancePhase.SCHEDULED);
    status.setNodeName("node-a");
    created.setStatus(status);
    created.getMetadata().getLabels().put(Labels.NODE_NAME, "node-a");
    client.resource(created).update();

    VirtualMachineInstance read =
        client
            .resources(VirtualMachineInstance.class)
            .inNamespace("default")
            .withName("vmi-fedora")
            .get();
    assertThat(read.getStatus().getPhase()).isEqualTo("Scheduled");
    assertThat(read.getStatus().getNodeName()).isEqualTo("node-a");
    assertThat(read.getSpec().getDomain().getDevices().getAdditionalProperties())
        .containsKey("rng");
    assertThat(
            client
                .resources(VirtualMachineInstance.class)
                .inNamespace("default")
                .withLabel(Labels.NODE_NAME, "node-a")
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  @DisplayName("a VM's status is ignored on a plain update and written through /status")
  void vmStatusThroughSubresource() throws Exception {
    VirtualMachine vm = example("vm-cirros.yaml", VirtualMachine.class);
    vm.getMetadata().setNamespace("default");
    VirtualMachine created = client.resource(vm).create();

    VirtualMachineStatus status = new VirtualMachineStatus();
    status.setPrintableStatus(VirtualMachinePrintableStatus.STOPPED);
    created.setStatus(status);
    VirtualMachine updated = client.resource(created).update();
    assertThat(updated.getStatus()).as("status dropped by a plain update").isNull();

    updated.setStatus(status);
    client.resource(updated).updateStatus();
    VirtualMachine read =
        client.resources(VirtualMachine.class).inNamespace("default").withName("vm-cirros").get();
    assertThat(read.getStatus().getPrintableStatus()).isEqualTo("Stopped");
    assertThat(read.getSpec().getRunStrategy()).isEqualTo(RunStrategy.HALTED);
  }
}
