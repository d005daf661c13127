package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.importer.demo.DemoVcenter;
import dev.convoy.importer.testing.ConvoyCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convoy demo} end to end, as the README's main command runs it (minus building): the
 * simulator, the local runtime (its own data directory here), the two-wave migration with real
 * qemu-img and libvirt (TCG), and both guests' ready lines with the source disk's checksum and the
 * source NICs' MACs; then {@code convoy demo down} leaves no VM, runtime or simulator behind.
 */
class DemoCommandTest {
  static final Path ROOT = Path.of(System.getProperty("convoy.root", "..")).toAbsolutePath();

  @TempDir Path tempDir;
  Path dataDir;
  Path workDir;

  @AfterEach
  void cleanUp() throws Exception {
    if (dataDir == null) {
      return;
    }
    // whatever demo down did not remove
    new DemoVcenter(ROOT.resolve("build/bin/vcsim"), workDir).stop();
    run("runtime", "down", "--data-dir=" + dataDir);
    for (String domain : domains()) {
      command("virsh", "-c", "qemu:///system", "destroy", domain);
      command("virsh", "-c", "qemu:///system", "undefine", domain);
    }
  }

  @Test
  void demoMigratesTwoVmsInTwoWavesAndDownRemovesIt() throws Exception {
    Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    dataDir = tempDir.resolve("runtime");
    workDir = tempDir.resolve("demo");
    String regionSha =
        new ObjectMapper()
            .readTree(ROOT.resolve("build/guest/guest.json").toFile())
            .path("disk")
            .path("dataRegion")
            .path("sha256")
            .asText();

    Result demo =
        run(
            "demo",
            "--root=" + ROOT,
            "--data-dir=" + dataDir,
            "--work-dir=" + workDir,
            "--accelerator=tcg");

    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
    Matcher ready =
        Pattern.compile(
                "(db-01|web-01) console: CONVOY-GUEST-READY disk-sha256=([0-9a-f]{64})"
                    + " mac=([0-9a-f:]{17})")
            .matcher(demo.out());
    int lines = 0;
    while (ready.find()) {
      lines++;
      assertThat(ready.group(2)).as(ready.group()).isEqualTo(regionSha);
    }
    assertThat(lines).as(demo.out()).isEqualTo(2);
    // the sources' MACs as vcsim generated them, preserved by the migration
    assertThat(demo.out())
        .contains("mac=00:0c:29:36:63:62", "mac=00:0c:29:33:34:38")
        .doesNotContain("≠");
    assertThat(demo.out().split("source in vCenter: powered off", -1)).hasSize(3);
    assertThat(demo.out()).containsPattern("db-01 +\\S+ +Running");
    assertThat(domains()).containsExactlyInAnyOrder("convoy-demo_db-01", "convoy-demo_web-01");

    Result down =
        run("demo", "down", "--root=" + ROOT, "--data-dir=" + dataDir, "--work-dir=" + workDir);
    assertThat(down.exitCode()).as(down.out() + down.err()).isZero();
    assertThat(down.out()).contains("Deleted 2 demo VM(s)", "Stopped the demo's vCenter simulator");
    assertThat(domains()).isEmpty();
    assertThat(new DemoVcenter(ROOT.resolve("build/bin/vcsim"), workDir).running()).isEmpty();
    assertThat(run("runtime", "status", "--data-dir=" + dataDir).out()).contains("not running");
  }

  /** The running demo domains. */
  static List<String> domains() throws IOException, InterruptedException {
    Process list =
        new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--name")
            .redirectErrorStream(true)
            .start();
    String names = new String(list.getInputStream().readAllBytes());
    list.waitFor(30, TimeUnit.SECONDS);
    return names.lines().map(String::trim).filter(n -> n.startsWith("convoy-demo_")).toList();
  }

  static void command(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
