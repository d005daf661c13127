package dev.convoy.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.CdromTarget;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.InterfaceMasquerade;
import dev.convoy.api.kubevirt.v1.MultusNetwork;
import dev.convoy.api.kubevirt.v1.Network;
import dev.convoy.api.kubevirt.v1.PodNetwork;
import dev.convoy.api.kubevirt.v1.ResourceRequirements;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import dev.convoy.api.kubevirt.v1.Volume;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("validating admission: every rule names the offending field")
class ValidationTest {

  static final String T = "spec.template.spec";

  static VirtualMachine vm(Consumer<VirtualMachineInstanceSpec> change) {
    VirtualMachine vm = Fixtures.vm("ns", "vm", "Always");
    vm.getSpec()
        .getTemplate()
        .setSpec(
            Fixtures.vmiSpec(Fixtures.containerDisk("rootdisk"), Fixtures.pvc("data", "data-pvc")));
    change.accept(vm.getSpec().getTemplate().getSpec());
    return vm;
  }

  static List<String> errors(VirtualMachine vm) {
    return Validation.virtualMachine(vm).stream().map(FieldError::toString).toList();
  }

  static Interface iface(String name, Integer bootOrder) {
    Interface i = new Interface();
    i.setName(name);
    i.setMasquerade(new InterfaceMasquerade());
    i.setBootOrder(bootOrder);
    return i;
  }

  static Network pod(String name) {
    Network n = new Network();
    n.setName(name);
    n.setPod(new PodNetwork());
    return n;
  }

  @Test
  @DisplayName("a well-formed VM passes")
  void valid() {
    assertThat(errors(vm(s -> {}))).isEmpty();
  }

  @Nested
  @DisplayName("names")
  class Names {
    @Test
    void duplicateDiskName() {
      assertThat(errors(vm(s -> s.getDomain().getDevices().getDisks().get(1).setName("rootdisk"))))
          .contains(T + ".domain.devices.disks[1].name: duplicate name \"rootdisk\"");
    }

    @Test
    void duplicateVolumeName() {
      assertThat(errors(vm(s -> s.getVolumes().get(1).setName("rootdisk"))))
          .contains(T + ".volumes[1].name: duplicate name \"rootdisk\"");
    }

    @Test
    void missingNames() {
      assertThat(errors(vm(s -> s.getVolumes().get(0).setName(null))))
          .contains(T + ".volumes[0].name: is required");
    }

    @Test
    void duplicateInterfaceAndNetworkNames() {
      List<String> e =
          errors(
              vm(
                  s -> {
                    s.getDomain()
                        .getDevices()
                        .setInterfaces(List.of(iface("net", null), iface("net", null)));
                    s.setNetworks(List.of(pod("net"), pod("net")));
                  }));
      assertThat(e)
          .contains(T + ".domain.devices.interfaces[1].name: duplicate name \"net\"")
          .contains(T + ".networks[1].name: duplicate name \"net\"")
          .contains(T + ".networks[1].pod: only one pod network is allowed");
    }
  }

  @Nested
  @DisplayName("references and sources")
  class References {
    @Test
    void diskWithoutVolume() {
      assertThat(errors(vm(s -> s.getVolumes().remove(1))))
          .contains(T + ".domain.devices.disks[1].name: no volume named \"data\" backs this disk");
    }

    @Test
    void interfaceWithoutNetwork() {
      assertThat(
              errors(
                  vm(s -> s.getDomain().getDevices().setInterfaces(List.of(iface("lan", null))))))
          .contains(
              T
                  + ".domain.devices.interfaces[0].name: no network named \"lan\" for this interface");
    }

    @Test
    void volumeSources() {
      assertThat(errors(vm(s -> s.getVolumes().get(1).setPersistentVolumeClaim(null))))
          .anyMatch(e -> e.startsWith(T + ".volumes[1]: a volume needs a source"));
      assertThat(
              errors(
                  vm(
                      s ->
                          s.getVolumes()
                              .get(1)
                              .setContainerDisk(Fixtures.containerDisk("x").getContainerDisk()))))
          .contains(T + ".volumes[1]: a volume has exactly one source, found 2");
      // A source the model does not name (configMap) still counts.
      assertThat(
              errors(
                  vm(
                      s -> {
                        Volume v = s.getVolumes().get(1);
                        v.setPersistentVolumeClaim(null);
                        v.setAdditionalProperty("configMap", Map.of("name", "cm"));
                      })))
          .isEmpty();
    }

    @Test
    void diskTargets() {
      assertThat(
              errors(
                  vm(
                      s -> {
                        Disk d = s.getDomain().getDevices().getDisks().get(0);
                        d.setCdrom(new CdromTarget());
                      })))
          .contains(T + ".domain.devices.disks[0]: a disk has at most one of disk, lun or cdrom");
    }

    @Test
    void networkKinds() {
      Network both = pod("default");
      both.setMultus(new MultusNetwork());
      assertThat(
              errors(
                  vm(
                      s -> {
                        s.getDomain().getDevices().setInterfaces(List.of(iface("default", null)));
                        s.setNetworks(List.of(both));
                      })))
          .contains(T + ".networks[0]: a network has exactly one of pod or multus");
    }
  }

  @Nested
  @DisplayName("bootOrder")
  class BootOrder {
    @Test
    void positive() {
      assertThat(errors(vm(s -> s.getDomain().getDevices().getDisks().get(0).setBootOrder(0))))
          .contains(T + ".domain.devices.disks[0].bootOrder: must be greater than 0, got 0");
    }

    @Test
    void uniqueAcrossDisksAndInterfaces() {
      List<String> e =
          errors(
              vm(
                  s -> {
                    s.getDomain().getDevices().getDisks().get(0).setBootOrder(1);
                    s.getDomain().getDevices().getDisks().get(1).setBootOrder(2);
                    s.getDomain().getDevices().setInterfaces(List.of(iface("default", 1)));
                    s.setNetworks(List.of(pod("default")));
                  }));
      assertThat(e)
          .containsExactly(
              T
                  + ".domain.devices.interfaces[0].bootOrder: bootOrder 1 is already used by "
                  + T
                  + ".domain.devices.disks[0]");
    }
  }

  @Nested
  @DisplayName("run strategy")
  class Running {
    @Test
    void exclusive() {
      VirtualMachine vm = vm(s -> {});
      vm.getSpec().setRunning(true);
      assertThat(errors(vm))
          .containsExactly(
              "spec.running: running and runStrategy are mutually exclusive; set only runStrategy");
    }

    @Test
    void knownValues() {
      VirtualMachine vm = vm(s -> {});
      vm.getSpec().setRunStrategy("Sometimes");
      assertThat(errors(vm))
          .singleElement()
          .asString()
          .startsWith("spec.runStrategy: unsupported value \"Sometimes\"");
    }

    @Test
    void template() {
      VirtualMachine vm = vm(s -> {});
      vm.getSpec().setTemplate(null);
      assertThat(errors(vm)).containsExactly("spec.template.spec: is required");
    }
  }

  @Nested
  @DisplayName("resources")
  class Resources {
    static ResourceRequirements resources(
        Map<String, String> requests, Map<String, String> limits) {
      ResourceRequirements r = new ResourceRequirements();
      r.setRequests(quantities(requests));
      r.setLimits(quantities(limits));
      return r;
    }

    static Map<String, Quantity> quantities(Map<String, String> m) {
      Map<String, Quantity> out = new java.util.LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k, new Quantity(v)));
      return out;
    }

    @Test
    void memoryRequired() {
      assertThat(errors(vm(s -> s.getDomain().setMemory(null))))
          .containsExactly(
              T
                  + ".domain.resources.requests.memory: no memory is requested; set domain.memory.guest or"
                  + " domain.resources.requests.memory");
    }

    @Test
    void requestsWithinLimits() {
      List<String> e =
          errors(
              vm(
                  s ->
                      s.getDomain()
                          .setResources(
                              resources(
                                  Map.of("memory", "2Gi", "cpu", "2"),
                                  Map.of("memory", "1Gi", "cpu", "1")))));
      assertThat(e)
          .contains(
              T + ".domain.resources.requests.memory: request 2Gi is greater than the limit 1Gi")
          .contains(T + ".domain.resources.requests.cpu: request 2 is greater than the limit 1");
    }

    @Test
    void guestWithinLimit() {
      List<String> e =
          errors(
              vm(
                  s -> {
                    s.getDomain().getMemory().setGuest(new Quantity("4Gi"));
                    s.getDomain().setResources(resources(Map.of(), Map.of("memory", "1Gi")));
                  }));
      assertThat(e)
          .containsExactly(
              T + ".domain.memory.guest: guest memory 4Gi is greater than the memory limit 1Gi");
    }

    @Test
    void positiveAmounts() {
      assertThat(errors(vm(s -> s.getDomain().getMemory().setGuest(new Quantity("0")))))
          .contains(T + ".domain.memory.guest: must be greater than 0, got 0");
      assertThat(
              errors(
                  vm(
                      s ->
                          s.getDomain()
                              .setCpu(
                                  new dev.convoy.api.kubevirt.v1.Cpu() {
                                    {
                                      setCores(0);
                                    }
                                  }))))
          .contains(T + ".domain.cpu.cores: must be at least 1, got 0");
      assertThat(errors(vm(s -> s.setTerminationGracePeriodSeconds(-1L))))
          .contains(T + ".terminationGracePeriodSeconds: must not be negative");
    }

    @Test
    void limits() {
      List<Volume> many = new ArrayList<>();
      for (int i = 0; i < 257; i++) {
        many.add(Fixtures.containerDisk("v" + i));
      }
      assertThat(errors(vm(s -> s.setVolumes(many))))
          .contains(T + ".volumes: at most 256 volumes are allowed");
    }
  }

  @Nested
  @DisplayName("VMI updates")
  class Updates {
    @Test
    @DisplayName(
        "users cannot change a VMI spec; Convoy's service accounts can; metadata/status changes pass")
    void immutable() {
      VirtualMachineInstance old = Fixtures.vmi("ns", "vm", "u", "Running");
      VirtualMachineInstance changed = Serialization.deepCopy(old);
      changed.getSpec().getDomain().getMemory().setGuest(new Quantity("8Gi"));
      Admission admission =
          new Admission(java.util.Set.of("system:serviceaccount:convoy-system:convoy-operator"));

      assertThat(admission.validate(old, changed, "alice"))
          .singleElement()
          .satisfies(e -> assertThat(e.field()).isEqualTo("spec"));
      assertThat(
              admission.validate(
                  old, changed, "system:serviceaccount:convoy-system:convoy-operator"))
          .isEmpty();

      VirtualMachineInstance labelled = Serialization.deepCopy(old);
      labelled.getMetadata().setLabels(Map.of("team", "a"));
      labelled.getStatus().setPhase("Failed");
      assertThat(admission.validate(old, labelled, "alice")).isEmpty();
    }

    @Test
    @DisplayName("a new VMI is validated like a VM template, with paths under spec")
    void create() {
      VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "u", "");
      vmi.getSpec().getVolumes().clear();
      assertThat(new Admission(java.util.Set.of()).validate(null, vmi))
          .extracting(FieldError::toString)
          .containsExactly(
              "spec.domain.devices.disks[0].name: no volume named \"rootdisk\" backs this disk");
    }
  }
}
