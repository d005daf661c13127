package dev.convoy.disk.target;

import dev.convoy.disk.qemu.QemuImg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/** SHA-256 of a disk's guest-visible content, computed by streaming it once. */
public final class GuestHasher {
  private static final int BUFFER = 4 << 20;

  private GuestHasher() {}

  /** Hashes the first {@code length} bytes of a raw file or block device. */
  public static String sha256Raw(Path file, long length, LongConsumer bytesDone)
      throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long position = 0;
      while (position < length) {
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER, length - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException(file + " ended at " + position + " of " + length + " bytes");
        }
        buffer.flip();
        digest.update(buffer);
        position += n;
        bytesDone.accept(position);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Hashes a qcow2 file Convoy wrote (uncompressed, unencrypted) using its {@code qemu-img map}:
   * data ranges are read at their host offsets, everything else is zeros.
   */
  public static String sha256Mapped(
      Path file, List<QemuImg.MapEntry> map, long virtualSize, LongConsumer bytesDone)
      throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    ByteBuffer zeros = ByteBuffer.allocateDirect(BUFFER);
    long expected = 0;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (QemuImg.MapEntry entry : map) {
        if (entry.start() != expected) {
          throw new IOException("qemu-img map has a gap at " + expected);
        }
        long done = 0;
        while (done < entry.length()) {
          int n = (int) Math.min(BUFFER, entry.length() - done);
          if (entry.data() && !entry.zero()) {
            if (entry.offset() < 0) {
              throw new IOException("qemu-img map gives no host offset at " + entry.start());
            }
            buffer.clear();
            buffer.limit(n);
            while (buffer.hasRemaining()) {
              if (channel.read(buffer, entry.offset() + done + buffer.position()) < 0) {
                throw new IOException(file + " is shorter than its map");
              }
            }
            buffer.flip();
            digest.update(buffer);
          } else {
            zeros.clear();
            zeros.limit(n);
            digest.update(zeros);
          }
          done += n;
          bytesDone.accept(entry.start() + done);
        }
        expected += entry.length();
      }
    }
    if (expected != virtualSize) {
      throw new IOException("qemu-img map covers " + expected + " of " + virtualSize + " bytes");
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
