package dev.convoy.launcher.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo guest built by {@code examples/guest/build-guest.sh}, as described by its {@code
 * guest.env}.
 *
 * @param directory the build output directory ({@code build/guest})
 * @param rawDisk the raw disk image
 * @param dataSha256 SHA-256 of the disk's data region, which the guest reports when it is ready
 * @param dataOffsetMiB where the data region starts on the disk
 * @param dataSizeMiB how long the data region is
 */
record DemoGuest(
    Path directory, Path rawDisk, String dataSha256, int dataOffsetMiB, int dataSizeMiB) {

  static final String BUILD_SCRIPT = "examples/guest/build-guest.sh";

  /** Reads {@code build/guest/guest.env} under the repository root given by {@code convoy.root}. */
  static DemoGuest fromBuild() {
    String root = System.getProperty("convoy.root");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException(
          "system property convoy.root is not set: run the tests through Maven (surefire sets it)");
    }
    return load(Path.of(root, "build", "guest"));
  }

  static DemoGuest load(Path directory) {
    Path env = directory.resolve("guest.env");
    if (!Files.isRegularFile(env)) {
      throw new IllegalStateException(
          env + " does not exist: build the demo guest first with " + BUILD_SCRIPT);
    }
    Map<String, String> values = parseEnv(env);
    Path raw = directory.resolve(require(values, env, "GUEST_RAW"));
    if (!Files.isRegularFile(raw)) {
      throw new IllegalStateException(
          raw + " is missing although " + env + " names it: run " + BUILD_SCRIPT + " --force");
    }
    return new DemoGuest(
        directory,
        raw,
        require(values, env, "GUEST_DATA_SHA256"),
        Integer.parseInt(require(values, env, "GUEST_DATA_OFFSET_MIB")),
        Integer.parseInt(require(values, env, "GUEST_DATA_SIZE_MIB")));
  }

  /** KEY=VALUE lines as build-guest.sh writes them (no quoting, # comments). */
  private static Map<String, String> parseEnv(Path env) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      int lineNumber = 0;
      for (String line : Files.readAllLines(env)) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        if (eq <= 0) {
          throw new IllegalStateException(
              env + ":" + lineNumber + ": expected KEY=VALUE, found '" + line + "'");
        }
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + env, e);
    }
    return values;
  }

  private static String require(Map<String, String> values, Path env, String key) {
    String value = values.get(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(
          env + " has no " + key + ": rebuild it with " + BUILD_SCRIPT + " --force");
    }
    return value;
  }
}
