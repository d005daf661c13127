package dev.convoy.launcher.protocol;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Newline-delimited UTF-8 JSON over a unix socket channel: the launcher protocol's framing. */
final class LineChannel implements AutoCloseable {
  private final SocketChannel channel;
  private final BufferedReader reader;
  private final OutputStream out;

  LineChannel(SocketChannel channel) {
    this.channel = channel;
    this.reader =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.out = Channels.newOutputStream(channel);
  }

  /** The next line, or {@code null} at the end of the stream. */
  String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1) {
      if (c == '\n') {
        return line.toString();
      }
      if (line.length() >= LauncherProtocol.MAX_LINE) {
        throw new IOException("line longer than " + LauncherProtocol.MAX_LINE + " characters");
      }
      line.append((char) c);
    }
    if (line.length() > 0) {
      throw new EOFException("connection closed in the middle of a line");
    }
    return null;
  }

  synchronized void writeLine(String json) throws IOException {
    out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
