package dev.convoy.disk.image;

/**
 * The 512-byte header of a hosted sparse VMDK extent ({@code KDMV}), little-endian, as in VMware's
 * "Virtual Disk Format 5.0" specification. Sizes and offsets are in 512-byte sectors.
 */
public record VmdkSparseHeader(
    long version,
    long flags,
    long capacity,
    long grainSize,
    long descriptorOffset,
    long descriptorSize,
    long numGtesPerGt,
    long rgdOffset,
    long gdOffset,
    long overhead,
    int singleEndLineChar,
    int nonEndLineChar,
    int doubleEndLineChar1,
    int doubleEndLineChar2,
    int compressAlgorithm) {
  /** The magic number at offset 0: "KDMV". */
  public static final byte[] MAGIC = {'K', 'D', 'M', 'V'};

  /** gdOffset value meaning "the grain directory is described by the footer". */
  public static final long GD_AT_END = 0xffffffffffffffffL;

  public static final long FLAG_NEWLINE_TEST = 1L;
  public static final long FLAG_ZERO_GRAIN = 1L << 2;
  public static final long FLAG_COMPRESSED = 1L << 16;
  public static final long FLAG_MARKERS = 1L << 17;

  /** Parses the first 512 bytes of {@code b} starting at {@code off}; the magic is not checked. */
  public static VmdkSparseHeader parse(byte[] b, int off) {
    return new VmdkSparseHeader(
        Bytes.le32(b, off + 4),
        Bytes.le32(b, off + 8),
        Bytes.le64(b, off + 12),
        Bytes.le64(b, off + 20),
        Bytes.le64(b, off + 28),
        Bytes.le64(b, off + 36),
        Bytes.le32(b, off + 44),
        Bytes.le64(b, off + 48),
        Bytes.le64(b, off + 56),
        Bytes.le64(b, off + 64),
        b[off + 73] & 0xff,
        b[off + 74] & 0xff,
        b[off + 75] & 0xff,
        b[off + 76] & 0xff,
        Bytes.le16(b, off + 77));
  }

  public boolean compressed() {
    return (flags & FLAG_COMPRESSED) != 0;
  }

  public boolean markers() {
    return (flags & FLAG_MARKERS) != 0;
  }
}
