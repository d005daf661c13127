package dev.convoy.disk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP file server on 127.0.0.1 for tests, like a vCenter datastore {@code /folder/}
 * endpoint: HEAD and ranged GET, and a required cookie.
 */
public final class RangeHttpServer implements AutoCloseable {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Path root;
  private final String cookie;
  private final boolean ranges;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger rangeRequests = new AtomicInteger();
  private volatile String headerName;
  private volatile String headerValue;
  private volatile long fullGetBytesPerSecond;
  private volatile long cutFullGetsAfter = -1;
  private volatile long flipFullGetByteAt = -1;

  /**
   * @param cookie the exact Cookie header every request must carry (null: none required)
   * @param ranges false to behave like a server without byte-range support
   */
  public RangeHttpServer(Path root, String cookie, boolean ranges) throws IOException {
    this.root = root;
    this.cookie = cookie;
    this.ranges = ranges;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/folder/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** The URL of a file in the served directory, with a vCenter-like query string. */
  public URI url(String name) {
    return URI.create(
        "http://127.0.0.1:"
            + server.getAddress().getPort()
            + "/folder/vm/"
            + name
            + "?dcPath=dc1&dsName=datastore1");
  }

  public int requests() {
    return requests.get();
  }

  /** GET requests with a Range header. */
  public int rangeRequests() {
    return rangeRequests.get();
  }

  /**
   * Whole-file GETs (no Range header) send at most this many bytes per second (0: unlimited), so a
   * client reading while it downloads runs ahead of the download.
   */
  public void throttleFullGets(long bytesPerSecond) {
    fullGetBytesPerSecond = bytesPerSecond;
  }

  /** Whole-file GETs announce the full length but the connection is cut after this many bytes. */
  public void cutFullGetsAfter(long bytes) {
    cutFullGetsAfter = bytes;
  }

  /**
   * Whole-file GETs send the byte at this offset inverted, while HEAD and range GETs see the file:
   * a source that changed between a range request and the download.
   */
  public void flipFullGetByteAt(long offset) {
    flipFullGetByteAt = offset;
  }

  /** Requests refused for a missing cookie or header. */
  public int rejected() {
    return rejected.get();
  }

  /** From now on, every request must also carry this header. */
  public void requireHeader(String name, String value) {
    headerName = name;
    headerValue = value;
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if ((cookie != null && !cookie.equals(exchange.getRequestHeaders().getFirst("Cookie")))
          || (headerName != null
              && !headerValue.equals(exchange.getRequestHeaders().getFirst(headerName)))) {
        rejected.incrementAndGet();
        exchange.sendResponseHeaders(403, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Path file = root.resolve(path.substring(path.lastIndexOf('/') + 1));
      if (!Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      long size = Files.size(file);
      if (ranges) {
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      }
      if (exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      long start = 0;
      long end = size - 1;
      int status = 200;
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (ranges && range != null) {
        rangeRequests.incrementAndGet();
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        start = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          end = Math.min(end, Long.parseLong(m.group(2)));
        }
        status = 206;
        exchange
            .getResponseHeaders()
            .set("Content-Range", "bytes " + start + "-" + end + "/" + size);
      }
      long length = end - start + 1;
      exchange.sendResponseHeaders(status, length);
      boolean full = status == 200;
      long rate = full ? fullGetBytesPerSecond : 0;
      long cut = full ? cutFullGetsAfter : -1;
      long flip = full ? flipFullGetByteAt : -1;
      long began = System.nanoTime();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
          OutputStream out = exchange.getResponseBody()) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = start;
        var sink = Channels.newChannel(out);
        while (position <= end) {
          buffer.clear();
          buffer.limit((int) Math.min(buffer.capacity(), end - position + 1));
          int n = channel.read(buffer, position);
          if (n < 0) {
            break;
          }
          buffer.flip();
          if (flip >= position && flip < position + n) {
            int at = (int) (flip - position);
            buffer.put(at, (byte) ~buffer.get(at));
          }
          if (cut >= 0 && position + n > cut) {
            buffer.limit((int) Math.max(0, cut - position));
          }
          while (buffer.hasRemaining()) {
            sink.write(buffer);
          }
          if (cut >= 0 && position + n > cut) {
            out.flush();
            return; // the exchange closes with fewer bytes than announced
          }
          position += n;
          if (rate > 0) {
            long due = began + (long) ((position - start) * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          }
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
