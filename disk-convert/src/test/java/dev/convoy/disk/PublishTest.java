package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.target.ReadyMarker;
import dev.convoy.disk.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic publishing: what a rerun does with what it finds in the target. */
class PublishTest {
  @TempDir static Path work;
  static Path raw;
  static Path vmdk;
  static Path other;

  @BeforeAll
  static void images() {
    raw = TestImages.sparseRaw(work.resolve("a.raw"), 8L << 20, 11);
    vmdk = TestImages.vmdk(raw, work.resolve("a.vmdk"), "monolithicSparse");
    other = TestImages.sparseRaw(work.resolve("b.raw"), 8L << 20, 12);
  }

  static ConversionResult convert(Path source, Path target, boolean replace) throws Exception {
    return DiskConverter.create()
        .convert(
            new ConversionRequest(
                DiskSource.LocalFile.of(source),
                DiskTarget.Directory.of(target),
                OutputFormat.RAW,
                true,
                replace),
            ProgressListener.NONE);
  }

  @Test
  void theMarkerRecordsTheConversion() throws Exception {
    Path target = Files.createDirectory(work.resolve("marker"));
    ConversionResult result = convert(vmdk, target, false);
    ReadyMarker marker = ReadyMarker.read(target.resolve("disk.img.convoy.json")).orElseThrow();
    assertThat(marker).isEqualTo(result.marker());
    assertThat(marker.disk()).isEqualTo("disk.img");
    assertThat(marker.diskBytes()).isEqualTo(8L << 20);
    assertThat(marker.source()).isEqualTo(vmdk.toRealPath().toString());
    assertThat(marker.sourceFormat()).isEqualTo("vmdk");
    assertThat(marker.createType()).isEqualTo("monolithicSparse");
    assertThat(marker.sha256()).isEqualTo(sha256(raw));
    assertThat(marker.verification().method()).isEqualTo(DiskConverter.STREAM_METHOD);
    assertThat(marker.verification().identical()).isTrue();
    assertThat(marker.qemuImgArguments()).containsExactly("-W", "-m", "16", "-t", "writeback");
    assertThat(Files.readString(target.resolve("disk.img.convoy.json")))
        .contains("\"apiVersion\" : \"convoy.dev/v1alpha1\"")
        .contains("\"kind\" : \"ConvertedDisk\"");
    try (var files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("disk.img", "disk.img.convoy.json", "disk.img.convoy.json.lock");
    }
  }

  @Test
  void aRerunOfTheSameSourceFindsTheDiskReady() throws Exception {
    Path target = Files.createDirectory(work.resolve("rerun"));
    ConversionResult first = convert(vmdk, target, false);
    long modified = Files.getLastModifiedTime(target.resolve("disk.img")).toMillis();
    ConversionResult second = convert(vmdk, target, false);
    assertThat(second.alreadyReady()).isTrue();
    assertThat(second.marker()).isEqualTo(first.marker());
    assertThat(Files.getLastModifiedTime(target.resolve("disk.img")).toMillis())
        .isEqualTo(modified);
  }

  @Test
  void aReadyDiskFromAnotherSourceIsOnlyReplacedOnRequest() throws Exception {
    Path target = Files.createDirectory(work.resolve("replace"));
    convert(vmdk, target, false);
    DiskConvertException refusal =
        catchThrowableOfType(DiskConvertException.class, () -> convert(other, target, false));
    assertThat(refusal.getMessage()).contains("already a ready disk").contains("--replace");
    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(sha256(raw));

    ConversionResult replaced = convert(other, target, true);
    assertThat(replaced.marker().sha256()).isEqualTo(sha256(other));
    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(sha256(other));
  }

  @Test
  void aDiskImgConvoyDidNotWriteIsNotOverwritten() throws Exception {
    Path target = Files.createDirectory(work.resolve("foreign"));
    Files.writeString(target.resolve("disk.img"), "precious");
    DiskConvertException refusal =
        catchThrowableOfType(DiskConvertException.class, () -> convert(vmdk, target, false));
    assertThat(refusal.getMessage()).contains("not written by Convoy");
    assertThat(Files.readString(target.resolve("disk.img"))).isEqualTo("precious");
  }

  @Test
  void anInterruptedConversionIsRedoneWithoutAsking() throws Exception {
    Path target = Files.createDirectory(work.resolve("journal"));
    // What a kill between the rename of disk.img and the marker leaves behind.
    Files.writeString(target.resolve("disk.img"), "half");
    Files.writeString(target.resolve("disk.img.convoy.json.inprogress"), "file:...\n");
    Files.writeString(target.resolve("disk.img.convoy-partial"), "partial");
    ConversionResult result = convert(vmdk, target, false);
    assertThat(result.alreadyReady()).isFalse();
    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(sha256(raw));
    assertThat(target.resolve("disk.img.convoy.json.inprogress")).doesNotExist();
    assertThat(target.resolve("disk.img.convoy-partial")).doesNotExist();
  }

  @Test
  void aMarkerThatDoesNotMatchTheDiskIsNotReady() throws Exception {
    Path target = Files.createDirectory(work.resolve("mismatch"));
    convert(vmdk, target, false);
    Files.writeString(target.resolve("disk.img"), "truncated by someone");
    Files.writeString(target.resolve("disk.img.convoy.json.inprogress"), "x");
    ConversionResult result = convert(vmdk, target, false);
    assertThat(result.alreadyReady()).isFalse();
    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(sha256(raw));
  }

  @Test
  void noVerifySkipsCompareAndHash() throws Exception {
    Path target = Files.createDirectory(work.resolve("noverify"));
    ConversionResult result =
        DiskConverter.create()
            .convert(
                new ConversionRequest(
                    DiskSource.LocalFile.of(vmdk),
                    DiskTarget.Directory.of(target),
                    OutputFormat.RAW,
                    false,
                    false),
                ProgressListener.NONE);
    assertThat(result.marker().verification().method()).isEqualTo("none");
    assertThat(result.marker().sha256()).isNull();
    assertThat(Files.readString(target.resolve("disk.img.convoy.json"))).doesNotContain("sha256");
    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(sha256(raw));
  }

  @Test
  void progressReportsRateAndEta() throws Exception {
    Path target = Files.createDirectory(work.resolve("progress"));
    List<ConversionProgress> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
    DiskConverter.create()
        .convert(
            ConversionRequest.of(DiskSource.LocalFile.of(vmdk), DiskTarget.Directory.of(target)),
            reports::add);
    List<ConversionProgress> converting =
        reports.stream().filter(p -> p.phase() == ConversionProgress.Phase.CONVERT).toList();
    assertThat(converting).isNotEmpty();
    assertThat(converting.get(converting.size() - 1).bytesDone()).isEqualTo(8L << 20);
    assertThat(converting).allSatisfy(p -> assertThat(p.bytesTotal()).isEqualTo(8L << 20));
    assertThat(reports.get(reports.size() - 1).phase()).isEqualTo(ConversionProgress.Phase.DONE);
    ConversionProgress half =
        ConversionProgress.of(ConversionProgress.Phase.CONVERT, 0.5, 1000, 0, 2_000_000_000L);
    assertThat(half.bytesDone()).isEqualTo(500);
    assertThat(half.bytesPerSecond()).isEqualTo(250.0);
    assertThat(half.etaSeconds()).hasValue(2);
    assertThat(Optional.of(half.fraction())).contains(0.5);
  }

  /** qemu-img that fails mid-conversion after writing part of the target. */
  static final class FailingConvert implements dev.convoy.disk.qemu.QemuImg {
    private final dev.convoy.disk.qemu.QemuImg real =
        dev.convoy.disk.qemu.ProcessQemuImg.fromPath();

    @Override
    public dev.convoy.disk.qemu.QemuImgInfo info(
        dev.convoy.disk.qemu.QemuImageSpec image,
        String format,
        dev.convoy.disk.qemu.ProcessLimits limits)
        throws DiskConvertException {
      return real.info(image, format, limits);
    }

    @Override
    public void convert(
        dev.convoy.disk.qemu.ConvertCommand command,
        java.util.function.DoubleConsumer progress,
        dev.convoy.disk.qemu.ProcessLimits limits)
        throws DiskConvertException {
      // stream verification: the target is Convoy's NBD sink, which created the partial file
      if (!command.target().startsWith("json:")) {
        try {
          Files.writeString(Path.of(command.target()), "half a disk");
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
      }
      progress.accept(0.5);
      throw DiskConvertException.unavailable(
          "qemu-img convert failed: No space left on device", null);
    }

    @Override
    public Optional<String> compare(
        dev.convoy.disk.qemu.QemuImageSpec first,
        String firstFormat,
        dev.convoy.disk.qemu.QemuImageSpec second,
        String secondFormat,
        dev.convoy.disk.qemu.ProcessLimits limits)
        throws DiskConvertException {
      return real.compare(first, firstFormat, second, secondFormat, limits);
    }

    @Override
    public List<MapEntry> map(
        dev.convoy.disk.qemu.QemuImageSpec image,
        String format,
        dev.convoy.disk.qemu.ProcessLimits limits)
        throws DiskConvertException {
      return real.map(image, format, limits);
    }
  }

  @Test
  void aFailedReplacementKeepsTheOldReadyDisk() throws Exception {
    Path target = Files.createDirectory(work.resolve("failed-replace"));
    ConversionResult first = convert(vmdk, target, false);
    DiskConvertException failure =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                new DiskConverter(ConverterSettings.defaults(), new FailingConvert())
                    .convert(
                        new ConversionRequest(
                            DiskSource.LocalFile.of(other),
                            DiskTarget.Directory.of(target),
                            OutputFormat.RAW,
                            true,
                            true),
                        ProgressListener.NONE));
    assertThat(failure.getMessage()).contains("No space left");
    assertThat(target.resolve("disk.img.convoy-partial")).doesNotExist();
    assertThat(ReadyMarker.read(target.resolve("disk.img.convoy.json"))).contains(first.marker());
    assertThat(sha256(target.resolve("disk.img"))).isEqualTo(sha256(raw));
    // The old disk is still ready for its own source.
    assertThat(convert(vmdk, target, false).alreadyReady()).isTrue();
  }
}
