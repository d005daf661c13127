package dev.convoy.disk.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The parts of the NBD protocol Convoy's servers share: the fixed newstyle handshake, request
 * headers and simple replies. Both {@link NbdServer} (read-only, HTTP sources) and the write sink
 * qemu-img converts into ({@code dev.convoy.disk.target.NbdWriteSink}) use it.
 */
public final class NbdProtocol {
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

  /** Transmission flags. */
  public static final short FLAG_HAS_FLAGS = 1;

  public static final short FLAG_READ_ONLY = 2;
  public static final short FLAG_SEND_FLUSH = 4;
  public static final short FLAG_SEND_FUA = 8;
  public static final short FLAG_SEND_TRIM = 32;
  public static final short FLAG_SEND_WRITE_ZEROES = 64;

  /** Commands. */
  public static final int CMD_READ = 0;

  public static final int CMD_WRITE = 1;
  public static final int CMD_DISC = 2;
  public static final int CMD_FLUSH = 3;
  public static final int CMD_TRIM = 4;
  public static final int CMD_WRITE_ZEROES = 6;

  /** Command flags. */
  public static final int CMD_FLAG_FUA = 1;

  /** Errors. */
  public static final int EIO = 5;

  public static final int ENOSPC = 28;
  public static final int EINVAL = 22;

  private NbdProtocol() {}

  /**
   * One transmission-phase request.
   *
   * @param flags command flags
   * @param type command
   * @param handle the client's handle, echoed in the reply
   * @param offset byte offset in the export
   * @param length byte count (unsigned 32 bit)
   */
  public record Request(int flags, int type, long handle, long offset, long length) {}

  /**
   * Runs the option haggling for one export of {@code size} bytes with {@code transmissionFlags};
   * true when the client entered transmission.
   */
  public static boolean negotiate(SocketChannel channel, long size, short transmissionFlags)
      throws IOException {
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
          reply.putLong(size).putShort(transmissionFlags);
          write(channel, reply.position(reply.capacity()).flip());
          return true;
        }
        case OPT_INFO, OPT_GO -> {
          ByteBuffer info = ByteBuffer.allocate(12);
          info.putShort((short) INFO_EXPORT).putLong(size).putShort(transmissionFlags);
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

  /** The next request header, or empty if the client sent garbage. */
  public static java.util.Optional<Request> readRequest(SocketChannel channel) throws IOException {
    return parseRequest(read(channel, REQUEST_BYTES));
  }

  /** Bytes of a request header. */
  public static final int REQUEST_BYTES = 28;

  /** Bytes of a simple reply header. */
  public static final int REPLY_BYTES = 16;

  /**
   * Parses the request header at {@code request}'s position (consuming {@value #REQUEST_BYTES}
   * bytes); empty if the magic is wrong.
   */
  public static java.util.Optional<Request> parseRequest(ByteBuffer request) {
    if (request.getInt() != REQUEST_MAGIC) {
      return java.util.Optional.empty();
    }
    int flags = request.getShort() & 0xffff;
    int type = request.getShort() & 0xffff;
    long handle = request.getLong();
    long offset = request.getLong();
    long length = request.getInt() & 0xffffffffL;
    return java.util.Optional.of(new Request(flags, type, handle, offset, length));
  }

  private static void optionReply(SocketChannel channel, int option, int type, ByteBuffer data)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(20);
    header.putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type).putInt(data.remaining());
    write(channel, header.flip());
    write(channel, data);
  }

  /**
   * A simple reply; replies of several threads never interleave on the wire (header and data of one
   * reply are written under the channel's lock).
   */
  public static void simpleReply(SocketChannel channel, long handle, int error, byte[] data)
      throws IOException {
    synchronized (channel) {
      ByteBuffer header = ByteBuffer.allocate(16);
      header.putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(handle);
      write(channel, header.flip());
      if (data != null) {
        write(channel, ByteBuffer.wrap(data));
      }
    }
  }

  /**
   * A successful simple reply whose data are {@code length} bytes of {@code file} at {@code
   * position}, sent by {@link FileChannel#transferTo} (sendfile: the bytes do not pass through the
   * heap). The file must hold them: if it ends early the reply cannot be completed, so the
   * connection is closed (the client sees an I/O error) and this throws.
   */
  public static void simpleReplyFromFile(
      SocketChannel channel, long handle, FileChannel file, long position, int length)
      throws IOException {
    synchronized (channel) {
      ByteBuffer header = ByteBuffer.allocate(REPLY_BYTES);
      header.putInt(SIMPLE_REPLY_MAGIC).putInt(0).putLong(handle);
      write(channel, header.flip());
      long done = 0;
      try {
        while (done < length) {
          long n = file.transferTo(position + done, length - done, channel);
          if (n <= 0 && position + done >= file.size()) {
            throw new IOException("the file ends at " + file.size() + " before the reply's data");
          }
          done += Math.max(0, n);
        }
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }
  }

  /** Appends a simple reply header without data to {@code out}. */
  public static void putSimpleReply(ByteBuffer out, long handle, int error) {
    out.putInt(SIMPLE_REPLY_MAGIC).putInt(error).putLong(handle);
  }

  /** Reads exactly {@code length} bytes. */
  public static ByteBuffer read(SocketChannel channel, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    readFully(channel, buffer);
    return buffer.flip();
  }

  /** Fills {@code buffer} from the channel. */
  public static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("NBD client closed the connection");
      }
    }
  }

  /** Writes all of {@code buffer}. */
  public static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** A server socket listening on the new Unix socket {@code socket}. */
  public static ServerSocketChannel listen(Path socket) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    return server;
  }

  /**
   * Starts a daemon thread ({@code threadPrefix-accept}) that accepts connections on {@code server}
   * until {@code closed} says so and serves each on its own daemon thread ({@code
   * threadPrefix-client}); {@code beforeStart} sees each connection's thread before it starts, so
   * an owner can join them. Accept errors while not closed are retried. Returns the started
   * acceptor.
   */
  public static Thread startAccepting(
      ServerSocketChannel server,
      BooleanSupplier closed,
      String threadPrefix,
      Consumer<SocketChannel> serve,
      Consumer<Thread> beforeStart) {
    Thread acceptor =
        new Thread(
            () -> {
              while (!closed.getAsBoolean()) {
                try {
                  SocketChannel client = server.accept();
                  Thread handler = new Thread(() -> serve.accept(client), threadPrefix + "-client");
                  handler.setDaemon(true);
                  beforeStart.accept(handler);
                  handler.start();
                } catch (IOException e) {
                  if (closed.getAsBoolean()) {
                    return;
                  }
                }
              }
            },
            threadPrefix + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return acceptor;
  }
}
