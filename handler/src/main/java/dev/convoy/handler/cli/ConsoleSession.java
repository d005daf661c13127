package dev.convoy.handler.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A serial console session with a VM's launcher ({@code console.sock}, one client at a time): the
 * guest's output goes to {@code out}, {@code in} goes to the guest, Ctrl+] detaches (as in {@code
 * virsh console}). Optionally replays the console log so far first, and can end as soon as a text
 * appears (for scripts: wait for a guest's ready line).
 */
public final class ConsoleSession {
  /** Ctrl+]: detach. */
  public static final int ESCAPE = 0x1d;

  /** How a session ended. */
  public enum End {
    /** The user pressed Ctrl+]. */
    DETACHED,
    /** The launcher closed the console (the VM stopped). */
    CLOSED,
    /** The expected text appeared. */
    EXPECTED,
    /** The time limit passed first. */
    TIMED_OUT
  }

  private ConsoleSession() {}

  /**
   * Runs one session.
   *
   * @param history the console log to replay first, or null
   * @param in the user's keystrokes, or null for none
   * @param expect end when this text appears (in the history or the live output), or null
   * @param timeout end after this long, or null for no limit
   */
  public static End attach(
      Path socket, Path history, InputStream in, OutputStream out, String expect, Duration timeout)
      throws IOException {
    StringBuilder seen = new StringBuilder();
    if (history != null && Files.isRegularFile(history)) {
      byte[] bytes = Files.readAllBytes(history);
      out.write(bytes);
      out.flush();
      if (expect != null && new String(bytes, StandardCharsets.UTF_8).contains(expect)) {
        return End.EXPECTED;
      }
      if (expect != null) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        seen.append(text, Math.max(0, text.length() - expect.length()), text.length());
      }
    }
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(socket.toRealPath()));
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot attach to the console at " + socket + ": " + e.getMessage(), e);
    }
    AtomicReference<End> end = new AtomicReference<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread keys = null;
    if (in != null) {
      keys =
          new Thread(
              () -> {
                byte[] buffer = new byte[256];
                try {
                  int n;
                  while (running.get() && (n = in.read(buffer)) > 0) {
                    for (int i = 0; i < n; i++) {
                      if (buffer[i] == ESCAPE) {
                        end.compareAndSet(null, End.DETACHED);
                        channel.close();
                        return;
                      }
                    }
                    channel.write(ByteBuffer.wrap(buffer, 0, n));
                  }
                } catch (IOException e) {
                  // the console went away
                }
              },
              "console-input");
      keys.setDaemon(true);
      keys.start();
    }
    Thread timer = null;
    if (timeout != null) {
      timer =
          new Thread(
              () -> {
                try {
                  Thread.sleep(timeout.toMillis());
                  end.compareAndSet(null, End.TIMED_OUT);
                  channel.close();
                } catch (InterruptedException | IOException e) {
                  // the session ended first
                }
              },
              "console-timeout");
      timer.setDaemon(true);
      timer.start();
    }
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    try {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        buffer.clear();
        out.write(bytes);
        out.flush();
        if (expect != null) {
          seen.append(new String(bytes, StandardCharsets.ISO_8859_1));
          if (seen.indexOf(expect) >= 0) {
            end.compareAndSet(null, End.EXPECTED);
            break;
          }
          if (seen.length() > 2 * expect.length() + 4096) {
            seen.delete(0, seen.length() - expect.length());
          }
        }
      }
    } catch (IOException e) {
      // closed by Ctrl+] or the timer; otherwise the launcher went away
    } finally {
      running.set(false);
      channel.close();
      if (timer != null) {
        timer.interrupt();
      }
    }
    end.compareAndSet(null, End.CLOSED);
    return end.get();
  }
}
