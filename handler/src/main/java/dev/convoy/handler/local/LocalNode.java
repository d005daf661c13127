package dev.convoy.handler.local;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Node object of the machine the local runtime runs on, as a pure function of its resources:
 * labels as a kubelet sets them, capacity and allocatable (a little memory is kept back for the
 * runtime itself), ephemeral storage as the size of the filesystem holding the runtime's pods (as a
 * kubelet publishes its root filesystem's; pods are scheduled against it, limits are not enforced:
 * local pods are processes), KVM as the extended resource {@code devices.kubevirt.io/kvm} when it
 * works, the loopback address, and condition Ready. The node agent adds {@code
 * kubevirt.io/schedulable} with its heartbeat.
 */
public final class LocalNode {
  /** Memory kept back from allocatable for the runtime, libvirt and the host. */
  static final long RESERVED_BYTES = 1024L * 1024 * 1024;

  private LocalNode() {}

  public static Node render(
      String name,
      int cpus,
      long memoryBytes,
      long ephemeralStorageBytes,
      boolean kvm,
      Instant now) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("node-role.kubernetes.io/convoy-local", "");
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(Integer.toString(cpus)));
    capacity.put("memory", new Quantity(Long.toString(memoryBytes)));
    capacity.put("pods", new Quantity("110"));
    capacity.put("ephemeral-storage", new Quantity(Long.toString(ephemeralStorageBytes)));
    Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
    allocatable.put(
        "memory", new Quantity(Long.toString(Math.max(0, memoryBytes - RESERVED_BYTES))));
    if (kvm) {
      capacity.put("devices.kubevirt.io/kvm", new Quantity("1k"));
      allocatable.put("devices.kubevirt.io/kvm", new Quantity("1k"));
    }
    String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(allocatable)
        .addNewAddress()
        .withType("InternalIP")
        .withAddress("127.0.0.1")
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withReason("ConvoyLocalRuntimeReady")
        .withMessage("the Convoy local runtime runs pods on this machine")
        .withLastHeartbeatTime(stamp)
        .withLastTransitionTime(stamp)
        .endCondition()
        .withNewNodeInfo()
        .withArchitecture("amd64")
        .withOperatingSystem("linux")
        .withKernelVersion(System.getProperty("os.version"))
        .withOsImage(osImage())
        .withContainerRuntimeVersion("convoy-local://processes")
        .withKubeletVersion("convoy-local")
        .withKubeProxyVersion("")
        .withBootID("")
        .withMachineID("")
        .withSystemUUID("")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  /** The size of the filesystem holding {@code directory}, in bytes (0 when it cannot be read). */
  static long filesystemBytes(Path directory) {
    try {
      return Files.getFileStore(directory).getTotalSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  /** MemTotal from /proc/meminfo, in bytes. */
  static long memoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // fall through
    }
    return Runtime.getRuntime().maxMemory();
  }

  private static String osImage() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return line.substring("PRETTY_NAME=".length()).replace("\"", "");
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "Linux";
  }
}
