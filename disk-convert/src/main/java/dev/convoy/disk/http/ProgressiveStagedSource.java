package dev.convoy.disk.http;

import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.image.ByteSource;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * An HTTP source staged into a local file by one sequential GET that runs on its own thread while
 * the source is already being read (inspection, qemu-img info and convert through {@link
 * NbdServer}), so the download and the conversion overlap instead of taking turns.
 *
 * <p>A read within the downloaded prefix is served from the file. A read beyond it waits for the
 * download, unless it lies more than {@link #WAIT_WINDOW} ahead (a streamOptimized VMDK's footer
 * and grain directory at the end, grain tables spread through the file): that block is fetched by
 * an HTTP range pinned to the version the HEAD saw and kept ("pinned") until the download passes
 * it. Every byte is served with one value only: when the download reaches a pinned block, or a
 * range answer arrives for bytes already downloaded, the two must be equal, else the source changed
 * while it was read and the source fails (every read after that fails, and {@link #awaitComplete}
 * throws). The download itself must have the HEAD's length and validator.
 */
public final class ProgressiveStagedSource implements ByteSource {
  /**
   * Reads at most this far beyond the download wait for it; farther ones are fetched by ranges.
   * qemu-img convert reads up to 16 requests of 2 MiB of guest data ahead, so its data reads stay
   * within this window; what lies beyond is metadata.
   */
  public static final long WAIT_WINDOW = 64L << 20;

  /** Unit of range fetches and of pinned data. */
  static final int PIN_BLOCK = HttpRangeSource.INSPECTION_BLOCK;

  /** Pinned data held at most; past it, reads wait for the download instead of fetching. */
  static final long MAX_PINNED = 64L << 20;

  private final HttpRangeSource ranges;
  private final Path file;
  private final FileChannel channel;
  private final long size;
  private Thread downloader;
  private final TreeMap<Long, byte[]> pinned = new TreeMap<>();
  private long pinnedBytes;
  private long downloaded;
  private HttpDownload.Downloaded result;
  private DiskConvertException failure;
  private boolean closed;
  private Closeable cancel;
  private long rangeFetches;

  private final long waitWindow;

  private ProgressiveStagedSource(
      HttpRangeSource ranges, Path file, FileChannel channel, long waitWindow) {
    this.ranges = ranges;
    this.waitWindow = waitWindow;
    this.file = file;
    this.channel = channel;
    this.size = ranges.size();
  }

  /**
   * Starts downloading the resource {@code ranges} was opened on (its HEAD gave the length and
   * validator the download must match) into {@code file} (created, must not exist).
   *
   * @param ranges used for reads far ahead of the download; closed with this source
   * @param sha256 compute the SHA-256 of the downloaded file on the download thread
   * @param progress told the bytes downloaded so far, now and then, on the download thread
   */
  public static ProgressiveStagedSource start(
      HttpClient client,
      HttpRangeSource ranges,
      HttpAccess access,
      Path file,
      boolean sha256,
      LongConsumer progress)
      throws IOException {
    return start(client, ranges, access, file, sha256, progress, WAIT_WINDOW);
  }

  /** {@link #start} with another wait window (tests: far-ahead reads in a small source). */
  static ProgressiveStagedSource start(
      HttpClient client,
      HttpRangeSource ranges,
      HttpAccess access,
      Path file,
      boolean sha256,
      LongConsumer progress,
      long waitWindow)
      throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    ProgressiveStagedSource source = new ProgressiveStagedSource(ranges, file, channel, waitWindow);
    source.download(client, ranges.url(), access, sha256, progress);
    return source;
  }

  private void download(
      HttpClient client, URI url, HttpAccess access, boolean sha256, LongConsumer progress) {
    Thread thread =
        new Thread(
            () -> {
              try {
                HttpDownload.Downloaded done =
                    HttpDownload.stream(
                        client,
                        url,
                        access,
                        size,
                        ranges.validator(),
                        sha256,
                        this::append,
                        progress,
                        this::cancelWith);
                synchronized (this) {
                  if (failure == null) {
                    result = done;
                  }
                  notifyAll();
                }
              } catch (DiskConvertException e) {
                fail(e);
              } catch (RuntimeException e) {
                fail(
                    DiskConvertException.unavailable(
                        describe() + ": the download failed: " + e, e));
              }
            },
            "convoy-http-stage");
    thread.setDaemon(true);
    downloader = thread;
    thread.start();
  }

  private synchronized void cancelWith(Closeable abort) {
    this.cancel = abort;
    if (closed) {
      closeQuietly(abort);
    }
  }

  /** The download thread: writes a chunk, checks it against pinned blocks, then publishes it. */
  private void append(byte[] buffer, int length, long position)
      throws IOException, DiskConvertException {
    if (position != downloaded) {
      throw new IllegalStateException("out of order: " + position + " != " + downloaded);
    }
    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
    long at = position;
    while (chunk.hasRemaining()) {
      at += channel.write(chunk, at);
    }
    long end = position + length;
    synchronized (this) {
      if (closed) {
        throw DiskConvertException.unavailable(describe() + ": closed", null);
      }
      for (Map.Entry<Long, byte[]> block :
          pinned.subMap(position / PIN_BLOCK, true, (end - 1) / PIN_BLOCK, true).entrySet()) {
        long blockStart = block.getKey() * PIN_BLOCK;
        long from = Math.max(blockStart, position);
        long to = Math.min(blockStart + block.getValue().length, end);
        int differs =
            Arrays.mismatch(
                block.getValue(),
                (int) (from - blockStart),
                (int) (to - blockStart),
                buffer,
                (int) (from - position),
                (int) (to - position));
        if (differs >= 0) {
          DiskConvertException changed = changed(from + differs);
          fail(changed);
          throw changed;
        }
      }
      downloaded = end;
      // pinned blocks the download has passed are in the file now, with the same bytes
      for (Iterator<Map.Entry<Long, byte[]>> it = pinned.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, byte[]> block = it.next();
        if (block.getKey() * PIN_BLOCK + block.getValue().length > downloaded) {
          break;
        }
        pinnedBytes -= block.getValue().length;
        it.remove();
      }
      notifyAll();
    }
  }

  private DiskConvertException changed(long at) {
    return DiskConvertException.unavailable(
        describe()
            + ": the source changed while it was read: the byte at "
            + at
            + " differs between a range request and the download",
        null);
  }

  private synchronized void fail(DiskConvertException e) {
    if (failure == null && result == null) {
      failure = e;
    }
    notifyAll();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] read(long position, int length) throws IOException {
    return PiecewiseRead.read(size, position, length, this::copyAvailable);
  }

  /**
   * Copies from the staged file or a pinned block, waiting for the download unless {@code at} is
   * far enough ahead to pin its block by a range (then 0: the read asks again).
   */
  private int copyAvailable(long at, byte[] out, int offset, int max) throws IOException {
    long index = at / PIN_BLOCK;
    int fromFile = 0;
    synchronized (this) {
      while (true) {
        throwIfFailedOrClosed();
        if (at < downloaded) {
          fromFile = (int) Math.min(max, downloaded - at);
          break;
        }
        byte[] block = pinned.get(index);
        if (block != null) {
          int inBlock = (int) (at - index * PIN_BLOCK);
          int n = Math.min(max, block.length - inBlock);
          System.arraycopy(block, inBlock, out, offset, n);
          return n;
        }
        if (at - downloaded >= waitWindow && pinnedBytes < MAX_PINNED) {
          break;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
    if (fromFile > 0) {
      readFile(out, offset, fromFile, at);
      return fromFile;
    }
    pin(index);
    return 0;
  }

  /** A read cannot be served any more: the download failed or the source was closed. */
  private void throwIfFailedOrClosed() throws IOException {
    assert Thread.holdsLock(this);
    if (failure != null) {
      throw new IOException(failure.getMessage(), failure);
    }
    if (closed) {
      throw new IOException(describe() + ": closed");
    }
  }

  private void readFile(byte[] out, int offset, int length, long position) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(out, offset, length);
    long at = position;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, at);
      if (n < 0) {
        throw new IOException(file + ": shorter than the bytes downloaded");
      }
      at += n;
    }
  }

  /**
   * Waits until {@code [position, position + length)} (within the source) is in the staged file, so
   * a reader can send it from the file without copying it through the heap (NBD: {@link
   * FileChannel#transferTo}); false when {@link #read} must serve it instead: some of it lies in a
   * pinned block or far enough ahead of the download to be fetched by a range. Bytes in the file
   * are the bytes {@link #read} serves (a pinned block is checked equal when the download passes
   * it), so either way each byte has one value.
   */
  boolean awaitStaged(long position, int length) throws IOException {
    long end = Math.min(size, position + length);
    synchronized (this) {
      while (true) {
        throwIfFailedOrClosed();
        if (end <= downloaded) {
          return true;
        }
        long next = Math.max(position, downloaded);
        if (next - downloaded >= waitWindow
            || !pinned.subMap(next / PIN_BLOCK, true, (end - 1) / PIN_BLOCK, true).isEmpty()) {
          return false;
        }
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
      }
    }
  }

  /** Fetches block {@code index} by a range and keeps it until the download passes it. */
  private void pin(long index) throws IOException {
    long start = index * PIN_BLOCK;
    int length = (int) Math.min(PIN_BLOCK, size - start);
    byte[] bytes;
    try {
      bytes = ranges.read(start, length);
      if (bytes.length != length) {
        throw new IOException(describe() + ": short range response at " + start);
      }
    } catch (IOException e) {
      // the source's failure from now on: it explains the read error qemu-img reports
      fail(
          DiskConvertException.unavailable(
              describe() + ": a range request failed: " + e.getMessage(), e));
      throw e;
    }
    synchronized (this) {
      rangeFetches++;
      if (pinned.containsKey(index)) {
        return;
      }
      // the download may have passed the block meanwhile: what it wrote must be the same bytes
      int covered = (int) Math.max(0, Math.min(downloaded, start + length) - start);
      if (covered > 0) {
        byte[] written = new byte[covered];
        readFile(written, 0, covered, start);
        int differs = Arrays.mismatch(written, 0, covered, bytes, 0, covered);
        if (differs >= 0) {
          DiskConvertException changed = changed(start + differs);
          fail(changed);
          throw new IOException(changed.getMessage(), changed);
        }
      }
      if (covered < length) {
        pinned.put(index, bytes);
        pinnedBytes += length;
      }
    }
  }

  /**
   * Waits until the whole source is downloaded and consistent with every range read.
   *
   * @return what was downloaded (its SHA-256 if computed)
   * @throws DiskConvertException the download failed or the source changed
   */
  public HttpDownload.Downloaded awaitComplete() throws DiskConvertException {
    synchronized (this) {
      while (result == null && failure == null && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw DiskConvertException.unavailable(describe() + ": interrupted", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      if (result == null) {
        throw DiskConvertException.unavailable(describe() + ": closed", null);
      }
      return result;
    }
  }

  /** Why the source failed, if it did (explains a read error qemu-img reports). */
  public synchronized Optional<DiskConvertException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Blocks fetched by ranges so far (for tests and the benchmark's breakdown). */
  public synchronized long rangeFetches() {
    return rangeFetches;
  }

  /** A view for one reader (an NBD connection) whose close leaves this source open. */
  public ByteSource view() {
    ProgressiveStagedSource self = this;
    return new StagedFile() {
      @Override
      public Optional<FileChannel> awaitInFile(long position, int length) throws IOException {
        return self.awaitStaged(position, length) ? Optional.of(channel) : Optional.empty();
      }

      @Override
      public long size() {
        return self.size();
      }

      @Override
      public byte[] read(long position, int length) throws IOException {
        return self.read(position, length);
      }

      @Override
      public String describe() {
        return self.describe();
      }
    };
  }

  @Override
  public String describe() {
    return ranges.describe();
  }

  /** Stops the download (if still running) and waits for its thread; the file stays. */
  @Override
  public void close() throws IOException {
    Closeable abort;
    synchronized (this) {
      closed = true;
      abort = cancel;
      notifyAll();
    }
    if (abort != null) {
      closeQuietly(abort);
    }
    try {
      downloader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ranges.close();
    channel.close();
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // aborting a transfer: its thread reports what happened
    }
  }
}
