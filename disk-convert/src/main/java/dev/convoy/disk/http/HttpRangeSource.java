package dev.convoy.disk.http;

import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.image.ByteSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP(S) resource read by byte ranges, for Convoy's own header inspection and for streaming to
 * qemu-img. Reads are served from blocks cached in memory, so walking a grain directory costs a few
 * requests rather than one per table. When streaming ({@link #STREAMING_BLOCK}), the next blocks
 * are fetched on another thread while qemu-img works on the current one, so the download and the
 * conversion overlap instead of taking turns.
 */
public final class HttpRangeSource implements ByteSource {
  /** Block size and count for header inspection: small reads, scattered. */
  public static final int INSPECTION_BLOCK = 256 * 1024;

  /** Block size for streaming to qemu-img: large sequential reads. */
  public static final int STREAMING_BLOCK = 4 << 20;

  private static final int MAX_CACHE_BYTES = 16 << 20;

  /** Streaming: blocks fetched ahead of the one being read. */
  private static final int PREFETCH_BLOCKS = 3;

  /** Streaming: parallel prefetches (one range request each). */
  private static final int PREFETCH_THREADS = 2;

  /**
   * Streaming: the cache covers qemu-img's read window (16 coroutines with out-of-order writes read
   * several MiB apart) plus the blocks fetched ahead.
   */
  private static final int MAX_STREAMING_CACHE_BYTES = 64 << 20;

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HttpClient client;
  private final URI url;
  private final HttpAccess access;
  private final int blockSize;
  private final long size;
  private final Optional<String> validator;
  private final int maxBlocks;
  private final ExecutorService prefetch;
  private final Map<Long, Future<byte[]>> blocks =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Future<byte[]>> eldest) {
          if (size() > maxBlocks) {
            eldest.getValue().cancel(false);
            return true;
          }
          return false;
        }
      };

  private HttpRangeSource(
      HttpClient client,
      URI url,
      HttpAccess access,
      int blockSize,
      long size,
      Optional<String> validator) {
    this.client = client;
    this.url = url;
    this.access = access;
    this.blockSize = blockSize;
    this.size = size;
    this.validator = validator;
    boolean streaming = blockSize >= STREAMING_BLOCK;
    this.maxBlocks =
        Math.max(2, (streaming ? MAX_STREAMING_CACHE_BYTES : MAX_CACHE_BYTES) / blockSize);
    this.prefetch =
        streaming
            ? Executors.newFixedThreadPool(
                PREFETCH_THREADS,
                runnable -> {
                  Thread thread = new Thread(runnable, "convoy-http-prefetch");
                  thread.setDaemon(true);
                  return thread;
                })
            : null;
  }

  /**
   * Opens a resource with a HEAD request: it must answer 200 with a Content-Length and {@code
   * Accept-Ranges: bytes} (qemu's curl driver needs both).
   */
  public static HttpRangeSource open(HttpClient client, URI url, HttpAccess access, int blockSize)
      throws DiskConvertException {
    String subject = redact(url);
    HttpResponse<Void> head;
    try {
      head =
          access.send(
              client,
              url,
              b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody()),
              HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw DiskConvertException.unavailable(subject + ": HTTP HEAD failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DiskConvertException.unavailable(subject + ": interrupted", e);
    }
    if (head.statusCode() != 200) {
      throw new DiskConvertException(
          head.statusCode() == 401 || head.statusCode() == 403 || head.statusCode() == 404
              ? DiskConvertException.Kind.INVALID_INPUT
              : DiskConvertException.Kind.UNAVAILABLE,
          subject
              + ": HTTP HEAD answered "
              + head.statusCode()
              + (head.statusCode() == 401 || head.statusCode() == 403
                  ? " (is the cookie missing or expired?)"
                  : ""));
    }
    String ranges = head.headers().firstValue("Accept-Ranges").orElse("");
    if (!ranges.toLowerCase(Locale.ROOT).contains("bytes")) {
      throw new UnsafeImageException(
          Rule.HTTP_SOURCE,
          subject,
          "the server does not announce 'Accept-Ranges: bytes' (got \""
              + ranges
              + "\");"
              + " qemu-img needs byte ranges",
          ranges);
    }
    long length = head.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (length < 0) {
      throw new UnsafeImageException(
          Rule.HTTP_SOURCE, subject, "the server reports no Content-Length", "");
    }
    Optional<String> validator =
        head.headers().firstValue("ETag").or(() -> head.headers().firstValue("Last-Modified"));
    return new HttpRangeSource(client, url, access, blockSize, length, validator);
  }

  /**
   * What went wrong on the network, also when the JDK's HTTP client gives no message (a refused or
   * reset connection is a bare {@link java.net.ConnectException}).
   */
  static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    if (e instanceof java.net.ConnectException) {
      return "cannot connect (connection refused or host unreachable)";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "timed out";
    }
    return "connection lost (" + e.getClass().getSimpleName() + ")";
  }

  /** The ETag or Last-Modified the server sent, used to tell whether a source changed. */
  public Optional<String> validator() {
    return validator;
  }

  public URI url() {
    return url;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] read(long position, int length) throws IOException {
    return PiecewiseRead.read(size, position, length, this::copyFromBlock);
  }

  private int copyFromBlock(long at, byte[] out, int offset, int max) throws IOException {
    long blockIndex = at / blockSize;
    byte[] block = block(blockIndex);
    int inBlock = (int) (at - blockIndex * blockSize);
    int n = Math.min(max, block.length - inBlock);
    if (n <= 0) {
      throw new IOException(describe() + ": short block at " + at);
    }
    System.arraycopy(block, inBlock, out, offset, n);
    return n;
  }

  /**
   * The block's bytes: from the cache, from a fetch already under way (a prefetch or another
   * reader's), or fetched on this thread. Fetches run outside the lock, so readers of different
   * blocks download in parallel.
   */
  private byte[] block(long index) throws IOException {
    FutureTask<byte[]> mine = null;
    Future<byte[]> block;
    synchronized (this) {
      block = blocks.get(index);
      if (block == null || block.isCancelled()) {
        mine = new FutureTask<>(() -> fetch(index));
        blocks.put(index, mine);
        block = mine;
      }
      if (prefetch != null) {
        for (long ahead = index + 1;
            ahead <= index + PREFETCH_BLOCKS && ahead * blockSize < size;
            ahead++) {
          if (!blocks.containsKey(ahead)) {
            long next = ahead;
            blocks.put(next, prefetch.submit(() -> fetch(next)));
          }
        }
      }
    }
    if (mine != null) {
      mine.run(); // needed now: fetched on this thread
    }
    try {
      return block.get();
    } catch (ExecutionException e) {
      forget(index, block);
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(describe() + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.CancellationException e) {
      // evicted before it ran: fetch it here
      return fetch(index);
    }
  }

  private synchronized void forget(long index, Future<byte[]> failed) {
    blocks.remove(index, failed);
  }

  private byte[] fetch(long index) throws IOException {
    long start = index * blockSize;
    long end = Math.min(size, start + blockSize) - 1;
    HttpResponse<byte[]> response;
    try {
      response =
          access.send(
              client,
              url,
              b -> precondition(b.header("Range", "bytes=" + start + "-" + end).GET()),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() == 412) {
      throw new IOException(
          describe()
              + ": the source changed since it was opened (validator "
              + validator.orElse("-")
              + " no longer matches: 412)");
    }
    if (response.statusCode() != 206) {
      throw new IOException(
          describe() + ": a range request answered " + response.statusCode() + ", not 206");
    }
    Matcher m = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
    if (!m.matches() || Long.parseLong(m.group(1)) != start || Long.parseLong(m.group(2)) != end) {
      throw new IOException(describe() + ": the server answered the wrong range");
    }
    Optional<String> served =
        response
            .headers()
            .firstValue("ETag")
            .or(() -> response.headers().firstValue("Last-Modified"));
    if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) != size
        || validator.isPresent() && served.isPresent() && !validator.equals(served)) {
      throw new IOException(
          describe()
              + ": the source changed since it was opened (length "
              + size
              + " -> "
              + m.group(3)
              + served.map(v -> ", validator " + validator.orElse("-") + " -> " + v).orElse("")
              + ")");
    }
    byte[] body = response.body();
    if (body.length != end - start + 1) {
      throw new IOException(describe() + ": short range response");
    }
    return body;
  }

  /**
   * Pins a range request to the version the HEAD saw: {@code If-Match} with a strong ETag, {@code
   * If-Unmodified-Since} with a Last-Modified date; a changed source answers 412.
   */
  private HttpRequest.Builder precondition(HttpRequest.Builder request) {
    if (validator.isPresent()) {
      String value = validator.get();
      if (value.startsWith("\"")) {
        request.header("If-Match", value);
      } else if (!value.startsWith("W/")) {
        request.header("If-Unmodified-Since", value);
      }
    }
    return request;
  }

  @Override
  public void close() {
    if (prefetch != null) {
      prefetch.shutdownNow();
    }
  }

  @Override
  public String describe() {
    return redact(url);
  }

  /** The URL without user info or query string. */
  public static String redact(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() > 0 ? ":" + url.getPort() : "")
        + url.getRawPath();
  }
}
