package dev.convoy.disk.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The pure parts of the qemu-img edge: command lines, progress parsing, info cross-check. */
class QemuEdgeTest {
  @Test
  void convertCommandAlwaysNamesBothFormats() {
    ConvertCommand command =
        new ConvertCommand(
            QemuImageSpec.file(Path.of("/in/disk.vmdk"), "vmdk"),
            "vmdk",
            "/pvc/disk.img.convoy-partial",
            "raw",
            ConvertFlags.measuredDefaults(),
            false);
    assertThat(command.arguments())
        .containsExactly(
            "convert",
            "-p",
            "-f",
            "vmdk",
            "-O",
            "raw",
            "-W",
            "-m",
            "16",
            "-t",
            "writeback",
            "json:{\"driver\":\"vmdk\",\"file\":{\"driver\":\"file\",\"filename\":\"/in/disk.vmdk\"}}",
            "/pvc/disk.img.convoy-partial");
  }

  @Test
  void blockTargetsAreWrittenInPlaceAndCdiFlagsDifferOnlyInTuning() {
    ConvertCommand command =
        new ConvertCommand(
            QemuImageSpec.file(Path.of("/in/d.qcow2"), "qcow2"),
            "qcow2",
            "/dev/loop7",
            "raw",
            ConvertFlags.cdi(),
            true);
    assertThat(command.arguments()).containsSubsequence("-m", "8", "-t", "writeback", "-n");
    assertThat(command.arguments()).doesNotContain("-W");
  }

  @Test
  void flagsAreValidated() {
    assertThatThrownBy(
            () -> new ConvertFlags(true, 32, "writeback", Optional.empty(), Optional.empty()))
        .hasMessageContaining("1..16");
    assertThatThrownBy(
            () -> new ConvertFlags(true, 16, "bogus", Optional.empty(), Optional.empty()))
        .hasMessageContaining("cache mode");
  }

  @Test
  void jsonSpecsEscapeFileNames() {
    QemuImageSpec spec =
        QemuImageSpec.fileSlice(Path.of("/in/a \"b\",c.ova"), 1536, 4096, "vmdk", "x");
    assertThat(spec.argument())
        .isEqualTo(
            "json:{\"driver\":\"vmdk\",\"file\":{\"driver\":\"raw\",\"offset\":1536,\"size\":4096,"
                + "\"file\":{\"driver\":\"file\",\"filename\":\"/in/a \\\"b\\\",c.ova\"}}}");
    assertThatThrownBy(() -> QemuImageSpec.file(Path.of("relative.img"), "raw"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progressIsSplitOnCarriageReturnsAcrossChunks() {
    List<Double> fractions = new ArrayList<>();
    ProgressParser parser = new ProgressParser(fractions::add);
    parser.accept("    (0.00/100%)\r    (12.5");
    parser.accept("0/100%)\r    (12.50/100%)\r    (50.00/100%)\r");
    parser.accept("    (100.00/100%)\n");
    parser.finish();
    assertThat(fractions).containsExactly(0.0, 0.125, 0.5, 1.0);
  }

  @Test
  void progressIgnoresNoise() {
    List<Double> fractions = new ArrayList<>();
    ProgressParser parser = new ProgressParser(fractions::add);
    parser.accept("qemu-img: warning\n(abc/100%)\r");
    parser.finish();
    assertThat(fractions).isEmpty();
  }

  @Test
  void conversionLimitsScaleWithSize() {
    ProcessLimits small = ProcessLimits.conversion(1L << 30);
    ProcessLimits large = ProcessLimits.conversion(1L << 40);
    assertThat(small.cpuSeconds()).isEqualTo(OptionalLong.of(120 + 51));
    assertThat(large.cpuSeconds().getAsLong()).isGreaterThan(50_000);
    assertThat(large.wallTimeout()).isGreaterThan(Duration.ofHours(24));
  }

  @Test
  void commandLineWrapsQemuImgInLimits() {
    ProcessQemuImg qemu =
        new ProcessQemuImg(
            "qemu-img", Optional.of("/usr/bin/prlimit"), Optional.of("/usr/bin/setpriv"));
    assertThat(qemu.commandLine(List.of("info"), ProcessLimits.inspection()))
        .containsExactly(
            "/usr/bin/setpriv",
            "--pdeathsig",
            "KILL",
            "--",
            "/usr/bin/prlimit",
            "--as=1073741824",
            "--cpu=30",
            "--",
            "qemu-img",
            "info");
  }

  static QemuImgInfo info(String json) throws Exception {
    return QemuImgInfo.parse(json);
  }

  @Test
  void crossCheckRefusesWhatQemuSeesButTheParserDidNot() throws Exception {
    InfoCrossCheck.Expected expected =
        new InfoCrossCheck.Expected("qcow2", 1048576, Optional.empty(), Optional.empty());
    QemuImgInfo backing =
        info("{\"format\":\"qcow2\",\"virtual-size\":1048576,\"backing-filename\":\"json:{}\"}");
    assertThat(
            catchThrowableOfType(
                    UnsafeImageException.class,
                    () -> InfoCrossCheck.check("x", expected, backing, 1L << 40))
                .rule())
        .isEqualTo(Rule.QCOW2_BACKING_FILE);
    QemuImgInfo dataFile =
        info(
            "{\"format\":\"qcow2\",\"virtual-size\":1048576,\"format-specific\":{\"type\":\"qcow2\","
                + "\"data\":{\"data-file\":\"/etc/shadow\"}}}");
    assertThat(
            catchThrowableOfType(
                    UnsafeImageException.class,
                    () -> InfoCrossCheck.check("x", expected, dataFile, 1L << 40))
                .rule())
        .isEqualTo(Rule.QCOW2_DATA_FILE);
    QemuImgInfo size = info("{\"format\":\"qcow2\",\"virtual-size\":2097152}");
    assertThat(
            catchThrowableOfType(
                    UnsafeImageException.class,
                    () -> InfoCrossCheck.check("x", expected, size, 1L << 40))
                .rule())
        .isEqualTo(Rule.QEMU_INFO_MISMATCH);
    QemuImgInfo format = info("{\"format\":\"raw\",\"virtual-size\":1048576}");
    assertThat(
            catchThrowableOfType(
                    UnsafeImageException.class,
                    () -> InfoCrossCheck.check("x", expected, format, 1L << 40))
                .getMessage())
        .contains("format raw");
  }

  @Test
  void crossCheckComparesExtentsInOrderAndIgnoresZeroExtents() throws Exception {
    QemuImgInfo info =
        info(
            "{\"format\":\"vmdk\",\"virtual-size\":3072,\"format-specific\":{\"type\":\"vmdk\","
                + "\"data\":{\"create-type\":\"twoGbMaxExtentFlat\",\"extents\":["
                + "{\"filename\":\"/d/a.vmdk\"},{\"filename\":\"/d/a.vmdk\"},"
                + "{\"filename\":\"/d/b.vmdk\"}]}}}");
    InfoCrossCheck.Expected ok =
        new InfoCrossCheck.Expected(
            "vmdk",
            3072,
            Optional.of("twoGbMaxExtentFlat"),
            Optional.of(
                List.of(Optional.of("/d/a.vmdk"), Optional.empty(), Optional.of("/d/b.vmdk"))));
    InfoCrossCheck.check("x", ok, info, 1L << 40);
    InfoCrossCheck.Expected other =
        new InfoCrossCheck.Expected(
            "vmdk",
            3072,
            Optional.of("twoGbMaxExtentFlat"),
            Optional.of(
                List.of(Optional.of("/d/a.vmdk"), Optional.empty(), Optional.of("/etc/shadow"))));
    assertThat(
            catchThrowableOfType(
                    UnsafeImageException.class,
                    () -> InfoCrossCheck.check("x", other, info, 1L << 40))
                .rule())
        .isEqualTo(Rule.QEMU_INFO_MISMATCH);
  }
}
