package dev.convoy.cli.disk;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.cli.ExitCodes;
import dev.convoy.importer.testing.ConvoyCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convoy disk inspect|convert} on the demo guest, as a user runs them. */
class DiskCommandTest {
  static Path guest;
  static Map<String, String> env;
  @TempDir Path work;

  @BeforeAll
  static void demoGuest() throws Exception {
    guest = Path.of(System.getProperty("convoy.root"), "build", "guest");
    Path envFile = guest.resolve("guest.env");
    if (!Files.isRegularFile(envFile)) {
      fail(
          "the demo guest is missing ("
              + envFile
              + "); build it with examples/guest/build-guest.sh");
    }
    env =
        Files.readAllLines(envFile).stream()
            .filter(l -> !l.startsWith("#") && l.contains("="))
            .collect(
                Collectors.toMap(
                    l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1)));
  }

  @Test
  void inspectShowsTheOvaDiskAndTheRulesItPassed() {
    Result result = run("disk", "inspect", guest.resolve(env.get("GUEST_OVA")).toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("create type    streamOptimized")
        .contains("checksums verified")
        .contains("vmdk.parent")
        .contains("ova.checksum");
  }

  @Test
  void inspectAsJson() throws Exception {
    Result result =
        run("disk", "inspect", "-o", "json", guest.resolve(env.get("GUEST_QCOW2")).toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.path("format").asText()).isEqualTo("qcow2");
    assertThat(json.path("virtualSize").asLong())
        .isEqualTo(Long.parseLong(env.get("GUEST_DISK_SIZE_MIB")) << 20);
    assertThat(json.path("rulesChecked").toString()).contains("qcow2.backing-file");
  }

  @Test
  void aRefusedImageIsOneLineNamingTheRuleWithExitCode3() throws Exception {
    Path descriptor = work.resolve("evil.vmdk");
    Files.writeString(
        descriptor,
        "# Disk DescriptorFile\nversion=1\nparentCID=ffffffff\ncreateType=\"monolithicFlat\"\n"
            + "RW 2048 FLAT \"/etc/shadow\" 0\n");
    Result result = run("disk", "inspect", descriptor.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err().strip())
        .startsWith("convoy: error: [vmdk.extent-name] ")
        .contains("\"/etc/shadow\"")
        .doesNotContain("\n")
        .doesNotContain("at dev.convoy");

    Path target = Files.createDirectory(work.resolve("pvc-evil"));
    Result convert = run("disk", "convert", descriptor.toString(), target.toString());
    assertThat(convert.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    try (var files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void convertVerifiesByCompareWhenAskedAndRefusesAnUnknownMode() throws Exception {
    Path target = Files.createDirectory(work.resolve("pvc-compare"));
    String source = guest.resolve(env.get("GUEST_VMDK_STREAM")).toString();
    Result result = run("disk", "convert", "--verify=compare", source, target.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("sha256 " + env.get("GUEST_DISK_SHA256") + " (qemu-img compare + sha256)");

    Path other = Files.createDirectory(work.resolve("pvc-bad-mode"));
    Result bad = run("disk", "convert", "--verify=sometimes", source, other.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("unknown verification mode \"sometimes\"");
    try (var files = Files.list(other)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void convertPublishesAVerifiedDiskAndARerunFindsItReady() throws Exception {
    Path target = Files.createDirectory(work.resolve("pvc"));
    String source = guest.resolve(env.get("GUEST_VMDK_STREAM")).toString();
    Result result = run("disk", "convert", source, target.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(target.resolve("disk.img") + " ready: raw, 64.0 MiB")
        .contains(
            "sha256 " + env.get("GUEST_DISK_SHA256") + " (stream: crc32c read-back + sha256)");
    assertThat(target.resolve("disk.img.convoy.json")).exists();

    Result again = run("disk", "convert", source, target.toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("is already ready");
  }

  @Test
  void aDiskLargerThanTheCapacityIsRefused() throws Exception {
    Path target = Files.createDirectory(work.resolve("small"));
    Result result =
        run(
            "disk",
            "convert",
            "--capacity",
            "1048576",
            guest.resolve(env.get("GUEST_RAW")).toString(),
            target.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains("[target.capacity]");
  }

  @Test
  void progressBarRendering() {
    var progress =
        dev.convoy.disk.ConversionProgress.of(
            dev.convoy.disk.ConversionProgress.Phase.CONVERT, 0.5, 2L << 30, 0, 4_000_000_000L);
    assertThat(DiskConvertCommand.ProgressBar.render(progress))
        .startsWith(
            "convert  [###############...............]  50.0% 1.0 GiB/2.0 GiB 256.0 MiB/s ETA 4s");
  }
}
