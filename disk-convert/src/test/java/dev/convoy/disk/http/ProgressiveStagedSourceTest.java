package dev.convoy.disk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.testing.RangeHttpServer;
import dev.convoy.disk.testing.TestImages;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staged download read while it grows: reads wait for it or fetch far-ahead blocks by ranges,
 * and every byte is served with one value or the source fails.
 */
class ProgressiveStagedSourceTest {
  private static final int SIZE = 4 << 20;
  private static final HttpAccess ACCESS =
      new HttpAccess(Optional.empty(), Map.of(), Duration.ofSeconds(10));

  @TempDir static Path served;
  static byte[] content;
  static RangeHttpServer server;
  static HttpClient client;

  @TempDir Path scratch;
  ProgressiveStagedSource source;

  @BeforeAll
  static void serve() throws Exception {
    content = new byte[SIZE];
    new Random(9).nextBytes(content);
    Files.write(served.resolve("disk.bin"), content);
    server = new RangeHttpServer(served, null, true);
    client = HttpClient.newHttpClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void resetServer() {
    server.throttleFullGets(0);
    server.cutFullGetsAfter(-1);
    server.flipFullGetByteAt(-1);
  }

  @AfterEach
  void closeSource() throws IOException {
    if (source != null) {
      source.close();
    }
  }

  /** Starts staging the served file, with reads farther than {@code window} ahead by ranges. */
  private ProgressiveStagedSource stage(long window) throws Exception {
    HttpRangeSource head =
        HttpRangeSource.open(
            client, server.url("disk.bin"), ACCESS, HttpRangeSource.INSPECTION_BLOCK);
    source =
        ProgressiveStagedSource.start(
            client, head, ACCESS, scratch.resolve("source"), true, done -> {}, window);
    return source;
  }

  @Test
  void aReadAheadOfTheDownloadWaitsForItAndGetsTheSourceBytes() throws Exception {
    server.throttleFullGets(4 << 20); // the whole file takes about a second
    int rangesBefore = server.rangeRequests();
    stage(ProgressiveStagedSource.WAIT_WINDOW);
    long start = System.nanoTime();
    byte[] read = source.read(SIZE - (1 << 20), 1 << 20);
    long waited = System.nanoTime() - start;
    assertThat(read).isEqualTo(Arrays.copyOfRange(content, SIZE - (1 << 20), SIZE));
    // it waited for the download (about 3/4 of a second), it did not ask for a range
    assertThat(Duration.ofNanos(waited)).isGreaterThan(Duration.ofMillis(300));
    assertThat(server.rangeRequests()).isEqualTo(rangesBefore);
    assertThat(source.rangeFetches()).isZero();
    HttpDownload.Downloaded done = source.awaitComplete();
    assertThat(done.sha256()).isEqualTo(TestImages.sha256(served.resolve("disk.bin")));
    assertThat(Files.readAllBytes(scratch.resolve("source"))).isEqualTo(content);
  }

  @Test
  void aReadFarAheadIsFetchedByRangeAndMustEqualTheDownload() throws Exception {
    server.throttleFullGets(1 << 20); // four seconds: the tail stays far ahead for three
    stage(1 << 20);
    byte[] tail = source.read(SIZE - 1536, 1536);
    assertThat(tail).isEqualTo(Arrays.copyOfRange(content, SIZE - 1536, SIZE));
    assertThat(source.rangeFetches()).isEqualTo(1);
    // read again: the pinned block, no second range request
    assertThat(source.read(SIZE - 100, 100))
        .isEqualTo(Arrays.copyOfRange(content, SIZE - 100, SIZE));
    assertThat(source.rangeFetches()).isEqualTo(1);
    assertThat(source.awaitComplete().sha256())
        .isEqualTo(TestImages.sha256(served.resolve("disk.bin")));
    assertThat(source.read(0, SIZE)).isEqualTo(content);
  }

  @Test
  void aSourceThatChangedBetweenARangeAndTheDownloadIsRefused() throws Exception {
    server.throttleFullGets(1 << 20);
    server.flipFullGetByteAt(SIZE - 100); // the download sees another byte than the range did
    stage(1 << 20);
    byte[] tail = source.read(SIZE - 1536, 1536);
    assertThat(tail).isEqualTo(Arrays.copyOfRange(content, SIZE - 1536, SIZE));
    DiskConvertException changed =
        catchThrowableOfType(DiskConvertException.class, () -> source.awaitComplete());
    assertThat(changed.getMessage())
        .contains("the source changed while it was read")
        .contains("the byte at " + (SIZE - 100) + " differs");
    assertThat(source.failure()).contains(changed);
    // from then on no byte is served, not even downloaded ones
    IOException refused = catchThrowableOfType(IOException.class, () -> source.read(0, 512));
    assertThat(refused.getMessage()).contains("changed");
  }

  @Test
  void aCutDownloadFailsTheWaitingReadAndTheCompletion() throws Exception {
    server.throttleFullGets(4 << 20);
    server.cutFullGetsAfter(1 << 20);
    stage(ProgressiveStagedSource.WAIT_WINDOW);
    IOException failed = catchThrowableOfType(IOException.class, () -> source.read(2 << 20, 4096));
    assertThat(failed.getMessage()).contains(server.url("disk.bin").getPath());
    DiskConvertException error =
        catchThrowableOfType(DiskConvertException.class, () -> source.awaitComplete());
    assertThat(error.getMessage()).containsAnyOf("download failed", "ended after");
    assertThat(error.getMessage()).isEqualTo(failed.getMessage());
  }

  @Test
  void aViewOffersTheStagedFileOnlyForBytesTheDownloadHasWritten() throws Exception {
    server.throttleFullGets(1 << 20); // four seconds
    stage(1 << 20);
    StagedFile view = (StagedFile) source.view();
    // far ahead (a range's business) and a pinned block: read() serves those, not the file
    assertThat(view.awaitInFile(SIZE - 4096, 4096)).isEmpty();
    source.read(SIZE - 1536, 1536);
    assertThat(source.rangeFetches()).isEqualTo(1);
    // near the download: waits for it, then the file holds the source's bytes there
    long start = System.nanoTime();
    java.nio.channels.FileChannel file = view.awaitInFile(512 << 10, 64 << 10).orElseThrow();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(200));
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(64 << 10);
    file.read(bytes, 512 << 10);
    assertThat(bytes.array()).isEqualTo(Arrays.copyOfRange(content, 512 << 10, 576 << 10));
    source.awaitComplete();
    // once the download passed the pinned block, the file serves it too
    assertThat(view.awaitInFile(SIZE - 4096, 4096)).isPresent();
  }

  @Test
  void qemuImgReadsTheGrowingSourceThroughTheNbdServerByteForByte() throws Exception {
    server.throttleFullGets(4 << 20);
    stage(1 << 20); // the first reads of the tail are far ahead: ranges, the rest the file
    Path output = scratch.resolve("copy.raw");
    try (NbdServer nbd = NbdServer.start(scratch.resolve("nbd.sock"), SIZE, source::view)) {
      Process qemu =
          new ProcessBuilder(
                  "qemu-img",
                  "convert",
                  "-f",
                  "raw",
                  "-O",
                  "raw",
                  "-W",
                  "-m",
                  "16",
                  "nbd+unix:///?socket=" + nbd.socket(),
                  output.toString())
              .redirectErrorStream(true)
              .start();
      String log = new String(qemu.getInputStream().readAllBytes());
      assertThat(qemu.waitFor()).as(log).isZero();
    }
    assertThat(Files.readAllBytes(output)).isEqualTo(content);
    assertThat(source.awaitComplete().sha256())
        .isEqualTo(TestImages.sha256(served.resolve("disk.bin")));
  }
}
