package dev.convoy.disk.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo guest built by {@code examples/guest/build-guest.sh} into {@code
 * ${convoy.root}/build/guest/}. Tests that need it fail with instructions when it is missing.
 */
public record DemoGuest(Path directory, Map<String, String> env) {
  /** Loads the guest, failing the test with a clear message if it was not built. */
  public static DemoGuest load() {
    String root = System.getProperty("convoy.root");
    if (root == null) {
      fail("system property convoy.root is not set (run the tests through Maven)");
    }
    Path directory = Path.of(root, "build", "guest");
    Path envFile = directory.resolve("guest.env");
    if (!Files.isRegularFile(envFile)) {
      fail(
          "the demo guest is missing: "
              + envFile
              + " does not exist; build it with"
              + " examples/guest/build-guest.sh");
    }
    Map<String, String> env = new HashMap<>();
    try {
      for (String line : Files.readAllLines(envFile)) {
        int eq = line.indexOf('=');
        if (!line.startsWith("#") && eq > 0) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DemoGuest(directory, env);
  }

  /** A file named by a guest.env variable, e.g. {@code GUEST_RAW}; fails if it is missing. */
  public Path file(String variable) {
    String name = env.get(variable);
    if (name == null) {
      fail("guest.env has no " + variable);
    }
    Path file = directory.resolve(name);
    if (!Files.isRegularFile(file)) {
      fail(
          "the demo guest file "
              + file
              + " is missing; rebuild with examples/guest/build-guest.sh");
    }
    return file;
  }

  /** SHA-256 of the whole guest disk. */
  public String diskSha256() {
    return env.get("GUEST_DISK_SHA256");
  }

  public long diskBytes() {
    return Long.parseLong(env.get("GUEST_DISK_SIZE_MIB")) << 20;
  }
}
