package dev.convoy.disk.http;

import dev.convoy.disk.image.ByteSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * A source whose bytes are (or will be) in a local file at the same offsets, so {@link NbdServer}
 * can send a read's bytes from the file to the socket in the kernel ({@link
 * FileChannel#transferTo}: sendfile) instead of copying them through the heap twice.
 */
interface StagedFile extends ByteSource {
  /**
   * Waits until {@code [position, position + length)}, clipped to the source, can be sent from the
   * returned file (positions are the source's); empty when {@link #read} must serve it.
   */
  Optional<FileChannel> awaitInFile(long position, int length) throws IOException;
}
