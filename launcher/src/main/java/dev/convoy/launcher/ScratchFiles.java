package dev.convoy.launcher;

import dev.convoy.launcher.convert.ScratchFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the files a converted domain needs before it starts (the edge for {@link ScratchFile}):
 * cloud-init NoCloud ISOs with {@code genisoimage} (or {@code xorriso}), empty disks and
 * container-disk overlays with {@code qemu-img}. Directories are made world-traversable so QEMU,
 * which runs as its own user, can open the files.
 */
public final class ScratchFiles {
  private ScratchFiles() {}

  /** Makes every file, replacing what an earlier run of the same VMI left. */
  public static void make(List<ScratchFile> files) throws IOException {
    for (ScratchFile file : files) {
      Path parent = file.path().toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.deleteIfExists(file.path());
      if (file instanceof ScratchFile.CloudInitIso iso) {
        cloudInitIso(iso);
      } else if (file instanceof ScratchFile.EmptyDisk empty) {
        run(
            List.of(
                "qemu-img",
                "create",
                "-q",
                "-f",
                "qcow2",
                empty.path().toString(),
                Long.toString(empty.bytes())));
      } else if (file instanceof ScratchFile.ContainerDiskOverlay overlay) {
        run(
            List.of(
                "qemu-img",
                "create",
                "-q",
                "-f",
                "qcow2",
                "-F",
                overlay.backing().format(),
                "-b",
                overlay.backing().file().toString(),
                overlay.path().toString()));
      }
      Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static void cloudInitIso(ScratchFile.CloudInitIso iso) throws IOException {
    Path staging = Files.createTempDirectory("convoy-nocloud-");
    try {
      List<String> names = new ArrayList<>(List.of("meta-data", "user-data"));
      Files.writeString(staging.resolve("meta-data"), iso.metaData(), StandardCharsets.UTF_8);
      Files.writeString(staging.resolve("user-data"), iso.userData(), StandardCharsets.UTF_8);
      if (iso.networkData() != null) {
        Files.writeString(
            staging.resolve("network-config"), iso.networkData(), StandardCharsets.UTF_8);
        names.add("network-config");
      }
      List<String> command = new ArrayList<>();
      if (onPath("genisoimage")) {
        command.addAll(
            List.of(
                "genisoimage",
                "-quiet",
                "-output",
                iso.path().toString(),
                "-volid",
                "cidata",
                "-joliet",
                "-rock"));
      } else {
        command.addAll(
            List.of(
                "xorriso",
                "-as",
                "genisoimage",
                "-quiet",
                "-output",
                iso.path().toString(),
                "-volid",
                "cidata",
                "-joliet",
                "-rock"));
      }
      names.forEach(n -> command.add(staging.resolve(n).toString()));
      run(command);
    } finally {
      try (Stream<Path> walk = Files.walk(staging)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    return Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    try {
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish within 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
    }
  }
}
