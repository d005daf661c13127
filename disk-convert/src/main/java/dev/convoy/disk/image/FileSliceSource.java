package dev.convoy.disk.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A window {@code [offset, offset + size)} of a local file: the whole file, or one member of an OVA
 * read in place without extracting it.
 */
public final class FileSliceSource implements ByteSource {
  private final FileChannel channel;
  private final long offset;
  private final long size;
  private final String description;

  private FileSliceSource(FileChannel channel, long offset, long size, String description) {
    this.channel = channel;
    this.offset = offset;
    this.size = size;
    this.description = description;
  }

  /** Opens a whole file, refusing to follow a symbolic link at {@code file} itself. */
  public static FileSliceSource wholeFile(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    return new FileSliceSource(channel, 0, channel.size(), file.toString());
  }

  /** Opens {@code size} bytes of {@code file} starting at {@code offset}. */
  public static FileSliceSource slice(Path file, long offset, long size, String description)
      throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    if (offset < 0 || size < 0 || offset + size > channel.size()) {
      channel.close();
      throw new IOException(
          description + ": slice " + offset + "+" + size + " lies outside " + file);
    }
    return new FileSliceSource(channel, offset, size, description);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public byte[] read(long position, int length) throws IOException {
    if (position < 0 || length < 0) {
      throw new IllegalArgumentException("negative position or length");
    }
    if (position >= size) {
      return new byte[0];
    }
    int wanted = (int) Math.min(length, size - position);
    ByteBuffer buffer = ByteBuffer.allocate(wanted);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, offset + position + buffer.position());
      if (n < 0) {
        break;
      }
    }
    return buffer.position() == wanted
        ? buffer.array()
        : Arrays.copyOf(buffer.array(), buffer.position());
  }

  /** The underlying channel positioned at the slice, for streaming digests. */
  FileChannel channel() {
    return channel;
  }

  /** Where the slice starts in the underlying file. */
  public long offset() {
    return offset;
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
