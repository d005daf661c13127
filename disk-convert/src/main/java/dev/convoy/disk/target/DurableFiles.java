package dev.convoy.disk.target;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** fsync-backed file operations, so a crash at any point leaves either the old or the new state. */
public final class DurableFiles {
  private DurableFiles() {}

  /** Flushes a file's data and metadata to stable storage. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Flushes a directory, making renames and deletions in it durable. */
  public static void fsyncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Deletes a file if present and makes the deletion durable. */
  public static void delete(Path file) throws IOException {
    if (Files.deleteIfExists(file)) {
      fsyncDirectory(file.toAbsolutePath().getParent());
    }
  }

  /**
   * Atomically replaces {@code target} with {@code source} (same directory) and makes it durable.
   */
  public static void rename(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /** Writes bytes to {@code target} atomically: temporary file, fsync, rename, directory fsync. */
  public static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    rename(temporary, target);
  }
}
