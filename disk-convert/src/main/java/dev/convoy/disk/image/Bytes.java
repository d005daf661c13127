package dev.convoy.disk.image;

/** Little- and big-endian integer reads from header bytes. */
final class Bytes {
  private Bytes() {}

  static long le64(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static long le32(byte[] b, int off) {
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static int le16(byte[] b, int off) {
    return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8);
  }

  static long be64(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static long be32(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (b[off + i] & 0xffL);
    }
    return v;
  }

  static boolean startsWith(byte[] b, int off, byte[] prefix) {
    if (b.length < off + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[off + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** {@code a * b} or -1 when the product does not fit a long (callers treat -1 as absurd). */
  static long multiplyOrMinusOne(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return -1;
    }
  }
}
