package dev.convoy.launcher.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo guest from {@code build/guest/guest.env} (examples/guest/README.md), for booting it as a
 * PVC: the raw disk, the data checksum and the console lines it prints.
 */
record DemoGuestImage(Path rawDisk, String dataSha256, String readyMarker, String poweroffMarker) {

  static DemoGuestImage fromBuild() {
    Path dir = Path.of(System.getProperty("convoy.root"), "build", "guest");
    Path env = dir.resolve("guest.env");
    if (!Files.isRegularFile(env)) {
      throw new IllegalStateException(
          env + " is missing: run examples/guest/build-guest.sh (scripts/setup does)");
    }
    Map<String, String> values = new HashMap<>();
    try {
      for (String line : Files.readAllLines(env)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DemoGuestImage(
        dir.resolve(values.get("GUEST_RAW")),
        values.get("GUEST_DATA_SHA256"),
        values.getOrDefault("GUEST_READY_MARKER", "CONVOY-GUEST-READY"),
        values.getOrDefault("GUEST_POWEROFF_MARKER", "CONVOY-GUEST-POWEROFF"));
  }

  /**
   * A filesystem "PVC": a directory holding a copy of the raw disk as {@code disk.img}, readable by
   * QEMU's user (directories 0755).
   */
  Path makePvc(Path directory) throws IOException {
    Files.createDirectories(directory);
    for (Path p = directory;
        p != null && p.startsWith(directory.getRoot().resolve("tmp"));
        p = p.getParent()) {
      if (!p.equals(Path.of("/tmp"))) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Files.copy(rawDisk, directory.resolve("disk.img"), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(
        directory.resolve("disk.img"), PosixFilePermissions.fromString("rw-r--r--"));
    return directory;
  }

  /** The ready line's fields, once the guest printed it. */
  record Ready(String diskSha256, String mac) {}

  private static final Pattern READY =
      Pattern.compile(
          "CONVOY-GUEST-READY disk-sha256=([0-9a-f]{64}) mac=([0-9a-f:]{17}|none) disk=\\S+ uptime=\\S+\n");

  static Optional<Ready> ready(String console) {
    Matcher m = READY.matcher(console);
    return m.find() ? Optional.of(new Ready(m.group(1), m.group(2))) : Optional.empty();
  }

  static String read(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log).replace("\r", "") : "";
    } catch (IOException e) {
      return "";
    }
  }
}
