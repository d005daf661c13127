package dev.convoy.disk.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.disk.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write sink driven by a real NBD client (qemu-io), request by request. */
class NbdWriteSinkTest {
  @TempDir Path work;

  private String qemuIo(Path socket, String... commands) {
    List<String> args = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
    for (String command : commands) {
      args.add("-c");
      args.add(command);
    }
    args.add(
        "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"nbd\",\"server\":"
            + "{\"type\":\"unix\",\"path\":\""
            + socket
            + "\"}}}");
    return TestImages.run(args, true);
  }

  @Test
  void writesZeroesAndReadsLandInTheFileAndItsHash() throws Exception {
    Path file = work.resolve("disk.img");
    NbdWriteSink.Report report;
    String read;
    try (NbdWriteSink sink = NbdWriteSink.start(work.resolve("s.sock"), file, 8L << 20)) {
      read =
          qemuIo(
              sink.socket(),
              "write -P 0x11 0 64k",
              "write -z 64k 64k",
              "write -P 0x22 1M 8k",
              "write -P 0 2M 64k", // an all-zero payload in a fresh range stays a hole
              "read -P 0x22 1M 8k",
              "flush");
      report = sink.finish(30_000);
    }
    assertThat(read).contains("read 8192/8192 bytes");
    assertThat(report.overwrittenAt()).isEmpty();
    assertThat(report.dataBytes()).isEqualTo(64 * 1024 + 8 * 1024 + 64 * 1024);
    assertThat(report.writes().count()).isEqualTo(3);
    assertThat(report.sha256()).isEqualTo(TestImages.sha256(file));
    assertThat(report.verifyReadBack()).isEmpty();
    assertThat(Files.size(file)).isEqualTo(8L << 20);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes[0]).isEqualTo((byte) 0x11);
    assertThat(bytes[(1 << 20) + 100]).isEqualTo((byte) 0x22);
    long blocks =
        Long.parseLong(TestImages.run(List.of("stat", "-c", "%b", file.toString()), true).strip());
    assertThat(blocks * 512).as("only the data is allocated").isLessThanOrEqualTo(72 * 1024 + 8192);
  }

  @Test
  void aRangeWrittenTwiceIsReported() throws Exception {
    Path file = work.resolve("disk.img");
    NbdWriteSink.Report report;
    try (NbdWriteSink sink = NbdWriteSink.start(work.resolve("s.sock"), file, 1L << 20)) {
      qemuIo(sink.socket(), "write -P 0x11 0 64k", "write -P 0x33 32k 4k");
      report = sink.finish(30_000);
    }
    assertThat(report.overwrittenAt()).hasValue(32 * 1024);
    assertThat(Files.readAllBytes(file)[32 * 1024]).isEqualTo((byte) 0x33);
  }

  @Test
  void damageAfterTheWriteIsFoundByTheReadBack() throws Exception {
    Path file = work.resolve("disk.img");
    NbdWriteSink.Report report;
    try (NbdWriteSink sink = NbdWriteSink.start(work.resolve("s.sock"), file, 1L << 20)) {
      qemuIo(sink.socket(), "write -P 0x11 4k 64k");
      report = sink.finish(30_000);
    }
    TestImages.patch(file, 4096 + 65535, new byte[] {0x12});
    assertThat(report.verifyReadBack())
        .hasValueSatisfying(m -> assertThat(m).contains("the 65536 bytes at offset 4096"));
  }
}
