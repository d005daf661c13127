package dev.convoy.launcher;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive serial console: a unix socket where one client at a time is connected to the
 * guest's serial port (QEMU's serial socket), byte for byte in both directions, like {@code virtctl
 * console}. The console log is written independently by libvirt, so attaching is never needed to
 * keep the output.
 */
public final class ConsoleProxy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleProxy.class);

  private final Path socket;
  private final Path serialSocket;
  private final ServerSocketChannel server;
  private final AtomicBoolean attached = new AtomicBoolean();
  private volatile boolean closed;

  private ConsoleProxy(Path socket, Path serialSocket, ServerSocketChannel server) {
    this.socket = socket;
    this.serialSocket = serialSocket;
    this.server = server;
  }

  /** Listens on {@code socket} and connects clients to QEMU's {@code serialSocket}. */
  public static ConsoleProxy start(Path socket, Path serialSocket) throws IOException {
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    ConsoleProxy proxy = new ConsoleProxy(socket, serialSocket, server);
    Thread accept = new Thread(proxy::acceptLoop, "console-accept");
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel client = server.accept();
        if (!attached.compareAndSet(false, true)) {
          reject(client, "another client is attached to this console\r\n");
          continue;
        }
        Thread session = new Thread(() -> attach(client), "console-session");
        session.setDaemon(true);
        session.start();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("console socket {}: {}", socket, e.toString());
        }
      }
    }
  }

  private void attach(SocketChannel client) {
    try (client;
        SocketChannel serial = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        serial.connect(UnixDomainSocketAddress.of(serialSocket));
      } catch (IOException e) {
        reject(client, "the guest's serial console is not available: " + e.getMessage() + "\r\n");
        return;
      }
      // Two pumps; whichever side ends first closes both channels and so ends the other pump.
      Thread toGuest = new Thread(() -> pump(client, serial), "console-to-guest");
      toGuest.setDaemon(true);
      toGuest.start();
      pump(serial, client);
      toGuest.join(5_000);
    } catch (IOException e) {
      LOG.debug("console session ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      attached.set(false);
    }
  }

  /**
   * Copies bytes until one side closes. Uses the channels directly: JDK 17's {@code
   * Channels.newInputStream/newOutputStream} on one socket channel share a lock, so a blocked read
   * would stall the write going the other way.
   */
  private static void pump(SocketChannel from, SocketChannel to) {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    try {
      while (from.read(buffer) > 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          to.write(buffer);
        }
        buffer.clear();
      }
    } catch (IOException e) {
      // One side closed.
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // Already closing.
      }
    }
  }

  private static void reject(SocketChannel client, String message) {
    try (client) {
      client.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException ignored) {
      // The client left already.
    }
  }

  public Path socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    Files.deleteIfExists(socket);
  }
}
