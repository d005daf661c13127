package dev.convoy.disk.image;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks a qcow2 header before qemu opens the image: version 2 or 3, no backing file, no external
 * data file, no encryption, no corrupt or unknown incompatible feature bits, and that the L1/L2
 * tables and the data clusters they point to lie inside the file.
 */
public final class Qcow2Inspector {
  /** The magic number at offset 0: "QFI\xfb". */
  public static final byte[] MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

  static final long INCOMPAT_DIRTY = 1L;
  static final long INCOMPAT_CORRUPT = 1L << 1;
  static final long INCOMPAT_DATA_FILE = 1L << 2;
  static final long INCOMPAT_COMPRESSION = 1L << 3;
  static final long INCOMPAT_EXTENDED_L2 = 1L << 4;
  static final long INCOMPAT_KNOWN =
      INCOMPAT_DIRTY
          | INCOMPAT_CORRUPT
          | INCOMPAT_DATA_FILE
          | INCOMPAT_COMPRESSION
          | INCOMPAT_EXTENDED_L2;

  private static final long EXT_END = 0;
  private static final long EXT_DATA_FILE = 0x44415441L;
  private static final long EXT_CRYPTO = 0x0537be77L;
  private static final long OFFSET_MASK = 0x00fffffffffffe00L;
  private static final long COMPRESSED = 1L << 62;
  private static final int MAX_L1_BYTES = 32 * 1024 * 1024;

  /** What the inspection found. */
  public record Qcow2Image(
      int version,
      long virtualSize,
      int clusterBits,
      long incompatibleFeatures,
      long allocatedBytes) {}

  private Qcow2Inspector() {}

  public static Qcow2Image inspect(ByteSource source, long maxVirtualSize)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    long fileSize = source.size();
    byte[] h = source.read(0, 112);
    if (h.length < 72) {
      throw new UnsafeImageException(
          Rule.IMAGE_TRUNCATED,
          subject,
          "the file is " + fileSize + " bytes, shorter than a qcow2 header",
          "" + fileSize);
    }
    long version = Bytes.be32(h, 4);
    if (version != 2 && version != 3) {
      throw new UnsafeImageException(
          Rule.QCOW2_VERSION, subject, "qcow2 version " + version + " is not 2 or 3", "" + version);
    }
    long backingOffset = Bytes.be64(h, 8);
    long backingSize = Bytes.be32(h, 16);
    if (backingOffset != 0) {
      String name = readBackingName(source, backingOffset, backingSize);
      throw new UnsafeImageException(
          Rule.QCOW2_BACKING_FILE,
          subject,
          "the image names the backing file "
              + PlainNames.quote(name)
              + "; qemu-img would read that file into the output",
          name);
    }
    long clusterBits = Bytes.be32(h, 20);
    if (clusterBits < 9 || clusterBits > 21) {
      throw new UnsafeImageException(
          Rule.QCOW2_HEADER,
          subject,
          "cluster_bits " + clusterBits + " is outside 9..21",
          "" + clusterBits);
    }
    long clusterSize = 1L << clusterBits;
    long virtualSize = Bytes.be64(h, 24);
    if (virtualSize < 0 || virtualSize > maxVirtualSize) {
      String value = Long.toUnsignedString(virtualSize);
      throw new UnsafeImageException(
          Rule.VIRTUAL_SIZE_LIMIT,
          subject,
          "the header claims a virtual size of "
              + value
              + " bytes, above the maximum of "
              + maxVirtualSize,
          value);
    }
    long cryptMethod = Bytes.be32(h, 32);
    if (cryptMethod != 0) {
      throw new UnsafeImageException(
          Rule.QCOW2_ENCRYPTED,
          subject,
          "the image is encrypted (crypt_method " + cryptMethod + ")",
          "" + cryptMethod);
    }
    long l1Size = Bytes.be32(h, 36);
    long l1Offset = Bytes.be64(h, 40);
    long refcountOffset = Bytes.be64(h, 48);
    long refcountClusters = Bytes.be32(h, 56);

    long incompatible = 0;
    long headerLength = 72;
    if (version == 3) {
      if (h.length < 104) {
        throw new UnsafeImageException(
            Rule.IMAGE_TRUNCATED, subject, "the qcow2 v3 header is cut short", "" + h.length);
      }
      incompatible = Bytes.be64(h, 72);
      headerLength = Bytes.be32(h, 100);
      if (headerLength < 104 || headerLength > clusterSize || headerLength % 8 != 0) {
        throw new UnsafeImageException(
            Rule.QCOW2_HEADER,
            subject,
            "header_length " + headerLength + " is invalid",
            "" + headerLength);
      }
      if ((incompatible & INCOMPAT_DATA_FILE) != 0) {
        throw new UnsafeImageException(
            Rule.QCOW2_DATA_FILE,
            subject,
            "the external data-file feature bit is set; qemu-img would read another host file",
            "incompatible_features=0x" + Long.toHexString(incompatible));
      }
      if ((incompatible & INCOMPAT_CORRUPT) != 0) {
        throw new UnsafeImageException(
            Rule.QCOW2_INCOMPATIBLE_FEATURES,
            subject,
            "the image is marked corrupt (incompatible feature bit 1)",
            "incompatible_features=0x" + Long.toHexString(incompatible));
      }
      long unknown = incompatible & ~INCOMPAT_KNOWN;
      if (unknown != 0) {
        throw new UnsafeImageException(
            Rule.QCOW2_INCOMPATIBLE_FEATURES,
            subject,
            "unknown incompatible feature bits 0x" + Long.toHexString(unknown) + " are set",
            "0x" + Long.toHexString(unknown));
      }
    }
    checkExtensions(source, headerLength, clusterSize);

    boolean extendedL2 = (incompatible & INCOMPAT_EXTENDED_L2) != 0;
    int l2EntryBytes = extendedL2 ? 16 : 8;
    long l2Entries = clusterSize / l2EntryBytes;
    long bytesPerL1 = clusterSize * l2Entries;
    long neededL1 = (virtualSize + bytesPerL1 - 1) / bytesPerL1;
    if (l1Size < neededL1 || l1Size * 8 > MAX_L1_BYTES) {
      throw new UnsafeImageException(
          Rule.QCOW2_HEADER,
          subject,
          "l1_size " + l1Size + " does not fit the virtual size (needs " + neededL1 + ")",
          "" + l1Size);
    }
    checkInside(subject, "the L1 table", l1Offset, l1Size * 8, fileSize);
    checkInside(
        subject, "the refcount table", refcountOffset, refcountClusters * clusterSize, fileSize);

    long allocated = 0;
    byte[] l1 = source.read(l1Offset, (int) (neededL1 * 8));
    int compressedBits = (int) (62 - (clusterBits - 8));
    long compressedMask = (1L << compressedBits) - 1;
    for (int i = 0; i < neededL1; i++) {
      long l2Offset = Bytes.be64(l1, i * 8) & OFFSET_MASK;
      if (l2Offset == 0) {
        continue;
      }
      checkInside(subject, "L2 table " + i, l2Offset, clusterSize, fileSize);
      byte[] l2 = source.read(l2Offset, (int) clusterSize);
      for (int j = 0; j < l2Entries; j++) {
        long entry = Bytes.be64(l2, j * l2EntryBytes);
        if ((entry & COMPRESSED) != 0) {
          long hostOffset = entry & compressedMask;
          checkInside(subject, "compressed cluster", hostOffset, 1, fileSize);
          allocated += clusterSize;
          continue;
        }
        long hostOffset = entry & OFFSET_MASK;
        boolean zero = (entry & 1L) != 0;
        if (hostOffset == 0 || zero) {
          continue;
        }
        long guestOffset = ((long) i * l2Entries + j) * clusterSize;
        if (hostOffset + clusterSize > fileSize) {
          throw new UnsafeImageException(
              Rule.IMAGE_TRUNCATED,
              subject,
              "the cluster for guest offset "
                  + guestOffset
                  + " lies at byte "
                  + hostOffset
                  + ", beyond the end of the file ("
                  + fileSize
                  + " bytes): the file is truncated",
              "" + hostOffset);
        }
        allocated += clusterSize;
      }
    }
    return new Qcow2Image((int) version, virtualSize, (int) clusterBits, incompatible, allocated);
  }

  private static void checkExtensions(ByteSource source, long start, long clusterSize)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    long end = Math.min(clusterSize, source.size());
    if (start >= end) {
      return;
    }
    byte[] area = source.read(start, (int) (end - start));
    int pos = 0;
    for (int count = 0; count < 1024 && pos + 8 <= area.length; count++) {
      long type = Bytes.be32(area, pos);
      long length = Bytes.be32(area, pos + 4);
      if (type == EXT_END) {
        return;
      }
      if (length > area.length - pos - 8) {
        throw new UnsafeImageException(
            Rule.QCOW2_HEADER,
            subject,
            "header extension 0x" + Long.toHexString(type) + " runs past the first cluster",
            "" + length);
      }
      if (type == EXT_DATA_FILE) {
        String name = new String(area, pos + 8, (int) length, StandardCharsets.UTF_8);
        throw new UnsafeImageException(
            Rule.QCOW2_DATA_FILE,
            subject,
            "the image names the external data file " + PlainNames.quote(name),
            name);
      }
      if (type == EXT_CRYPTO) {
        throw new UnsafeImageException(
            Rule.QCOW2_ENCRYPTED, subject, "the image carries an encryption header", "crypto");
      }
      pos += 8 + (int) ((length + 7) & ~7L);
    }
  }

  private static String readBackingName(ByteSource source, long offset, long size)
      throws IOException {
    int length = (int) Math.min(size, 1023);
    if (offset < 0 || offset >= source.size()) {
      return "(name at offset " + offset + ", outside the file)";
    }
    return new String(source.read(offset, length), StandardCharsets.UTF_8);
  }

  private static void checkInside(String subject, String what, long offset, long length, long size)
      throws UnsafeImageException {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw new UnsafeImageException(
          Rule.IMAGE_TRUNCATED,
          subject,
          what
              + " at byte "
              + offset
              + " ("
              + length
              + " bytes) lies beyond the end of the file ("
              + size
              + " bytes)",
          "" + offset);
    }
  }
}
