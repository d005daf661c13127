package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.importer.testing.ConvoyCli.Result;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convoy runtime up|status|down} and {@code convoy vm list|console|logs|stop|start} against
 * a real local runtime in the background, with the demo guest on real libvirt (TCG).
 */
class RuntimeAndVmCommandsTest {
  private static final String VM = "cli-" + UUID.randomUUID().toString().substring(0, 6);

  @TempDir Path tempDir;

  private String dataDirArg() {
    return "--data-dir=" + tempDir;
  }

  @AfterEach
  void cleanUp() throws Exception {
    run("runtime", "down", dataDirArg());
    // kill what the runtime left running, and any domain of this test
    Path pods = tempDir.resolve("pods");
    if (Files.isDirectory(pods)) {
      try (Stream<Path> pids =
          Files.find(pods, 4, (p, a) -> p.getFileName().toString().equals("pid"))) {
        pids.forEach(
            pid -> {
              try {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    .ifPresent(ProcessHandle::destroyForcibly);
              } catch (IOException | NumberFormatException e) {
                // gone
              }
            });
      }
    }
    new ProcessBuilder("virsh", "-c", "qemu:///system", "destroy", "default_" + VM)
        .start()
        .waitFor(30, TimeUnit.SECONDS);
    new ProcessBuilder("virsh", "-c", "qemu:///system", "undefine", "default_" + VM)
        .start()
        .waitFor(30, TimeUnit.SECONDS);
    Path shortRoot = new dev.convoy.handler.local.LocalPaths(tempDir).shortRoot();
    if (Files.exists(shortRoot)) {
      try (Stream<Path> files = Files.walk(shortRoot)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  @DisplayName(
      "runtime up/status/down in the background, and the vm commands on a booted demo guest")
  void runtimeAndVmCommands() throws Exception {
    Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Result notRunning = run("runtime", "status", dataDirArg());
    assertThat(notRunning.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(notRunning.out()).contains("not running");
    Result noRuntime = run("vm", "list", dataDirArg());
    assertThat(noRuntime.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(noRuntime.err()).contains("the local runtime is not running", "convoy runtime up");

    Result up = run("runtime", "up", dataDirArg(), "--accelerator=tcg", "--node-name=cli-node");
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out())
        .contains("Local runtime up", "kubeconfig", tempDir.resolve("kubeconfig").toString());
    assertThat(run("runtime", "up", dataDirArg()).out()).contains("already running");
    Result status = run("runtime", "status", dataDirArg());
    assertThat(status.exitCode()).isZero();
    assertThat(status.out())
        .contains("Local runtime running", "node         cli-node", "VMs          none");

    Map<String, String> guest = guestEnv();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(tempDir.resolve("kubeconfig"))))
            .build()) {
      claimWithDisk(
          client,
          Path.of(System.getProperty("convoy.root"), "build/guest", guest.get("GUEST_RAW")));
      client.resource(vm()).create();

      String marker =
          guest.get("GUEST_READY_MARKER") + " disk-sha256=" + guest.get("GUEST_DATA_SHA256");
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> run("vm", "list", dataDirArg()).out().contains("Running"));
      Result console =
          run("vm", "console", VM, dataDirArg(), "--expect=" + marker, "--timeout=180");
      assertThat(console.exitCode()).as(console.err()).isZero();
      assertThat(console.out()).contains(marker);

      Result list = run("vm", "list", dataDirArg());
      assertThat(list.out())
          .containsPattern(VM + "\\s+\\S+\\s+Running\\s+True\\s+Running\\s+cli-node");
      assertThat(run("vm", "logs", VM, dataDirArg()).out())
          .contains("started domain default_" + VM);

      Result elsewhere = run("vm", "console", VM, "--kubeconfig=" + copyOfKubeconfig());
      assertThat(elsewhere.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(elsewhere.err()).contains("console proxy");

      Result stop = run("vm", "stop", VM, dataDirArg());
      assertThat(stop.exitCode()).as(stop.err()).isZero();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> run("vm", "list", dataDirArg()).out().contains("Stopped"));
      Result again = run("vm", "stop", VM, dataDirArg());
      assertThat(again.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
      assertThat(again.err()).contains("cannot stop VirtualMachine default/" + VM);
      // the stopped VM's last launcher log is still there once its launcher has exited: the VM
      // shows Stopped as soon as its VMI has Succeeded, before the launcher has undefined the
      // domain and logged its last line; the VMI is gone only after its launcher pod has ended
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  client
                          .resources(VirtualMachineInstance.class)
                          .inNamespace("default")
                          .withName(VM)
                          .get()
                      == null);
      assertThat(run("vm", "logs", VM, dataDirArg(), "--tail=50").out()).contains("launcher exits");
      Result missing = run("vm", "start", "no-such-vm", dataDirArg());
      assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(missing.err()).contains("VirtualMachine default/no-such-vm not found");
      client.resource(vm()).delete();
    }

    Result down = run("runtime", "down", dataDirArg());
    assertThat(down.exitCode()).isZero();
    assertThat(down.out()).contains("stopped");
    assertThat(run("runtime", "status", dataDirArg()).exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
  }

  private Path copyOfKubeconfig() throws IOException {
    Path copy = tempDir.resolve("elsewhere.kubeconfig");
    Files.copy(tempDir.resolve("kubeconfig"), copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static VirtualMachine vm() throws IOException {
    return Serialization.yaml()
        .readValue(
            """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachine
            metadata:
              name: %s
              namespace: default
            spec:
              runStrategy: Always
              template:
                spec:
                  terminationGracePeriodSeconds: 30
                  domain:
                    memory:
                      guest: 192Mi
                    devices:
                      disks:
                      - name: root
                        disk:
                          bus: virtio
                      autoattachPodInterface: false
                  volumes:
                  - name: root
                    persistentVolumeClaim:
                      claimName: %s-disk
            """
                .formatted(VM, VM),
            VirtualMachine.class);
  }

  private static void claimWithDisk(KubernetesClient client, Path raw) throws Exception {
    PersistentVolumeClaim pvc =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(VM + "-disk")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("128Mi"))
            .endResources()
            .endSpec()
            .build();
    client.resource(pvc).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .persistentVolumeClaims()
                        .inNamespace("default")
                        .withName(VM + "-disk")
                        .get()
                        .getSpec()
                        .getVolumeName()
                    != null);
    String pv =
        client
            .persistentVolumeClaims()
            .inNamespace("default")
            .withName(VM + "-disk")
            .get()
            .getSpec()
            .getVolumeName();
    Path dir =
        Path.of(client.persistentVolumes().withName(pv).get().getSpec().getLocal().getPath());
    Files.copy(raw, dir.resolve("disk.img"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static Map<String, String> guestEnv() throws IOException {
    Path env = Path.of(System.getProperty("convoy.root"), "build/guest/guest.env");
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(env)) {
      if (!line.startsWith("#") && line.contains("=")) {
        values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return values;
  }
}
