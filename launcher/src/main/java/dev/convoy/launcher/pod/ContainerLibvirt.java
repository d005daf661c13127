package dev.convoy.launcher.pod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher container's own libvirt: like KubeVirt's virt-launcher, every launcher pod runs its
 * own virtlogd and libvirtd, which end with the container. Started by {@link PodLauncherMain} after
 * the pod's arguments were checked, before the launcher connects.
 */
final class ContainerLibvirt {
  /** Where libvirtd listens for {@code qemu:///system}. */
  static final Path SOCKET = Path.of("/run/libvirt/libvirt-sock");

  /** Directories the daemons expect; a container's /run and /var/log start empty. */
  private static final List<Path> DIRECTORIES =
      List.of(
          Path.of("/run/libvirt"),
          Path.of("/var/log/libvirt/qemu"),
          Path.of("/var/lib/libvirt/qemu"),
          Path.of("/var/cache/libvirt/qemu"));

  private ContainerLibvirt() {}

  /**
   * Starts virtlogd and libvirtd as daemons and waits until libvirtd's socket exists.
   *
   * @throws IOException naming the daemon that did not start, or the timeout
   */
  static void start(Duration timeout) throws IOException, InterruptedException {
    for (Path directory : DIRECTORIES) {
      Files.createDirectories(directory);
    }
    daemon("virtlogd");
    daemon("libvirtd");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(SOCKET)) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "libvirtd did not create "
                + SOCKET
                + " within "
                + timeout.toSeconds()
                + " s (see /var/log/libvirt/libvirtd.log in the container)");
      }
      Thread.sleep(100); // polling a file that another process creates; nothing to wait on instead
    }
  }

  private static void daemon(String name) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(name, "--daemon")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    // --daemon returns once the daemon has forked off.
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(name + " --daemon did not return within 30 s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(name + " --daemon failed with exit code " + process.exitValue());
    }
  }
}
