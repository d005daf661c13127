package dev.convoy.importer.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Checks that the pieces the demo migration needs are in place on this machine: qemu-img, libvirt,
 * the demo guest fixture and the vCenter simulator. Each check is a {@link Check} with a remedy, so
 * the user knows what to run when one fails.
 */
public final class DemoEnvironment {

  /** One prerequisite and whether it holds. */
  public record Check(String name, boolean ok, String detail, String remedy) {}

  private final Path root;

  /**
   * @param root the repository root (where {@code build/} and {@code examples/} live)
   */
  public DemoEnvironment(Path root) {
    this.root = root;
  }

  /** Runs every check; none of them changes the machine. */
  public List<Check> check() {
    List<Check> checks = new ArrayList<>();
    checks.add(command("qemu-img", List.of("qemu-img", "--version"), "apt-get install qemu-utils"));
    checks.add(
        command(
            "libvirt (qemu:///system)",
            List.of("virsh", "-c", "qemu:///system", "version"),
            "run scripts/setup (installs libvirt-daemon-system and starts libvirtd/virtlogd)"));
    checks.add(guest());
    Path vcsim = root.resolve("build/bin/vcsim");
    checks.add(
        new Check(
            "vCenter simulator",
            Files.isExecutable(vcsim),
            vcsim.toString(),
            "run scripts/setup (builds tools/vcsim with Debian's Go and govmomi)"));
    return checks;
  }

  private Check guest() {
    Path env = root.resolve("build/guest/guest.env");
    if (!Files.isRegularFile(env)) {
      return new Check(
          "demo guest", false, env + " is missing", "run examples/guest/build-guest.sh");
    }
    Properties properties = new Properties();
    try {
      properties.load(Files.newBufferedReader(env, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Check(
          "demo guest", false, env + ": " + e.getMessage(), "run examples/guest/build-guest.sh");
    }
    String sha = properties.getProperty("GUEST_DATA_SHA256", "").replace("\"", "");
    return new Check(
        "demo guest",
        !sha.isEmpty(),
        "data region SHA-256 " + (sha.isEmpty() ? "(not recorded)" : sha),
        "run examples/guest/build-guest.sh");
  }

  private static Check command(String name, List<String> command, String remedy) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Check(name, false, String.join(" ", command) + " timed out", remedy);
      }
      String firstLine = output.lines().findFirst().orElse("").trim();
      return new Check(name, process.exitValue() == 0, firstLine, remedy);
    } catch (IOException e) {
      return new Check(name, false, command.get(0) + " not found", remedy);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check(name, false, "interrupted", remedy);
    }
  }
}
