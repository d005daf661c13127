package dev.convoy.handler.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.launcher.convert.ClaimStorage;
import dev.convoy.launcher.convert.PodVolumeLayout;
import dev.convoy.launcher.pod.LauncherPodArguments;
import dev.convoy.launcher.pod.PodLauncherMain;
import dev.convoy.operator.vmi.LauncherPodRenderer;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeDevice;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract between the operator's launcher pod and the launcher image's entry point: the
 * arguments the operator renders are exactly what {@link PodLauncherMain} takes, and the mounts it
 * renders are where the launcher's pod layout looks for sockets and disks.
 */
class LauncherPodEntrypointTest {

  private static VirtualMachineInstance vmi() throws Exception {
    return Serialization.yaml()
        .readValue(
            """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachineInstance
            metadata: {name: web-1, namespace: prod, uid: 6f1c-uid}
            spec:
              terminationGracePeriodSeconds: 60
              domain:
                devices:
                  disks:
                    - {name: rootdisk, disk: {bus: virtio}}
                    - {name: data, disk: {bus: virtio}}
                memory: {guest: 128Mi}
              volumes:
                - {name: rootdisk, persistentVolumeClaim: {claimName: web-1-root}}
                - {name: data, persistentVolumeClaim: {claimName: web-1-data}}
            """,
            VirtualMachineInstance.class);
  }

  private static Map<String, PersistentVolumeClaim> claims() {
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

  private static Container compute(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(LauncherPodRenderer.COMPUTE_CONTAINER))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("the rendered pod's arguments parse into the VMI's identity, socket dir and grace")
  void renderedArgumentsParse() throws Exception {
    for (LauncherSettings settings :
        List.of(
            LauncherSettings.defaults(),
            new LauncherSettings(
                "registry.example/convoy-launcher:1",
                "IfNotPresent",
                List.of(),
                "/run/convoy/sockets",
                LauncherSettings.KvmAccess.EMULATION,
                100))) {
      Pod pod = LauncherPodRenderer.render(vmi(), claims(), settings);
      Container compute = compute(pod);
      assertThat(compute.getCommand()).as("the image's entrypoint runs").isNullOrEmpty();

      LauncherPodArguments parsed =
          LauncherPodArguments.parse(compute.getArgs().toArray(String[]::new));
      assertThat(parsed)
          .isEqualTo(
              new LauncherPodArguments(
                  "prod", "web-1", "6f1c-uid", Path.of(settings.socketDir()), 60));

      // The socket the launcher serves is the one the readiness probe and the node agent expect.
      assertThat(LauncherPodArguments.SOCKET_NAME).isEqualTo(LauncherSettings.SOCKET_NAME);
      assertThat(compute.getReadinessProbe().getExec().getCommand())
          .containsExactly("test", "-S", parsed.commandSocket().toString());
      assertThat(compute.getVolumeMounts())
          .extracting(VolumeMount::getMountPath)
          .contains(parsed.socketDir().toString());

      List<String> launcherArgs =
          PodLauncherMain.launcherArguments(parsed, Map.of(), Set.of("data"));
      assertThat(launcherArgs)
          .containsSubsequence("--socket", parsed.commandSocket().toString())
          .contains("--pod-layout");
    }
  }

  @Test
  @DisplayName("the rendered mounts are where the launcher's pod layout finds each disk")
  void mountsMatchPodLayout() throws Exception {
    Pod pod = LauncherPodRenderer.render(vmi(), claims(), LauncherSettings.defaults());
    Container compute = compute(pod);
    // What PodLauncherMain would find in this pod's /dev: the block claim's device.
    Set<String> blockVolumes =
        Set.copyOf(
            compute.getVolumeDevices().stream()
                .map(VolumeDevice::getDevicePath)
                .map(p -> Path.of(p).getFileName().toString())
                .toList());
    PodVolumeLayout layout = new PodVolumeLayout(Set.of(), blockVolumes);

    assertThat(layout.claim("rootdisk", "web-1-root"))
        .contains(new ClaimStorage.Filesystem(Path.of(LauncherPodRenderer.DISKS_DIR, "rootdisk")));
    assertThat(compute.getVolumeMounts())
        .extracting(VolumeMount::getMountPath)
        .contains(LauncherPodRenderer.DISKS_DIR + "/rootdisk");

    assertThat(layout.claim("data", "web-1-data"))
        .contains(new ClaimStorage.Block(Path.of("/dev/data")));
    assertThat(compute.getVolumeDevices())
        .extracting(VolumeDevice::getDevicePath)
        .containsExactly("/dev/data");

    assertThat(layout.scratchDirectory("cloudinit").toString())
        .startsWith(LauncherPodRenderer.EPHEMERAL_DIR + "/");
  }
}
