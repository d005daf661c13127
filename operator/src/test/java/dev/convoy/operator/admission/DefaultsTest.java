package dev.convoy.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.InterfaceBridge;
import dev.convoy.api.kubevirt.v1.Machine;
import dev.convoy.api.kubevirt.v1.Network;
import dev.convoy.api.kubevirt.v1.PodNetwork;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("mutating admission: defaults fill gaps and never override the user")
class DefaultsTest {

  final Admission admission = new Admission(Set.of());

  @Test
  @DisplayName(
      "a bare VMI gets q35, grace 30, a pod network with masquerade, a memory request, virtio disks, the finalizer")
  void bareVmi() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "u", "");
    vmi.getSpec().getDomain().getDevices().getDisks().get(0).setDisk(null);
    VirtualMachineInstance out = admission.mutate(vmi);

    assertThat(out.getSpec().getDomain().getMachine().getType()).isEqualTo("q35");
    assertThat(out.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(out.getSpec().getNetworks())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.getName()).isEqualTo("default");
              assertThat(n.getPod()).isNotNull();
            });
    assertThat(out.getSpec().getDomain().getDevices().getInterfaces())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.getName()).isEqualTo("default");
              assertThat(i.getMasquerade()).isNotNull();
            });
    assertThat(out.getSpec().getDomain().getResources().getRequests().get("memory"))
        .isEqualTo(new Quantity("128Mi"));
    assertThat(out.getSpec().getDomain().getDevices().getDisks().get(0).getDisk().getBus())
        .isEqualTo("virtio");
    assertThat(out.getMetadata().getFinalizers())
        .containsExactly("kubevirt.io/foregroundDeleteVirtualMachine");
    assertThat(vmi.getSpec().getNetworks()).as("the input is not modified").isNull();
    assertThat(Serialization.sameJson(admission.mutate(out), out)).as("idempotent").isTrue();
  }

  @Test
  @DisplayName("what the user set is kept")
  void keepsUserValues() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "u", "");
    Machine m = new Machine();
    m.setType("pc-i440fx-rhel7.6.0");
    vmi.getSpec().getDomain().setMachine(m);
    vmi.getSpec().setTerminationGracePeriodSeconds(0L);
    Network net = new Network();
    net.setName("lan");
    net.setPod(new PodNetwork());
    vmi.getSpec().setNetworks(List.of(net));
    Interface lan = new Interface();
    lan.setName("lan");
    lan.setBridge(new InterfaceBridge());
    vmi.getSpec().getDomain().getDevices().setInterfaces(List.of(lan));
    Disk cd = vmi.getSpec().getDomain().getDevices().getDisks().get(0);
    cd.setDisk(null);
    cd.setCdrom(new dev.convoy.api.kubevirt.v1.CdromTarget());

    VirtualMachineInstance out = admission.mutate(vmi);
    assertThat(out.getSpec().getDomain().getMachine().getType()).isEqualTo("pc-i440fx-rhel7.6.0");
    assertThat(out.getSpec().getTerminationGracePeriodSeconds()).isZero();
    assertThat(out.getSpec().getNetworks()).extracting(Network::getName).containsExactly("lan");
    assertThat(out.getSpec().getDomain().getDevices().getInterfaces().get(0).getBridge())
        .isNotNull();
    assertThat(out.getSpec().getDomain().getDevices().getInterfaces().get(0).getMasquerade())
        .isNull();
    assertThat(out.getSpec().getDomain().getDevices().getDisks().get(0).getCdrom().getBus())
        .isEqualTo("sata");
  }

  @Test
  @DisplayName("autoattachPodInterface: false means no default network")
  void noAutoattach() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "u", "");
    vmi.getSpec().getDomain().getDevices().setAutoattachPodInterface(false);
    assertThat(admission.mutate(vmi).getSpec().getNetworks()).isNull();
  }

  @Test
  @DisplayName("a VM gets the template's machine type only; admit() then validates")
  void vm() {
    VirtualMachine vm = Fixtures.vm("ns", "vm", "Always");
    VirtualMachine out = admission.admit(null, vm, "alice");
    assertThat(out.getSpec().getTemplate().getSpec().getDomain().getMachine().getType())
        .isEqualTo("q35");
    assertThat(out.getSpec().getTemplate().getSpec().getNetworks()).isNull();
    assertThat(out.getMetadata().getFinalizers())
        .containsExactly("kubevirt.io/virtualMachineControllerFinalize");

    vm.getSpec().setRunning(false);
    try {
      admission.admit(null, vm, "alice");
      throw new AssertionError("admitted an invalid VM");
    } catch (Admission.AdmissionDeniedException e) {
      assertThat(e.getMessage())
          .isEqualTo(
              "VirtualMachine vm is invalid: spec.running: running and runStrategy are mutually exclusive; set only runStrategy");
    }
  }
}
