package dev.convoy.operator.vmi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.Cpu;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("launcher pod: a pure function of the VMI, its claims and the launcher settings")
class LauncherPodRendererTest {

  static VirtualMachineInstance vmi() {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "web-1", "6f1c-uid", "");
    vmi.setSpec(
        Fixtures.vmiSpec(
            Fixtures.pvc("rootdisk", "web-1-root"),
            Fixtures.pvc("data", "web-1-data"),
            Fixtures.containerDisk("tools")));
    vmi.getSpec().setTerminationGracePeriodSeconds(60L);
    vmi.getSpec().setNodeSelector(Map.of("zone", "a"));
    vmi.getSpec()
        .setTolerations(
            List.of(new TolerationBuilder().withKey("dedicated").withOperator("Exists").build()));
    Cpu cpu = new Cpu();
    cpu.setCores(2);
    cpu.setSockets(1);
    vmi.getSpec().getDomain().setCpu(cpu);
    vmi.getSpec().getDomain().getMemory().setGuest(new Quantity("1Gi"));
    vmi.getMetadata().setLabels(Map.of("app", "web", "kubevirt.io/nodeName", "stale"));
    return vmi;
  }

  static Map<String, PersistentVolumeClaim> claims() {
    return Map.of(
        "web-1-data",
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("web-1-data")
            .endMetadata()
            .withNewSpec()
            .withVolumeMode("Block")
            .endSpec()
            .build());
  }

  @Test
  @DisplayName("name, labels, owner, placement, grace and args")
  void shape() {
    Pod pod = LauncherPodRenderer.render(vmi(), claims(), LauncherSettings.defaults());
    assertThat(pod.getMetadata().getName())
        .matches("virt-launcher-web-1-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(
            LauncherPodRenderer.render(vmi(), claims(), LauncherSettings.defaults())
                .getMetadata()
                .getName())
        .as("same VMI, same name")
        .isEqualTo(pod.getMetadata().getName());
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("kubevirt.io", "virt-launcher")
        .containsEntry("kubevirt.io/created-by", "6f1c-uid")
        .containsEntry("app", "web")
        .doesNotContainKey("kubevirt.io/nodeName");
    assertThat(pod.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("VirtualMachineInstance");
              assertThat(o.getUid()).isEqualTo("6f1c-uid");
              assertThat(o.getController()).isTrue();
            });
    assertThat(pod.getSpec().getNodeSelector())
        .containsEntry("kubevirt.io/schedulable", "true")
        .containsEntry("zone", "a");
    assertThat(pod.getSpec().getTolerations()).hasSize(1);
    assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(75L);
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    Container compute = pod.getSpec().getContainers().get(0);
    assertThat(compute.getName()).isEqualTo("compute");
    assertThat(compute.getArgs())
        .containsExactly(
            "--vmi-namespace",
            "ns",
            "--vmi-name",
            "web-1",
            "--uid",
            "6f1c-uid",
            "--socket-dir",
            "/var/run/kubevirt/sockets",
            "--grace-period-seconds",
            "60");
  }

  @Test
  @DisplayName("resources: guest memory + overhead, 100m per vCPU, the KVM device")
  void resources() {
    Pod pod = LauncherPodRenderer.render(vmi(), claims(), LauncherSettings.defaults());
    var requests = pod.getSpec().getContainers().get(0).getResources().getRequests();
    // 1024 guest + 220 fixed + 2 (page tables: 1Gi/512) + 16 (2 vCPUs) = 1262 MiB (headless: no
    // video)
    assertThat(requests.get("memory")).isEqualTo(new Quantity("1262Mi"));
    assertThat(requests.get("cpu")).isEqualTo(new Quantity("200m"));
    assertThat(requests.get("devices.kubevirt.io/kvm")).isEqualTo(new Quantity("1"));
  }

  @Test
  @DisplayName(
      "volumes: socket and ephemeral emptyDirs, filesystem claims mounted, block claims as devices")
  void volumes() {
    Pod pod = LauncherPodRenderer.render(vmi(), claims(), LauncherSettings.defaults());
    assertThat(pod.getSpec().getVolumes())
        .extracting(v -> v.getName())
        .containsExactly("sockets", "ephemeral-disks", "rootdisk", "data");
    Container compute = pod.getSpec().getContainers().get(0);
    assertThat(compute.getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .containsExactly(
            "/var/run/kubevirt/sockets",
            "/var/run/kubevirt-ephemeral-disks",
            "/var/run/kubevirt-private/vmi-disks/rootdisk");
    assertThat(compute.getVolumeDevices())
        .extracting(d -> d.getDevicePath())
        .containsExactly("/dev/data");
    assertThat(compute.getReadinessProbe().getExec().getCommand())
        .containsExactly("test", "-S", "/var/run/kubevirt/sockets/launcher-sock");
  }

  @Test
  @DisplayName("/dev/kvm by hostPath makes the container privileged; emulation asks for nothing")
  void kvmModes() {
    LauncherSettings hostPath =
        new LauncherSettings(
            "img", null, List.of(), null, LauncherSettings.KvmAccess.HOST_PATH, 220);
    Pod pod = LauncherPodRenderer.render(vmi(), claims(), hostPath);
    assertThat(pod.getSpec().getVolumes())
        .filteredOn(v -> v.getHostPath() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/dev/kvm"));
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
    assertThat(pod.getSpec().getContainers().get(0).getResources().getRequests())
        .doesNotContainKey("devices.kubevirt.io/kvm");

    LauncherSettings tcg =
        new LauncherSettings(
            "img", null, List.of("/opt/launcher"), null, LauncherSettings.KvmAccess.EMULATION, 220);
    Pod emulated = LauncherPodRenderer.render(vmi(), claims(), tcg);
    assertThat(emulated.getSpec().getContainers().get(0).getResources().getRequests())
        .doesNotContainKey("devices.kubevirt.io/kvm");
    assertThat(emulated.getSpec().getContainers().get(0).getCommand())
        .containsExactly("/opt/launcher");
    assertThat(emulated.getSpec().getContainers().get(0).getSecurityContext()).isNull();
  }

  @Test
  @DisplayName("a long VMI name is cut so that the pod name stays within 63 characters")
  void longNames() {
    VirtualMachineInstance vmi = vmi();
    vmi.getMetadata().setName("a".repeat(60));
    String name = LauncherPodRenderer.podName(vmi);
    assertThat(name).hasSize(63).startsWith("virt-launcher-aaaa");
  }
}
