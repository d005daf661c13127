package dev.convoy.launcher.pod;

import dev.convoy.launcher.LauncherMain;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The launcher image's entry point in a cluster. It takes exactly the arguments the operator
 * renders into the launcher pod ({@link LauncherPodArguments}), starts the container's own virtlogd
 * and libvirtd ({@link ContainerLibvirt}, as KubeVirt's virt-launcher runs its own libvirt; not
 * when {@code CONVOY_LIBVIRT_URI} names another libvirt) and runs {@link LauncherMain} with
 * KubeVirt's pod conventions: the command socket in the {@code sockets} emptyDir, filesystem PVCs
 * under {@code /var/run/kubevirt-private/vmi-disks/<volume>}, block PVCs at {@code /dev/<volume>}.
 * As in KubeVirt, the VMI itself arrives from the node agent over the command socket (Sync); the
 * launcher reads nothing from the API server.
 *
 * <p>Exit codes: those of {@link LauncherMain}; 2 for arguments that are not the operator's; 4 when
 * the container's libvirt does not start.
 */
public final class PodLauncherMain {
  private PodLauncherMain() {}

  private static final int EXIT_UNAVAILABLE = 4;

  static final String USAGE =
      """
      Usage: convoy-launcher --vmi-namespace NS --vmi-name NAME --uid UID --socket-dir DIR
                             --grace-period-seconds N
      Runs one VirtualMachineInstance in a launcher pod, with the arguments the Convoy operator
      renders. Starts virtlogd and libvirtd in the container (unless CONVOY_LIBVIRT_URI names
      another libvirt), serves the launcher protocol on DIR/launcher-sock and waits for the node
      agent's Sync. Volumes by KubeVirt's pod conventions: filesystem PVCs under
      /var/run/kubevirt-private/vmi-disks/<volume>, block PVCs at /dev/<volume>.
      Environment: CONVOY_LIBVIRT_URI (default qemu:///system), CONVOY_ACCELERATOR (kvm, tcg or
      auto; default auto).
      """;

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(USAGE);
      System.exit(0);
      return;
    }
    List<String> launcherArgs;
    try {
      launcherArgs =
          launcherArguments(
              LauncherPodArguments.parse(args), System.getenv(), blockVolumes(Path.of("/dev")));
    } catch (IllegalArgumentException e) {
      System.err.println("convoy-launcher: error: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    String uri = System.getenv("CONVOY_LIBVIRT_URI");
    if (uri == null || uri.isBlank()) {
      try {
        ContainerLibvirt.start(Duration.ofSeconds(60));
      } catch (IOException e) {
        System.err.println("convoy-launcher: error: " + e.getMessage());
        System.exit(EXIT_UNAVAILABLE);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        System.exit(EXIT_UNAVAILABLE);
        return;
      }
    }
    System.out.println("convoy-launcher: " + String.join(" ", launcherArgs));
    System.exit(LauncherMain.run(launcherArgs.toArray(String[]::new)));
  }

  /**
   * The launcher's command line in a launcher pod: the shared part ({@link
   * LauncherPodArguments#launcherArguments}), KubeVirt's pod volume layout and the block volumes
   * found in the pod.
   */
  public static List<String> launcherArguments(
      LauncherPodArguments pod, Map<String, String> env, Set<String> blockVolumes) {
    List<String> args = new ArrayList<>(pod.launcherArguments(env));
    args.add("--pod-layout");
    for (String volume : new TreeSet<>(blockVolumes)) {
      args.add("--block-volume");
      args.add(volume);
    }
    return args;
  }

  /**
   * The names of the block devices directly in {@code dev}: in a launcher pod, the block PVCs the
   * operator mapped to {@code /dev/<volume>}.
   */
  public static Set<String> blockVolumes(Path dev) {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dev)) {
      for (Path entry : entries) {
        if (isBlockDevice(entry)) {
          names.add(entry.getFileName().toString());
        }
      }
    } catch (IOException e) {
      // No readable /dev: no block volumes; the launcher reports missing disks by name.
    }
    return names;
  }

  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;

  private static boolean isBlockDevice(Path path) {
    try {
      int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFBLK;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
