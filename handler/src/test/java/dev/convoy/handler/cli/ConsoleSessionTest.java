package dev.convoy.handler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsoleSessionTest {

  /** A console socket that sends {@code output}, echoes what it gets, and stays open. */
  private static ServerSocketChannel console(Path socket, String output) throws Exception {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread thread =
        new Thread(
            () -> {
              try (SocketChannel client = server.accept()) {
                client.write(ByteBuffer.wrap(output.getBytes(StandardCharsets.UTF_8)));
                ByteBuffer buffer = ByteBuffer.allocate(256);
                while (client.read(buffer) > 0) {
                  buffer.flip();
                  client.write(buffer);
                  buffer.clear();
                }
              } catch (Exception e) {
                // the test ended the session
              }
            });
    thread.setDaemon(true);
    thread.start();
    return server;
  }

  @Test
  @DisplayName("--expect ends the session when the text appears in the history or the live output")
  void expectEndsSession() throws Exception {
    Path dir = Files.createTempDirectory("console");
    Path history = dir.resolve("serial0.log");
    Files.writeString(history, "booting...\n");
    try (ServerSocketChannel server = console(dir.resolve("c.sock"), "CONVOY-GUEST-READY x\n")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ConsoleSession.End end =
          ConsoleSession.attach(
              dir.resolve("c.sock"), history, null, out, "GUEST-READY", Duration.ofSeconds(10));
      assertThat(end).isEqualTo(ConsoleSession.End.EXPECTED);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .startsWith("booting...\n")
          .contains("CONVOY-GUEST-READY");
    }
  }

  @Test
  @DisplayName("keystrokes reach the guest and Ctrl+] detaches; a silent console times out")
  void keysDetachAndTimeout() throws Exception {
    Path dir = Files.createTempDirectory("console");
    try (ServerSocketChannel server = console(dir.resolve("c.sock"), "")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ConsoleSession.End end =
          ConsoleSession.attach(
              dir.resolve("c.sock"),
              null,
              new SlowInput("ls\n", ConsoleSession.ESCAPE),
              out,
              null,
              Duration.ofSeconds(10));
      assertThat(end).isEqualTo(ConsoleSession.End.DETACHED);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("ls");
    }
    Path other = Files.createTempDirectory("console");
    try (ServerSocketChannel server = console(other.resolve("c.sock"), "")) {
      assertThat(
              ConsoleSession.attach(
                  other.resolve("c.sock"),
                  null,
                  null,
                  new ByteArrayOutputStream(),
                  "never",
                  Duration.ofMillis(500)))
          .isEqualTo(ConsoleSession.End.TIMED_OUT);
    }
  }

  /** Sends the text, waits for its echo to come back, then sends the escape byte. */
  private static final class SlowInput extends ByteArrayInputStream {
    private final int escape;
    private boolean textSent;

    SlowInput(String text, int escape) {
      super(text.getBytes(StandardCharsets.UTF_8));
      this.escape = escape;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      if (!textSent) {
        textSent = true;
        return super.read(b, off, len);
      }
      try {
        Thread.sleep(300); // let the echo arrive before detaching
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      b[off] = (byte) escape;
      return 1;
    }
  }
}
