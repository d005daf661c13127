package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.target.GuestHasher;
import dev.convoy.disk.testing.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A block PVC: the converted disk is written into a device in place (a loop device here). */
class BlockDeviceTest {
  @TempDir Path work;

  /** Attaches a loop device backed by a sparse file of {@code size} bytes. */
  Path loopDevice(long size) throws Exception {
    Path backing = work.resolve("backing-" + size + ".img");
    try (var channel =
        java.nio.channels.FileChannel.open(
            backing,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0}), size - 1);
      // Non-zero bytes where the image has holes: a block PVC is not guaranteed to be zeroed.
      byte[] junk = new byte[1 << 20];
      java.util.Arrays.fill(junk, (byte) 0x5a);
      channel.write(java.nio.ByteBuffer.wrap(junk), 3L << 20);
    }
    String device = TestImages.run(List.of("losetup", "-f", "--show", backing.toString()), true);
    return Path.of(device.strip());
  }

  static void detach(Path device) {
    TestImages.run(List.of("losetup", "-d", device.toString()), false);
  }

  @Test
  void convertsIntoABlockDeviceAndRecordsTheMarkerElsewhere() throws Exception {
    Path raw = TestImages.sparseRaw(work.resolve("g.raw"), 16L << 20, 5);
    Path stream = TestImages.vmdk(raw, work.resolve("g.vmdk"), "streamOptimized");
    Path device = loopDevice(32L << 20);
    try {
      Path marker = work.resolve("pvc-block.convoy.json");
      ConversionResult result =
          DiskConverter.create()
              .convert(
                  ConversionRequest.of(
                      DiskSource.LocalFile.of(stream), new DiskTarget.BlockDevice(device, marker)),
                  ProgressListener.NONE);
      assertThat(result.marker().sha256()).isEqualTo(sha256(raw));
      assertThat(result.marker().disk()).isEqualTo(device.toString());
      assertThat(GuestHasher.sha256Raw(device, 16L << 20, done -> {})).isEqualTo(sha256(raw));
      assertThat(marker).exists();

      ConversionResult again =
          DiskConverter.create()
              .convert(
                  ConversionRequest.of(
                      DiskSource.LocalFile.of(stream), new DiskTarget.BlockDevice(device, marker)),
                  ProgressListener.NONE);
      assertThat(again.alreadyReady()).isTrue();
    } finally {
      detach(device);
    }
  }

  @Test
  void aDeviceSmallerThanTheImageIsRefused() throws Exception {
    Path raw = TestImages.sparseRaw(work.resolve("big.raw"), 16L << 20, 6);
    Path device = loopDevice(8L << 20);
    try {
      UnsafeImageException refusal =
          catchThrowableOfType(
              UnsafeImageException.class,
              () ->
                  DiskConverter.create()
                      .convert(
                          ConversionRequest.of(
                              DiskSource.LocalFile.of(raw),
                              new DiskTarget.BlockDevice(device, work.resolve("m.json"))),
                          ProgressListener.NONE));
      assertThat(refusal.rule()).isEqualTo(Rule.TARGET_CAPACITY);
      assertThat(work.resolve("m.json")).doesNotExist();
    } finally {
      detach(device);
    }
  }
}
