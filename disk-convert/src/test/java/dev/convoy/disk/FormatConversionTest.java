package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.disk.testing.DemoGuest;
import dev.convoy.disk.testing.OvaBuilder;
import dev.convoy.disk.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every supported local source format of the demo guest converts to byte-identical guest content.
 * The guest's raw, qcow2, monolithicSparse and streamOptimized files and its OVA are used as built;
 * the descriptor formats are derived from its raw disk with qemu-img here.
 */
class FormatConversionTest {
  @TempDir static Path work;
  static DemoGuest guest;
  static Path raw;
  static String rawSha;
  static long size;

  @BeforeAll
  static void guest() {
    guest = DemoGuest.load();
    raw = guest.file("GUEST_RAW");
    rawSha = guest.diskSha256();
    size = guest.diskBytes();
    assertThat(sha256(raw)).as("the demo guest's disk.raw matches guest.env").isEqualTo(rawSha);
  }

  static Path source(String kind, Path dir) throws Exception {
    return switch (kind) {
      case "raw" -> raw;
      case "qcow2" -> guest.file("GUEST_QCOW2");
      case "monolithicSparse" -> guest.file("GUEST_VMDK_SPARSE");
      case "streamOptimized" -> guest.file("GUEST_VMDK_STREAM");
      case "vmware-streamOptimized" ->
          TestImages.vmwareStyleStream(guest.file("GUEST_VMDK_STREAM"), dir.resolve("g.vmdk"));
      default -> TestImages.vmdk(raw, dir.resolve("g.vmdk"), kind);
    };
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "raw",
        "qcow2",
        "monolithicSparse",
        "streamOptimized",
        "vmware-streamOptimized",
        "monolithicFlat",
        "twoGbMaxExtentSparse",
        "twoGbMaxExtentFlat"
      })
  void convertsEachFormatToIdenticalContent(String kind) throws Exception {
    Path dir = Files.createDirectory(work.resolve("src-" + kind));
    Path target = Files.createDirectory(work.resolve("pvc-" + kind));
    Path image = source(kind, dir);
    List<ConversionProgress> progress = new ArrayList<>();

    ConversionResult result =
        DiskConverter.create()
            .convert(
                ConversionRequest.of(
                    DiskSource.LocalFile.of(image), DiskTarget.Directory.of(target)),
                progress::add);

    Path disk = target.resolve("disk.img");
    assertThat(sha256(disk)).isEqualTo(rawSha);
    assertThat(result.marker().sha256()).isEqualTo(rawSha);
    assertThat(result.marker().verification().identical()).isTrue();
    assertThat(result.alreadyReady()).isFalse();
    assertThat(target.resolve("disk.img.convoy.json")).exists();
    assertThat(target.resolve("disk.img.convoy-partial")).doesNotExist();
    assertThat(target.resolve("disk.img.convoy.json.inprogress")).doesNotExist();
    assertThat(progress)
        .extracting(ConversionProgress::phase)
        .contains(ConversionProgress.Phase.CONVERT, ConversionProgress.Phase.DONE);
    assertThat(progress.get(progress.size() - 1).bytesDone()).isEqualTo(size);
  }

  @Test
  void convertsOvaMemberWithoutExtracting() throws Exception {
    Path dir = Files.createDirectory(work.resolve("ova"));
    Path stream = TestImages.vmdk(raw, dir.resolve("disk1.vmdk"), "streamOptimized");
    Path ova = OvaBuilder.valid(dir.resolve("demo.ova"), stream, "disk1.vmdk", 24L << 20);
    Files.delete(stream);
    Path target = Files.createDirectory(work.resolve("pvc-ova"));

    ConversionResult result =
        DiskConverter.create()
            .convert(
                ConversionRequest.of(
                    new DiskSource.OvaMember(ova, Optional.empty()),
                    DiskTarget.Directory.of(target)),
                ProgressListener.NONE);

    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(rawSha);
    assertThat(result.inspection().orElseThrow().ova().orElseThrow().verifiedFiles())
        .containsExactlyInAnyOrder("demo.ovf", "disk1.vmdk");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(ova);
    }
  }

  @Test
  void convertsToQcow2AndHashesGuestContent() throws Exception {
    Path dir = Files.createDirectory(work.resolve("to-qcow2"));
    Path image = TestImages.vmdk(raw, dir.resolve("g.vmdk"), "monolithicSparse");
    Path target = Files.createDirectory(work.resolve("pvc-out-qcow2"));

    ConversionResult result =
        DiskConverter.create()
            .convert(
                new ConversionRequest(
                    DiskSource.LocalFile.of(image),
                    DiskTarget.Directory.of(target),
                    OutputFormat.QCOW2,
                    true,
                    false),
                ProgressListener.NONE);

    assertThat(result.marker().outputFormat()).isEqualTo("qcow2");
    assertThat(result.marker().sha256()).isEqualTo(rawSha);
    TestImages.qemuImg(
        "compare",
        "-f",
        "raw",
        "-F",
        "qcow2",
        raw.toString(),
        target.resolve("disk.img").toString());
  }

  /**
   * Above 2 GiB the twoGbMaxExtent formats split into several extents: a sparse 2 GiB + 64 MiB disk
   * gives two extents, with data on both sides of the boundary.
   */
  @ParameterizedTest
  @ValueSource(strings = {"twoGbMaxExtentSparse", "twoGbMaxExtentFlat"})
  void multiExtentDescriptors(String subformat) throws Exception {
    Path dir = Files.createDirectory(work.resolve("multi-" + subformat));
    Path big = dir.resolve("big.raw");
    long size = (2L << 30) + (64L << 20);
    try (var channel =
        java.nio.channels.FileChannel.open(
            big,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      byte[] data = java.nio.file.Files.readAllBytes(raw);
      channel.write(java.nio.ByteBuffer.wrap(data, 0, 8 << 20), 0);
      channel.write(java.nio.ByteBuffer.wrap(data, 56 << 20, 8 << 20), (2L << 30) - (4L << 20));
      channel.write(java.nio.ByteBuffer.wrap(data, 0, 1 << 20), size - (1 << 20));
    }
    Path image = TestImages.vmdk(big, dir.resolve("big.vmdk"), subformat);
    Files.delete(big);
    Path target = Files.createDirectory(work.resolve("pvc-multi-" + subformat));

    ConversionResult result =
        DiskConverter.create()
            .convert(
                new ConversionRequest(
                    DiskSource.LocalFile.of(image),
                    DiskTarget.Directory.of(target),
                    OutputFormat.RAW,
                    false,
                    false),
                ProgressListener.NONE);

    assertThat(result.inspection().orElseThrow().extents()).hasSize(2);
    assertThat(result.inspection().orElseThrow().virtualSize()).isEqualTo(size);
    TestImages.qemuImg(
        "compare",
        "-f",
        "vmdk",
        "-F",
        "raw",
        image.toString(),
        target.resolve("disk.img").toString());
  }
}
