package dev.convoy.disk.target;

import dev.convoy.disk.http.NbdProtocol;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * The NBD export qemu-img converts into: a writable export of {@code size} bytes on a private Unix
 * socket, backed by a new sparse file Convoy creates. qemu-img does the decoding; the sink writes
 * what it receives at its offsets (runs of all-zero 4 KiB pages in a never-written range are not
 * written, so they stay holes, as when qemu-img writes a new raw file itself), and on the way:
 *
 * <ul>
 *   <li>records a CRC32C of every WRITE's payload with its range, so the file can be read back
 *       after fsync and proven to hold exactly what qemu-img sent ({@link Report#verifyReadBack});
 *   <li>computes the SHA-256 of the whole disk in order: a hasher thread follows the prefix of the
 *       export that writes (and zero writes) have completely covered, reading it back from the page
 *       cache, so the hash runs beside qemu-img's decoding instead of after it.
 * </ul>
 *
 * qemu-img convert writes every range once. If any request touches a range already written, the
 * in-flight hash and the CRCs no longer describe the file; the report says so ({@link
 * Report#overwrittenAt}) and the caller must verify another way.
 *
 * <p>One request is handled at a time per connection, on the thread reading the socket: qemu-img
 * waits for replies, so a slow disk slows the sender (back-pressure) instead of filling memory.
 */
public final class NbdWriteSink implements Closeable {
  private static final short TRANSMISSION_FLAGS =
      NbdProtocol.FLAG_HAS_FLAGS
          | NbdProtocol.FLAG_SEND_FLUSH
          | NbdProtocol.FLAG_SEND_FUA
          | NbdProtocol.FLAG_SEND_TRIM
          | NbdProtocol.FLAG_SEND_WRITE_ZEROES;
  private static final int MAX_REQUEST = 32 << 20;
  private static final int PAGE = 4096;
  private static final int HASH_BUFFER = 4 << 20;
  private static final int INPUT_BUFFER = 4 << 20;
  private static final int REPLY_BATCH = 64;

  private final Path socket;
  private final Path file;
  private final long size;
  private final ServerSocketChannel server;
  private final RandomAccessFile raf;
  private final FileChannel target;
  private final Thread acceptor;
  private final Thread hasher;
  private final List<Thread> connections = new ArrayList<>();
  private final Object lock = new Object();
  // guarded by lock: byte ranges written or zeroed so far, merged (start -> end)
  private final TreeMap<Long, Long> covered = new TreeMap<>();
  private final WriteLog log = new WriteLog();
  private volatile boolean closed;
  // guarded by lock
  private boolean finished;
  private long overwrittenAt = -1;
  private IOException failure;
  private long hashed;
  private String sha256;
  private long dataBytes;

  private NbdWriteSink(Path socket, Path file, long size) throws IOException {
    this.socket = socket;
    this.file = file;
    this.size = size;
    this.raf = new RandomAccessFile(createNew(file).toFile(), "rw");
    raf.setLength(size);
    this.target = raf.getChannel();
    this.server = NbdProtocol.listen(socket);
    this.hasher = new Thread(this::hashLoop, "convoy-sink-sha256");
    hasher.setDaemon(true);
    hasher.start();
    this.acceptor =
        NbdProtocol.startAccepting(
            server,
            () -> closed,
            "convoy-sink",
            this::serve,
            handler -> {
              synchronized (connections) {
                connections.add(handler);
              }
            });
  }

  private static Path createNew(Path file) throws IOException {
    return Files.createFile(file);
  }

  /**
   * Creates {@code file} (it must not exist) as a sparse file of {@code size} bytes and serves it
   * as a writable NBD export on the new Unix socket {@code socket} (in a directory private to this
   * process).
   */
  public static NbdWriteSink start(Path socket, Path file, long size) throws IOException {
    return new NbdWriteSink(socket, file, size);
  }

  public Path socket() {
    return socket;
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      if (NbdProtocol.negotiate(channel, size, TRANSMISSION_FLAGS)) {
        transmit(channel);
      }
    } catch (IOException e) {
      // the client went away; qemu-img reports its own side, the caller checks its exit code
    }
  }

  /**
   * Serves requests in batches: one socket read takes whatever qemu-img has sent (up to 16 requests
   * in flight), every complete request in it is handled, and their replies go out in one write
   * before the next read blocks. One read and one write per batch instead of several per 64 KiB
   * grain: on a loaded machine every wake-up of this thread or of qemu-img costs time.
   */
  private void transmit(SocketChannel channel) throws IOException {
    ByteBuffer in = ByteBuffer.allocateDirect(INPUT_BUFFER).flip();
    ByteBuffer replies = ByteBuffer.allocate(REPLY_BATCH * NbdProtocol.REPLY_BYTES);
    while (true) {
      if (!completeRequest(in)) {
        sendReplies(channel, replies);
        in = fill(channel, in);
        if (in == null) {
          return;
        }
        continue;
      }
      NbdProtocol.Request request = NbdProtocol.parseRequest(in).orElse(null);
      if (request == null) {
        sendReplies(channel, replies);
        return;
      }
      boolean inBounds =
          request.offset() >= 0
              && request.length() <= MAX_REQUEST
              && request.offset() + request.length() <= size;
      int error;
      switch (request.type()) {
        case NbdProtocol.CMD_WRITE -> {
          ByteBuffer payload = in.slice(in.position(), (int) request.length());
          in.position(in.position() + (int) request.length());
          error = inBounds ? write(request, payload) : NbdProtocol.EINVAL;
        }
        case NbdProtocol.CMD_WRITE_ZEROES, NbdProtocol.CMD_TRIM ->
            error = inBounds ? zero(request) : NbdProtocol.EINVAL;
        case NbdProtocol.CMD_READ -> {
          sendReplies(channel, replies);
          read(channel, request, inBounds);
          continue;
        }
        case NbdProtocol.CMD_FLUSH -> {
          error = 0;
          try {
            target.force(false);
          } catch (IOException e) {
            error = NbdProtocol.EIO;
          }
        }
        case NbdProtocol.CMD_DISC -> {
          sendReplies(channel, replies);
          return;
        }
        default -> error = NbdProtocol.EINVAL;
      }
      if (!replies.hasRemaining()) {
        sendReplies(channel, replies);
      }
      NbdProtocol.putSimpleReply(replies, request.handle(), error);
    }
  }

  /** True if {@code in} holds a whole request: its header and, for a WRITE, its payload. */
  private static boolean completeRequest(ByteBuffer in) {
    if (in.remaining() < NbdProtocol.REQUEST_BYTES) {
      return false;
    }
    int type = in.getShort(in.position() + 6) & 0xffff;
    if (type != NbdProtocol.CMD_WRITE) {
      return true;
    }
    long length = in.getInt(in.position() + 24) & 0xffffffffL;
    return length <= MAX_REQUEST && in.remaining() >= NbdProtocol.REQUEST_BYTES + length;
  }

  /**
   * Reads more into {@code in} (returned in read mode), growing it for a large WRITE; null at the
   * end of the stream or for a WRITE over {@link #MAX_REQUEST} (its payload cannot be skipped
   * safely, so the connection ends).
   */
  private static ByteBuffer fill(SocketChannel channel, ByteBuffer in) throws IOException {
    int needed = NbdProtocol.REQUEST_BYTES;
    if (in.remaining() >= NbdProtocol.REQUEST_BYTES
        && (in.getShort(in.position() + 6) & 0xffff) == NbdProtocol.CMD_WRITE) {
      long length = in.getInt(in.position() + 24) & 0xffffffffL;
      if (length > MAX_REQUEST) {
        return null;
      }
      needed += (int) length;
    }
    if (needed > in.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(needed + INPUT_BUFFER);
      bigger.put(in).flip();
      in = bigger;
    }
    in.compact();
    int n = channel.read(in);
    in.flip();
    return n < 0 ? null : in;
  }

  private static void sendReplies(SocketChannel channel, ByteBuffer replies) throws IOException {
    if (replies.position() == 0) {
      return;
    }
    replies.flip();
    synchronized (channel) {
      NbdProtocol.write(channel, replies);
    }
    replies.clear();
  }

  private void read(SocketChannel channel, NbdProtocol.Request request, boolean inBounds)
      throws IOException {
    if (!inBounds) {
      NbdProtocol.simpleReply(channel, request.handle(), NbdProtocol.EINVAL, null);
      return;
    }
    ByteBuffer data = ByteBuffer.allocate((int) request.length());
    int error = 0;
    try {
      while (data.hasRemaining()) {
        if (target.read(data, request.offset() + data.position()) < 0) {
          break; // past the end reads as zeros (the file has the export's size)
        }
      }
    } catch (IOException e) {
      error = NbdProtocol.EIO;
    }
    NbdProtocol.simpleReply(channel, request.handle(), error, error == 0 ? data.array() : null);
  }

  /** Writes one WRITE's payload; returns the NBD error (0 for success). */
  private int write(NbdProtocol.Request request, ByteBuffer payload) {
    long offset = request.offset();
    int length = payload.remaining();
    CRC32C crc = new CRC32C();
    crc.update(payload.duplicate());
    boolean fresh = !overlaps(offset, length);
    try {
      if (fresh) {
        writeSkippingZeroPages(payload, offset);
      } else {
        writeFully(payload.duplicate(), offset);
      }
      if ((request.flags() & NbdProtocol.CMD_FLAG_FUA) != 0) {
        target.force(false);
      }
    } catch (IOException e) {
      fail(e);
      return "No space left on device".equals(e.getMessage())
          ? NbdProtocol.ENOSPC
          : NbdProtocol.EIO;
    }
    synchronized (lock) {
      log.add(offset, length, (int) crc.getValue());
      dataBytes += length;
    }
    cover(offset, length);
    return 0;
  }

  /** A WRITE_ZEROES or TRIM: a never-written range of the new file already reads as zeros. */
  private int zero(NbdProtocol.Request request) {
    long offset = request.offset();
    long length = request.length();
    if (overlaps(offset, length)) {
      try {
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(length, 1 << 20));
        for (long done = 0; done < length; ) {
          int n = (int) Math.min(zeros.capacity(), length - done);
          writeFully(zeros.clear().limit(n), offset + done);
          done += n;
        }
      } catch (IOException e) {
        fail(e);
        return NbdProtocol.EIO;
      }
    }
    cover(offset, length);
    return 0;
  }

  private void writeSkippingZeroPages(ByteBuffer payload, long offset) throws IOException {
    int start = payload.position();
    int end = payload.limit();
    int run = -1; // start of the current run of non-zero pages
    for (int page = start; page < end; page += PAGE) {
      int pageEnd = Math.min(end, page + PAGE);
      boolean zero = isZero(payload, page, pageEnd);
      if (!zero && run < 0) {
        run = page;
      } else if (zero && run >= 0) {
        writeFully(payload.duplicate().position(run).limit(page), offset + run - start);
        run = -1;
      }
    }
    if (run >= 0) {
      writeFully(payload.duplicate().position(run).limit(end), offset + run - start);
    }
  }

  private static final ByteBuffer ZERO_PAGE = ByteBuffer.allocateDirect(PAGE);

  private static boolean isZero(ByteBuffer buffer, int from, int to) {
    return buffer
            .duplicate()
            .position(from)
            .limit(to)
            .mismatch(ZERO_PAGE.duplicate().limit(to - from))
        < 0;
  }

  private void writeFully(ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      at += target.write(buffer, at);
    }
  }

  private boolean overlaps(long offset, long length) {
    synchronized (lock) {
      Map.Entry<Long, Long> before = covered.floorEntry(offset);
      if (before != null && before.getValue() > offset) {
        return true;
      }
      Map.Entry<Long, Long> after = covered.higherEntry(offset);
      return after != null && after.getKey() < offset + length;
    }
  }

  /** Marks a completed range; wakes the hasher when the covered prefix grew. */
  private void cover(long offset, long length) {
    if (length == 0) {
      return;
    }
    synchronized (lock) {
      long start = offset;
      long end = offset + length;
      Map.Entry<Long, Long> before = covered.floorEntry(start);
      if (before != null && before.getValue() > start || overlapsAfter(start, end)) {
        if (overwrittenAt < 0) {
          overwrittenAt = start;
        }
      }
      if (before != null && before.getValue() >= start) {
        start = before.getKey();
        end = Math.max(end, before.getValue());
        covered.remove(before.getKey());
      }
      Map.Entry<Long, Long> after;
      while ((after = covered.ceilingEntry(start)) != null && after.getKey() <= end) {
        end = Math.max(end, after.getValue());
        covered.remove(after.getKey());
      }
      covered.put(start, end);
      if (start == 0) {
        lock.notifyAll();
      }
    }
  }

  private boolean overlapsAfter(long start, long end) {
    Map.Entry<Long, Long> after = covered.higherEntry(start);
    return after != null && after.getKey() < end;
  }

  private void fail(IOException e) {
    synchronized (lock) {
      if (failure == null) {
        failure = e;
      }
    }
  }

  /** Follows the covered prefix, hashing what is complete; after finish, hashes the rest. */
  private void hashLoop() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(HASH_BUFFER);
    try {
      while (true) {
        long until;
        boolean last;
        synchronized (lock) {
          while (!finished && prefixEnd() <= hashed) {
            lock.wait();
          }
          last = finished;
          until = finished ? size : prefixEnd();
        }
        long position = hashed;
        while (position < until) {
          buffer.clear().limit((int) Math.min(HASH_BUFFER, until - position));
          while (buffer.hasRemaining()) {
            if (target.read(buffer, position + buffer.position()) < 0) {
              throw new IOException(file + " is shorter than " + size + " bytes");
            }
          }
          buffer.flip();
          digest.update(buffer);
          position += buffer.limit();
        }
        synchronized (lock) {
          hashed = position;
          if (last) {
            sha256 = HexFormat.of().formatHex(digest.digest());
            lock.notifyAll();
            return;
          }
        }
      }
    } catch (IOException e) {
      fail(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      finished = true;
      lock.notifyAll();
    }
  }

  private long prefixEnd() {
    Long end = covered.get(0L);
    return end == null ? 0 : end;
  }

  /**
   * Call after qemu-img exited successfully: waits for its connections to end and for the hash to
   * cover the whole disk.
   */
  public Report finish(long timeoutMillis) throws IOException {
    closed = true;
    server.close();
    List<Thread> handlers;
    synchronized (connections) {
      handlers = List.copyOf(connections);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      for (Thread handler : handlers) {
        handler.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (handler.isAlive()) {
          throw new IOException("qemu-img exited but its NBD connection did not end");
        }
      }
      synchronized (lock) {
        finished = true;
        lock.notifyAll();
      }
      hasher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (hasher.isAlive()) {
        throw new IOException("hashing " + file + " did not finish in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while finishing " + file, e);
    }
    synchronized (lock) {
      if (failure != null) {
        throw new IOException(file + ": " + failure.getMessage(), failure);
      }
      return new Report(
          file,
          size,
          sha256,
          overwrittenAt < 0 ? OptionalLong.empty() : OptionalLong.of(overwrittenAt),
          dataBytes,
          log);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      server.close();
    } finally {
      synchronized (lock) {
        finished = true;
        lock.notifyAll();
      }
      try {
        hasher.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      raf.close();
      Files.deleteIfExists(socket);
    }
  }

  /**
   * What the sink received.
   *
   * @param sha256 SHA-256 of the whole file as written (meaningful only without {@code
   *     overwrittenAt})
   * @param overwrittenAt the first offset written twice, if any
   * @param dataBytes payload bytes of WRITE requests (zero writes not included)
   */
  public record Report(
      Path file,
      long size,
      String sha256,
      OptionalLong overwrittenAt,
      long dataBytes,
      WriteLog writes) {
    /**
     * Reads every range qemu-img wrote back from {@code file} and checks its CRC32C against the one
     * taken from the wire; ranges qemu-img zeroed or never wrote are not read (they are holes of
     * the file the sink created). Returns the first mismatch, or empty.
     */
    public Optional<String> verifyReadBack() throws IOException {
      ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
      try (FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.READ)) {
        for (int i = 0; i < writes.count(); i++) {
          long offset = writes.offset(i);
          int length = writes.length(i);
          CRC32C crc = new CRC32C();
          for (long done = 0; done < length; ) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            int n = channel.read(buffer, offset + done);
            if (n < 0) {
              return Optional.of("ends before offset " + (offset + done));
            }
            buffer.flip();
            crc.update(buffer);
            done += n;
          }
          if ((int) crc.getValue() != writes.crc(i)) {
            return Optional.of(
                "the "
                    + length
                    + " bytes at offset "
                    + offset
                    + " read back differ from what qemu-img wrote (CRC32C "
                    + String.format("%08x", (int) crc.getValue())
                    + ", written "
                    + String.format("%08x", writes.crc(i))
                    + ")");
          }
        }
      }
      return Optional.empty();
    }
  }

  /** Offsets, lengths and CRC32Cs of the WRITE requests, in arrival order (compact arrays). */
  public static final class WriteLog {
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private int[] crcs = new int[1024];
    private int count;

    void add(long offset, int length, int crc) {
      if (count == offsets.length) {
        offsets = java.util.Arrays.copyOf(offsets, count * 2);
        lengths = java.util.Arrays.copyOf(lengths, count * 2);
        crcs = java.util.Arrays.copyOf(crcs, count * 2);
      }
      offsets[count] = offset;
      lengths[count] = length;
      crcs[count] = crc;
      count++;
    }

    public int count() {
      return count;
    }

    public long offset(int i) {
      return offsets[i];
    }

    public int length(int i) {
      return lengths[i];
    }

    public int crc(int i) {
      return crcs[i];
    }
  }
}
