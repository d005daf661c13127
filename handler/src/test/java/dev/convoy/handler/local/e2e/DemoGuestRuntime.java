package dev.convoy.handler.local.e2e;

import static org.awaitility.Awaitility.await;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.LocalRuntime;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test support for the local runtime with real libvirtd and QEMU: the demo guest (built by {@code
 * examples/guest/build-guest.sh} into {@code build/guest}), claims holding its disk,
 * VirtualMachines booting it, the guest's console, and cleanup of every domain and process a test
 * started.
 */
final class DemoGuestRuntime {
  static final String NAMESPACE = "default";

  /** What {@code build/guest/guest.env} says about the guest. */
  record Guest(Path rawDisk, String dataSha256, String readyMarker, String powerOffMarker) {}

  static Guest guest() {
    String root = System.getProperty("convoy.root");
    if (root == null) {
      throw new IllegalStateException("convoy.root is not set: run the tests through Maven");
    }
    Path dir = Path.of(root, "build", "guest");
    Path env = dir.resolve("guest.env");
    if (!Files.isRegularFile(env)) {
      throw new IllegalStateException(env + " is missing: run examples/guest/build-guest.sh");
    }
    Map<String, String> values = new java.util.HashMap<>();
    try {
      for (String line : Files.readAllLines(env)) {
        if (!line.startsWith("#") && line.contains("=")) {
          values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Guest(
        dir.resolve(values.get("GUEST_RAW")),
        values.get("GUEST_DATA_SHA256"),
        values.get("GUEST_READY_MARKER"),
        values.get("GUEST_POWEROFF_MARKER"));
  }

  /** A data directory QEMU (user libvirt-qemu) can traverse. */
  static Path dataDir(Path tempDir) throws IOException {
    Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tempDir;
  }

  /** A client as a user would have it: from the runtime's kubeconfig. */
  static KubernetesClient userClient(LocalRuntime runtime) throws IOException {
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(runtime.paths().kubeconfig())))
        .build();
  }

  /** Creates a claim, waits until it is bound and puts the demo guest's disk into it. */
  static void claimWithGuestDisk(KubernetesClient client, String claim, Guest guest)
      throws IOException {
    PersistentVolumeClaim pvc =
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName(claim)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("128Mi"))
            .endResources()
            .endSpec()
            .build();
    client.persistentVolumeClaims().inNamespace(NAMESPACE).resource(pvc).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              PersistentVolumeClaim c =
                  client.persistentVolumeClaims().inNamespace(NAMESPACE).withName(claim).get();
              return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
            });
    String pv =
        client
            .persistentVolumeClaims()
            .inNamespace(NAMESPACE)
            .withName(claim)
            .get()
            .getSpec()
            .getVolumeName();
    Path dir =
        Path.of(client.persistentVolumes().withName(pv).get().getSpec().getLocal().getPath());
    Path disk = dir.resolve("disk.img");
    Files.copy(guest.rawDisk(), disk, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-rw-r--"));
  }

  /** A VirtualMachine booting the claim, with one masquerade NIC of MAC {@code mac}. */
  static VirtualMachine virtualMachine(String name, String claim, String runStrategy, String mac) {
    try {
      return Serialization.yaml()
          .readValue(
              """
              apiVersion: kubevirt.io/v1
              kind: VirtualMachine
              metadata:
                name: %s
                namespace: %s
              spec:
                runStrategy: %s
                template:
                  metadata:
                    labels:
                      convoy.dev/test: handler-e2e
                  spec:
                    terminationGracePeriodSeconds: 30
                    domain:
                      cpu:
                        cores: 1
                      memory:
                        guest: 192Mi
                      devices:
                        disks:
                        - name: root
                          disk:
                            bus: virtio
                        interfaces:
                        - name: default
                          macAddress: "%s"
                          masquerade: {}
                    networks:
                    - name: default
                      pod: {}
                    volumes:
                    - name: root
                      persistentVolumeClaim:
                        claimName: %s
              """
                  .formatted(name, NAMESPACE, runStrategy, mac, claim),
              VirtualMachine.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VirtualMachineInstance vmi(KubernetesClient client, String name) {
    return client
        .resources(VirtualMachineInstance.class)
        .inNamespace(NAMESPACE)
        .withName(name)
        .get();
  }

  static String phase(KubernetesClient client, String name) {
    VirtualMachineInstance vmi = vmi(client, name);
    return vmi == null || vmi.getStatus() == null ? null : vmi.getStatus().getPhase();
  }

  /** The VMI's launcher pod (by the created-by label), if any. */
  static Optional<Pod> launcherPod(KubernetesClient client, VirtualMachineInstance vmi) {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel(Labels.CREATED_BY, vmi.getMetadata().getUid())
        .list()
        .getItems()
        .stream()
        .findFirst();
  }

  /** The guest's console log, written by libvirt into the launcher's run directory. */
  static Path consoleLog(LocalRuntime runtime, Pod pod) {
    return runtime
        .paths()
        .emptyDirStorage(pod.getMetadata().getUid(), "sockets")
        .resolve("serial0.log");
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Pids of QEMU processes running domain {@code domain}. */
  static List<Long> qemuPids(String domain) {
    List<Long> pids = new ArrayList<>();
    ProcessHandle.allProcesses()
        .forEach(
            p ->
                p.info()
                    .commandLine()
                    .filter(
                        cmd -> cmd.contains("qemu-system") && cmd.contains("guest=" + domain + ","))
                    .ifPresent(cmd -> pids.add(p.pid())));
    return pids;
  }

  /** Whether libvirt knows domain {@code domain}. */
  static boolean domainExists(String domain) {
    return run("virsh", "-c", "qemu:///system", "dominfo", domain) == 0;
  }

  static int run(String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Destroys and undefines every domain whose name starts with {@code prefix}. */
  static void destroyDomains(String prefix) {
    try {
      Process list =
          new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name").start();
      String names = new String(list.getInputStream().readAllBytes());
      list.waitFor(30, TimeUnit.SECONDS);
      for (String name : names.split("\n")) {
        if (name.trim().startsWith(prefix)) {
          run("virsh", "-c", "qemu:///system", "destroy", name.trim());
          run("virsh", "-c", "qemu:///system", "undefine", "--nvram", name.trim());
        }
      }
    } catch (IOException e) {
      // nothing to clean
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the processes of every local pod under {@code root} (pid files of the runner). */
  static void killLocalPods(Path podsDir) {
    if (!Files.isDirectory(podsDir)) {
      return;
    }
    try (Stream<Path> pids =
        Files.find(podsDir, 4, (p, a) -> p.getFileName().toString().equals("pid"))) {
      pids.forEach(
          pid -> {
            try {
              ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                  .ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
              // gone
            }
          });
    } catch (IOException e) {
      // nothing to kill
    }
  }

  static void deleteTree(Path root) {
    LocalPaths.deleteTree(root);
  }

  private DemoGuestRuntime() {}
}
