package dev.convoy.disk.http;

import java.io.IOException;

/**
 * The {@link dev.convoy.disk.image.ByteSource#read} both HTTP sources share: clip the span to the
 * source's size and fill it piece by piece (a cached block, a pinned block, the staged file).
 */
final class PiecewiseRead {
  /** Copies what is available at one position. */
  @FunctionalInterface
  interface Piece {
    /**
     * Copies up to {@code max} bytes at {@code at} into {@code out} at {@code offset}; returns how
     * many, 0 when none yet (the read asks again).
     */
    int copy(long at, byte[] out, int offset, int max) throws IOException;
  }

  private PiecewiseRead() {}

  /** The bytes {@code [position, position + length)} within {@code [0, size)}, filled by pieces. */
  static byte[] read(long size, long position, int length, Piece piece) throws IOException {
    if (position >= size || length <= 0) {
      return new byte[0];
    }
    int wanted = (int) Math.min(length, size - position);
    byte[] out = new byte[wanted];
    int done = 0;
    while (done < wanted) {
      done += piece.copy(position + done, out, done, wanted - done);
    }
    return out;
  }
}
