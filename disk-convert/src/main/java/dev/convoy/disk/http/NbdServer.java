package dev.convoy.disk.http;

import dev.convoy.disk.image.ByteSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
 * download in turn. Reads of a {@link StagedFile} that are in its file go from the file to the
 * socket in the kernel (sendfile), not through the heap.
 */
public final class NbdServer implements Closeable {
  private static final short TRANSMISSION_FLAGS =
      NbdProtocol.FLAG_HAS_FLAGS | NbdProtocol.FLAG_READ_ONLY;
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
    this.server = NbdProtocol.listen(socket);
    this.acceptor =
        NbdProtocol.startAccepting(server, () -> closed, "convoy-nbd", this::serve, handler -> {});
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

  private void serve(SocketChannel channel) {
    try (channel;
        ByteSource source = sources.call()) {
      if (NbdProtocol.negotiate(channel, size, TRANSMISSION_FLAGS)) {
        transmit(channel, source);
      }
    } catch (Exception e) {
      // The client went away or the source failed; qemu reports the I/O error on its side.
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
      Optional<NbdProtocol.Request> next = NbdProtocol.readRequest(channel);
      if (next.isEmpty()) {
        return;
      }
      NbdProtocol.Request request = next.get();
      long handle = request.handle();
      long offset = request.offset();
      long length = request.length();
      switch (request.type()) {
        case NbdProtocol.CMD_READ -> {
          if (offset < 0 || length > MAX_READ || offset + length > size) {
            NbdProtocol.simpleReply(channel, handle, NbdProtocol.EINVAL, null);
            continue;
          }
          workers.execute(() -> serveRead(channel, source, handle, offset, (int) length));
        }
        case NbdProtocol.CMD_DISC -> {
          return;
        }
        case NbdProtocol.CMD_FLUSH -> NbdProtocol.simpleReply(channel, handle, 0, null);
        default -> NbdProtocol.simpleReply(channel, handle, NbdProtocol.EINVAL, null);
      }
    }
  }

  private static void serveRead(
      SocketChannel channel, ByteSource source, long handle, long offset, int length) {
    try {
      if (source instanceof StagedFile staged && offset + length <= source.size()) {
        Optional<FileChannel> file;
        try {
          file = staged.awaitInFile(offset, length);
        } catch (IOException e) {
          NbdProtocol.simpleReply(channel, handle, NbdProtocol.EIO, null);
          return;
        }
        if (file.isPresent()) {
          NbdProtocol.simpleReplyFromFile(channel, handle, file.get(), offset, length);
          return;
        }
      }
      byte[] data;
      try {
        data = source.read(offset, length);
      } catch (IOException e) {
        NbdProtocol.simpleReply(channel, handle, NbdProtocol.EIO, null);
        return;
      }
      NbdProtocol.simpleReply(
          channel,
          handle,
          data.length == length ? 0 : NbdProtocol.EIO,
          data.length == length ? data : null);
    } catch (IOException e) {
      // the client went away; the request loop ends on its side
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    Files.deleteIfExists(socket);
  }
}
