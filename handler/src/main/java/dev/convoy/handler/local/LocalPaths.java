package dev.convoy.handler.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The local runtime's data directory layout. Everything the runtime keeps lives under one root, so
 * {@code convoy runtime up --data-dir X} runs an independent runtime.
 *
 * <pre>
 *   api/                       journal of the API objects (snapshot.json, journal.log)
 *   kubeconfig                 for kubectl and the CLI
 *   volumes/pvc-&lt;uid&gt;/          one directory per bound PVC (filesystem mode)
 *   pods/&lt;uid&gt;/                 per local pod: volumes/kubernetes.io~empty-dir/&lt;name&gt;, process state
 *   logs/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/&lt;container&gt;.log   container output, kept after the pod is gone
 *   runtime.pid, runtime.log, runtime.json   the daemonised runtime
 * </pre>
 */
public record LocalPaths(Path root) {

  /** The default data directory: /var/lib/convoy/runtime for root, ~/.convoy/runtime otherwise. */
  public static Path defaultRoot() {
    String env = System.getenv("CONVOY_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    if ("root".equals(System.getProperty("user.name"))) {
      // /root is 0700: QEMU (user libvirt-qemu) could not reach disks below it.
      return Path.of("/var/lib/convoy/runtime");
    }
    return Path.of(System.getProperty("user.home"), ".convoy", "runtime");
  }

  public Path api() {
    return root.resolve("api");
  }

  public Path kubeconfig() {
    return root.resolve("kubeconfig");
  }

  public Path volumes() {
    return root.resolve("volumes");
  }

  public Path pods() {
    return root.resolve("pods");
  }

  /** The directory of one local pod. */
  public Path pod(String uid) {
    return pods().resolve(uid);
  }

  /**
   * Where a pod's emptyDir volume is found, in the kubelet's layout. It is a symbolic link to
   * {@link #emptyDirStorage}: unix socket paths are limited to 107 bytes, and the kubelet layout
   * under a data directory is longer than that, so the sockets themselves live under a short path.
   */
  public Path emptyDir(String podUid, String volume) {
    return pod(podUid).resolve("volumes").resolve("kubernetes.io~empty-dir").resolve(volume);
  }

  /** The real directory of a pod's emptyDir volume, below {@link #shortRoot()}. */
  public Path emptyDirStorage(String podUid, String volume) {
    return shortRoot().resolve(podUid).resolve(volume);
  }

  /**
   * A short directory for this data directory's unix sockets: {@code /run/convoy/<hash>} (or below
   * the temporary directory when /run is not writable), the hash being of the data directory's
   * path, so two runtimes never share it.
   */
  public Path shortRoot() {
    String hash;
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  root.toAbsolutePath()
                      .normalize()
                      .toString()
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      hash = java.util.HexFormat.of().formatHex(digest, 0, 4);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path run = Path.of("/run");
    if (Files.isWritable(run)) {
      return run.resolve("convoy").resolve(hash);
    }
    return Path.of(System.getProperty("java.io.tmpdir"), "convoy-" + hash);
  }

  public Path logs() {
    return root.resolve("logs");
  }

  /** The log directory of one pod, named like the kubelet's /var/log/pods entries. */
  public Path podLogs(String namespace, String name, String uid) {
    return logs().resolve(namespace + "_" + name + "_" + uid);
  }

  public Path pidFile() {
    return root.resolve("runtime.pid");
  }

  public Path logFile() {
    return root.resolve("runtime.log");
  }

  /** Written by a running runtime: its API URL, node name and start time (JSON). */
  public Path infoFile() {
    return root.resolve("runtime.json");
  }

  /**
   * Deletes {@code dir} and everything below it; a missing tree, or a file that disappears while
   * walking, is not an error. Shared by the pod runner (pod directories) and the volume provisioner
   * (reclaimed volumes).
   */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
