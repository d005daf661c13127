package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.qemu.ConvertCommand;
import dev.convoy.disk.qemu.ProcessLimits;
import dev.convoy.disk.qemu.ProcessQemuImg;
import dev.convoy.disk.qemu.QemuImageSpec;
import dev.convoy.disk.qemu.QemuImg;
import dev.convoy.disk.qemu.QemuImgInfo;
import dev.convoy.disk.target.ReadyMarker;
import dev.convoy.disk.testing.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stream verification: qemu-img converts into Convoy's NBD write sink. The disk it leaves must be
 * the file qemu-img writes itself (same bytes, same holes), its SHA-256 the file's, and damage or a
 * killed qemu-img must leave nothing published.
 */
class StreamVerificationTest {
  @TempDir static Path work;
  static Path raw;
  static Path scratch;

  @BeforeAll
  static void images() {
    raw = TestImages.sparseRaw(work.resolve("a.raw"), 48L << 20, 21);
    try {
      scratch = Files.createDirectory(work.resolve("scratch"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path source(String kind) throws IOException {
    Path dir = Files.createDirectories(work.resolve("src-" + kind));
    return switch (kind) {
      case "raw" -> raw;
      case "qcow2" -> TestImages.qcow2(raw, dir.resolve("a.qcow2"));
      default -> TestImages.vmdk(raw, dir.resolve("a.vmdk"), kind);
    };
  }

  static String format(String kind) {
    return switch (kind) {
      case "raw", "qcow2" -> kind;
      default -> "vmdk";
    };
  }

  static ConversionRequest request(Path source, Path target) {
    return ConversionRequest.of(DiskSource.LocalFile.of(source), DiskTarget.Directory.of(target));
  }

  static long allocatedBlocks(Path file) {
    return Long.parseLong(
        TestImages.run(List.of("stat", "-c", "%b", file.toString()), true).strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"streamOptimized", "monolithicSparse", "monolithicFlat", "qcow2", "raw"})
  void theSinkWritesWhatQemuImgWritesItself(String kind) throws Exception {
    Path image = source(kind);
    Path target = Files.createDirectory(work.resolve("pvc-" + kind));
    ConversionResult result = DiskConverter.create().convert(request(image, target), p -> {});

    Path direct = work.resolve("direct-" + kind + ".raw");
    TestImages.qemuImg(
        "convert",
        "-f",
        format(kind),
        "-O",
        "raw",
        "-W",
        "-m",
        "16",
        "-t",
        "writeback",
        image.toString(),
        direct.toString());
    Path disk = target.resolve("disk.img");
    assertThat(Files.mismatch(disk, direct))
        .as("byte-identical to qemu-img's own output")
        .isEqualTo(-1);
    assertThat(allocatedBlocks(disk))
        .as("the same holes as qemu-img's own output")
        .isEqualTo(allocatedBlocks(direct));
    assertThat(allocatedBlocks(disk) * 512).isLessThan(Files.size(disk) / 2);

    ReadyMarker marker = result.marker();
    assertThat(marker.verification().method()).isEqualTo(DiskConverter.STREAM_METHOD);
    assertThat(marker.verification().identical()).isTrue();
    // the SHA-256 computed on the wire equals sha256sum of the file (another implementation)
    String sha256sum =
        TestImages.run(List.of("sha256sum", disk.toString()), true).strip().split("\\s+")[0];
    assertThat(marker.sha256()).isEqualTo(sha256sum).isEqualTo(sha256(raw));
  }

  @Test
  void aByteDamagedBeforeTheReadBackFailsVerificationAndPublishesNothing() throws Exception {
    Path image = source("streamOptimized");
    Path target = Files.createDirectory(work.resolve("pvc-damaged"));
    DiskConverter converter =
        new DiskConverter(
                ConverterSettings.defaults().withScratchRoot(scratch), ProcessQemuImg.fromPath())
            .beforeReadBack(
                disk -> {
                  // the first sector holds data (sparseRaw): flip one bit of it
                  try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
                    file.seek(100);
                    int b = file.read();
                    file.seek(100);
                    file.write(b ^ 0x01);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                });
    DiskConvertException failure =
        catchThrowableOfType(
            DiskConvertException.class, () -> converter.convert(request(image, target), p -> {}));
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage())
        .contains("verification failed")
        .contains("at offset 0")
        .contains("differ from what qemu-img wrote");
    assertNothingPublished(target);
  }

  @Test
  void qemuImgKilledWhileWritingPublishesNothing() throws Exception {
    Path big = TestImages.sparseRaw(work.resolve("big.raw"), 384L << 20, 5);
    Path image = TestImages.vmdk(big, work.resolve("big.vmdk"), "streamOptimized");
    Path target = Files.createDirectory(work.resolve("pvc-killed"));
    KillingQemuImg qemuImg = new KillingQemuImg();
    DiskConvertException failure =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                new DiskConverter(ConverterSettings.defaults().withScratchRoot(scratch), qemuImg)
                    .convert(request(image, target), p -> {}));
    assertThat(qemuImg.killed).as("qemu-img was killed while it wrote").isTrue();
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("qemu-img convert failed");
    assertNothingPublished(target);
    // a rerun converges
    ConversionResult rerun = DiskConverter.create().convert(request(image, target), p -> {});
    assertThat(rerun.marker().sha256()).isEqualTo(sha256(big));
  }

  @Test
  void aKilledConvertersSinkDirectoryIsSweptByTheNext() throws Exception {
    Path root = Files.createDirectory(work.resolve("scratch-sweep"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path abandoned = Files.createDirectory(root.resolve("convoy-sink-1"));
    Files.writeString(abandoned.resolve("owner-pid"), Long.toString(gone.pid()));
    Files.createFile(abandoned.resolve("nbd.sock"));
    Path alive = Files.createDirectory(root.resolve("convoy-sink-2"));
    Files.writeString(alive.resolve("owner-pid"), Long.toString(ProcessHandle.current().pid()));

    Path target = Files.createDirectory(work.resolve("pvc-sweep"));
    new DiskConverter(ConverterSettings.defaults().withScratchRoot(root), ProcessQemuImg.fromPath())
        .convert(request(source("streamOptimized"), target), p -> {});

    assertThat(abandoned).doesNotExist();
    assertThat(alive).exists();
    try (var left = Files.list(root)) {
      assertThat(left).containsExactly(alive);
    }
  }

  @Test
  void compareModeStillDecodesTwice() throws Exception {
    Path target = Files.createDirectory(work.resolve("pvc-compare"));
    ConversionResult result =
        new DiskConverter(
                ConverterSettings.defaults(), ProcessQemuImg.fromPath(), VerificationMode.COMPARE)
            .convert(request(source("streamOptimized"), target), p -> {});
    assertThat(result.marker().verification().method()).isEqualTo("qemu-img compare + sha256");
    assertThat(result.marker().sha256()).isEqualTo(sha256(raw));
  }

  @Test
  void qcow2OutputIsVerifiedByCompare() throws Exception {
    Path target = Files.createDirectory(work.resolve("pvc-qcow2-output"));
    ConversionResult result =
        DiskConverter.create()
            .convert(
                new ConversionRequest(
                    DiskSource.LocalFile.of(source("streamOptimized")),
                    DiskTarget.Directory.of(target),
                    OutputFormat.QCOW2,
                    true,
                    false),
                p -> {});
    assertThat(result.marker().verification().method()).isEqualTo("qemu-img compare + sha256");
    assertThat(result.marker().sha256()).isEqualTo(sha256(raw));
  }

  static void assertNothingPublished(Path target) throws IOException {
    assertThat(target.resolve("disk.img.convoy.json")).doesNotExist();
    assertThat(target.resolve("disk.img")).doesNotExist();
    assertThat(target.resolve("disk.img.convoy-partial")).doesNotExist();
    try (var left = Files.list(scratch)) {
      assertThat(left).as("the sink's socket directory is removed").isEmpty();
    }
  }

  /** The real qemu-img, SIGKILLed (its own process, found among this JVM's children) mid-write. */
  static final class KillingQemuImg implements QemuImg {
    private final QemuImg real = ProcessQemuImg.fromPath();
    volatile boolean killed;

    @Override
    public QemuImgInfo info(QemuImageSpec image, String format, ProcessLimits limits)
        throws DiskConvertException {
      return real.info(image, format, limits);
    }

    @Override
    public void convert(ConvertCommand command, DoubleConsumer progress, ProcessLimits limits)
        throws DiskConvertException {
      AtomicBoolean once = new AtomicBoolean();
      real.convert(
          command,
          fraction -> {
            progress.accept(fraction);
            if (fraction >= 0.05 && once.compareAndSet(false, true)) {
              ProcessHandle.current()
                  .descendants()
                  .filter(
                      p ->
                          p.info().command().orElse("").endsWith("qemu-img")
                              && p.info()
                                  .arguments()
                                  .map(a -> a.length > 0 && a[0].equals("convert"))
                                  .orElse(false))
                  .forEach(
                      p -> {
                        killed |= p.destroyForcibly();
                      });
            }
          },
          limits);
    }

    @Override
    public Optional<String> compare(
        QemuImageSpec first,
        String firstFormat,
        QemuImageSpec second,
        String secondFormat,
        ProcessLimits limits)
        throws DiskConvertException {
      return real.compare(first, firstFormat, second, secondFormat, limits);
    }

    @Override
    public List<MapEntry> map(QemuImageSpec image, String format, ProcessLimits limits)
        throws DiskConvertException {
      return real.map(image, format, limits);
    }
  }
}
