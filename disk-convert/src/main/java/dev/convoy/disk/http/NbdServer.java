package dev.convoy.disk.http;

import dev.convoy.disk.image.ByteSource;
import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A minimal read-only NBD server (fixed newstyle handshake, simple replies) on a Unix socket, so
 * qemu-img reads an HTTP resource through Convoy's own HTTP client instead of qemu's curl driver.
 *
 * <p>Why: qemu 7.2's curl driver stalls forever in some transfers (reproduced here in 4 of 6 runs
 * of a 64 MiB download; CDI moved to nbdkit's curl plugin for the same reason), and it can send
 * only a cookie, no other headers. Here the JDK HTTP client does the ranges, headers and TLS.
 *
 * <p>Each connection gets its own {@link ByteSource} from the factory. Its reads are served by a
 * few worker threads, replies in completion order (NBD matches them by handle): qemu-img keeps up
 * to 16 requests in flight, and serving them one at a time made the conversion wait for every
 * download in turn.
 */
public final class NbdServer implements Closeable {
  private static final long NBDMAGIC = 0x4e42444d41474943L;
  private static final long IHAVEOPT = 0x49484156454F5054L;
  private static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
  private static final int REQUEST_MAGIC = 0x25609513;
  private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
  private static final int FLAG_FIXED_NEWSTYLE = 1;
  private static final int FLAG_NO_ZEROES = 2;
  private static final int OPT_EXPORT_NAME = 1;
  private static final int OPT_ABORT = 2;
  private static final int OPT_INFO = 6;
  private static final int OPT_GO = 7;
  private static final int REP_ACK = 1;
  private static final int REP_INFO = 3;
  private static final int REP_ERR_UNSUP = 0x80000001;
  private static final int INFO_EXPORT = 0;
  private static final short TRANSMISSION_FLAGS = 1 | 2; // HAS_FLAGS | READ_ONLY
  private static final int CMD_READ = 0;
  private static final int CMD_DISC = 2;
  private static final int CMD_FLUSH = 3;
  private static final int EIO = 5;
  private static final int EINVAL = 22;
  private static final int MAX_READ = 32 << 20;
  private static final int READ_WORKERS = 4;

  private final ServerSocketChannel server;
  private final Path socket;
  private final Callable<ByteSource> sources;
  private final long size;
  private final Thread acceptor;
  private volatile boolean closed;

  private NbdServer(Path socket, Callable<ByteSource> sources, long size) throws IOException {
    this.socket = socket;
    this.sources = sources;
    this.size = size;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    this.acceptor = new Thread(this::acceptLoop, "convoy-nbd-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Serves {@code size} bytes from the sources the factory opens, on a new Unix socket {@code
   * socket} (its directory should be private to this process).
   */
  public static NbdServer start(Path socket, long size, Callable<ByteSource> sources)
      throws IOException {
    return new NbdServer(socket, sources, size);
  }

  /** The Unix socket path qemu connects to. */
  public Path socket() {
    return socket;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel client = server.accept();
        Thread handler = new Thread(() -> serve(client), "convoy-nbd-client");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel;
        ByteSource source = sources.call()) {
      if (negotiate(channel)) {
        transmit(channel, source);
      }
    } catch (Exception e) {
      // The client went away or the source failed; qemu reports the I/O error on its side.
    }
  }

  /** Runs the option haggling; true when the client entered transmission. */
  private boolean negotiate(SocketChannel channel) throws IOException {
    ByteBuffer hello = ByteBuffer.allocate(18);
    hello
        .putLong(NBDMAGIC)
        .putLong(IHAVEOPT)
        .putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES));
    write(channel, hello.flip());
    int clientFlags = read(channel, 4).getInt();
    boolean noZeroes = (clientFlags & FLAG_NO_ZEROES) != 0;
    while (true) {
      ByteBuffer header = read(channel, 16);
      if (header.getLong() != IHAVEOPT) {
        return false;
      }
      int option = header.getInt();
      int length = header.getInt();
      if (length < 0 || length > 65536) {
        return false;
      }
      read(channel, length);
      switch (option) {
        case OPT_EXPORT_NAME -> {
          ByteBuffer reply = ByteBuffer.allocate(10 + (noZeroes ? 0 : 124));
          reply.putLong(size).putShort(TRANSMISSION_FLAGS);
          write(channel, reply.position(reply.capacity()).flip());
          return true;
        }
        case OPT_INFO, OPT_GO -> {
          ByteBuffer info = ByteBuffer.allocate(12);
          info.putShort((short) INFO_EXPORT).putLong(size).putShort(TRANSMISSION_FLAGS);
          optionReply(channel, option, REP_INFO, info.flip());
          optionReply(channel, option, REP_ACK, ByteBuffer.allocate(0));
          if (option == OPT_GO) {
            return true;
          }
        }
        case OPT_ABORT -> {
          optionReply(channel, option, REP_ACK, ByteBuffer.allocate(0));
          return false;
        }
        default -> optionReply(channel, option, REP_ERR_UNSUP, ByteBuffer.allocate(0));
      }
    }
  }

  private void transmit(SocketChannel channel, ByteSource source) throws IOException {
    ExecutorService workers =
        Executors.newFixedThreadPool(
            READ_WORKERS,
            runnable -> {
              Thread thread = new Thread(runnable, "convoy-nbd-read");
              thread.setDaemon(true);
              return thread;
            });
    try {
      serveRequests(channel, source, workers);
    } finally {
      workers.shutdown();
      try {
        // replies still being written go out before the connection closes
        workers.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      workers.shutdownNow();
    }
  }

  private void serveRequests(SocketChannel channel, ByteSource source, ExecutorService workers)
      throws IOException {
    while (true) {
      ByteBuffer request = read(channel, 28);
      if (request.getInt() != REQUEST_MAGIC) {
        return;
      }
      request.getShort();
      int type = request.getShort() & 0xffff;
      long handle = request.getLong();
      long offset = request.getLong();
      long length = request.getInt() & 0xffffffffL;
      switch (type) {
        case CMD_READ -> {
          if (offset < 0 || length > MAX_READ || offset + length > size) {
            simpleReply(channel, handle, EINVAL, null);
            continue;
          }
          workers.execute(() -> serveRead(channel, source, handle, offset, (int) length));
        }
        case CMD_DISC -> {
          return;
        }
        case CMD_FLUSH -> simpleReply(channel, handle, 0, null);
        default -> simpleReply(channel, handle, EINVAL, null);
      }
    }
  }

  private static void serveRead(
      SocketChannel channel, ByteSource source, long handle, long offset, int length) {
    try {
      byte[] data;
      try {
        data = source.read(offset, length);
      } catch (IOException e) {
        simpleReply(channel, handle, EIO, null);
        return;
      }
      simpleReply(
          channel, handle, data.length == length ? 0 : EIO, data.length == length ? data : null);
    } catch (IOException e) {
      // the client went away; the request loop ends on its side
    }
  }

  private static void optionReply(SocketChannel channel, int option, int type, ByteBuffer data)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(20);
    header.putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type).putInt(data.remaining());
    write(channel, header.flip());
    write(channel, data);
  }

  private static void simpleReply(SocketChannel channel, long handle, int error, byte[] data)
      throws IOException {
    // one reply at a time on the wire: header and data of two replies must not interleave
    synchronized (channel) {
      writeReply(channel, handle, error, data);
    }
  }

  private static void writeReply(SocketChannel channel, long handle, int error, byte[] data)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(16);
    header.putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(handle);
    write(channel, header.flip());
    if (data != null) {
      write(channel, ByteBuffer.wrap(data));
    }
  }

  private static ByteBuffer read(SocketChannel channel, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("NBD client closed the connection");
      }
    }
    return buffer.flip();
  }

  private static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    Files.deleteIfExists(socket);
  }
}
