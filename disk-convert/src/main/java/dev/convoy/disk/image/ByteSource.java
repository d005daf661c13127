package dev.convoy.disk.image;

import java.io.Closeable;
import java.io.IOException;

/**
 * Random read access to the bytes of an untrusted image: a local file, a window of an OVA, or an
 * HTTP resource read by ranges. The inspectors read headers and metadata through it, never more.
 */
public interface ByteSource extends Closeable {
  /** The size in bytes. */
  long size();

  /**
   * Reads up to {@code length} bytes at {@code position}. Returns fewer only at the end of the
   * source; never reads outside {@code [0, size())}.
   */
  byte[] read(long position, int length) throws IOException;

  /** What the source is, for messages: a path, {@code ova!member} or a URL without credentials. */
  String describe();

  @Override
  default void close() throws IOException {}
}
