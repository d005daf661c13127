package dev.convoy.operator.vmi;

import java.util.List;
import java.util.Objects;

/**
 * How launcher pods are rendered; set once per operator from its configuration.
 *
 * @param image the launcher container image
 * @param imagePullPolicy Always, IfNotPresent or Never; null leaves the cluster default
 * @param command the container command, or an empty list to use the image's entrypoint
 * @param socketDir where the launcher puts its command socket ({@code launcher-sock}); an emptyDir
 *     is mounted there and the node agent finds it under the pod's volume directory
 * @param kvm how the launcher gets /dev/kvm
 * @param fixedOverheadMiB memory the launcher process, libvirt and QEMU need besides the guest, in
 *     MiB
 */
public record LauncherSettings(
    String image,
    String imagePullPolicy,
    List<String> command,
    String socketDir,
    KvmAccess kvm,
    long fixedOverheadMiB) {

  /** Default image name; deployments override it with the released image. */
  public static final String DEFAULT_IMAGE = "ghcr.io/convoy-dev/convoy-launcher:latest";

  /** KubeVirt's socket directory inside the launcher pod. */
  public static final String DEFAULT_SOCKET_DIR = "/var/run/kubevirt/sockets";

  /** The name of the command socket inside {@link #socketDir}, as in KubeVirt. */
  public static final String SOCKET_NAME = "launcher-sock";

  /**
   * Launcher JVM (~120 MiB), virtqemud/libvirt (~60 MiB) and QEMU's own allocations (~40 MiB);
   * KubeVirt's fixed part is about 100 MiB for a Go launcher (PR kubevirt#8011), Convoy's launcher
   * runs on a JVM.
   */
  public static final long DEFAULT_FIXED_OVERHEAD_MIB = 220;

  /** How a launcher pod reaches /dev/kvm. */
  public enum KvmAccess {
    /**
     * Request the extended resource {@code devices.kubevirt.io/kvm: 1}, served by a device plugin
     * on each node (as KubeVirt does). Unprivileged; the scheduler only picks nodes that offer KVM.
     */
    DEVICE_PLUGIN,
    /**
     * Mount the host's /dev/kvm (hostPath CharDevice) into a privileged launcher container. No
     * plugin needed.
     */
    HOST_PATH,
    /** No /dev/kvm: the launcher runs QEMU under TCG (KubeVirt's useEmulation). */
    EMULATION
  }

  public LauncherSettings {
    Objects.requireNonNull(image, "image");
    command = command == null ? List.of() : List.copyOf(command);
    socketDir = socketDir == null ? DEFAULT_SOCKET_DIR : socketDir;
    kvm = kvm == null ? KvmAccess.DEVICE_PLUGIN : kvm;
  }

  /** The defaults: {@link #DEFAULT_IMAGE}, the device plugin, KubeVirt's socket directory. */
  public static LauncherSettings defaults() {
    return new LauncherSettings(
        DEFAULT_IMAGE,
        null,
        List.of(),
        DEFAULT_SOCKET_DIR,
        KvmAccess.DEVICE_PLUGIN,
        DEFAULT_FIXED_OVERHEAD_MIB);
  }
}
