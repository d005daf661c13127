package dev.convoy.disk.image;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.VmdkCreateType;
import java.io.IOException;
import java.util.Optional;

/**
 * Checks a hosted sparse VMDK ({@code KDMV}: monolithicSparse, streamOptimized, or one extent of a
 * twoGbMaxExtentSparse disk) before qemu opens it: header fields, the embedded descriptor, the
 * streamOptimized footer, and that every grain table and grain lies inside the file.
 */
public final class VmdkSparseInspector {
  private static final int SECTOR = 512;
  private static final int MARKER_EOS = 0;
  private static final int MARKER_FOOTER = 3;

  /** What the inspection found. */
  public record SparseVmdk(
      VmdkSparseHeader header,
      Optional<VmdkCreateType> createType,
      long virtualSize,
      long allocatedBytes) {}

  private VmdkSparseInspector() {}

  /**
   * Inspects a sparse VMDK.
   *
   * @param topLevel true for a monolithicSparse/streamOptimized image (its embedded descriptor is
   *     required and decides the create type); false for an extent of a descriptor VMDK
   */
  public static SparseVmdk inspect(ByteSource source, long maxVirtualSize, boolean topLevel)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    long fileSize = source.size();
    byte[] head = source.read(0, SECTOR);
    if (head.length < SECTOR) {
      throw new UnsafeImageException(
          Rule.IMAGE_TRUNCATED,
          subject,
          "the file is " + fileSize + " bytes, shorter than the 512-byte VMDK header",
          "" + fileSize);
    }
    if (!Bytes.startsWith(head, 0, VmdkSparseHeader.MAGIC)) {
      throw new UnsafeImageException(
          Rule.VMDK_HEADER, subject, "the file does not start with the VMDK magic KDMV", "magic");
    }
    VmdkSparseHeader header = VmdkSparseHeader.parse(head, 0);
    checkHeaderFields(subject, header);
    if (header.capacity() > maxVirtualSize / SECTOR) {
      throw virtualSizeLimit(subject, header.capacity(), maxVirtualSize);
    }
    long virtualSize = header.capacity() * SECTOR;

    Optional<VmdkCreateType> createType = Optional.empty();
    Optional<VmdkDescriptor> descriptor = readEmbeddedDescriptor(source, header);
    if (topLevel) {
      VmdkDescriptor embedded =
          descriptor.orElseThrow(
              () ->
                  new UnsafeImageException(
                      Rule.VMDK_DESCRIPTOR,
                      subject,
                      "the sparse VMDK has no embedded descriptor (is it one extent of a"
                          + " twoGbMaxExtentSparse disk? convert its descriptor file instead)",
                      "descriptorOffset=" + header.descriptorOffset()));
      VmdkCreateType type = VmdkDescriptorRules.check(subject, embedded, true);
      long extentSectors = embedded.extents().get(0).sectors();
      if (extentSectors != header.capacity()) {
        throw new UnsafeImageException(
            Rule.VMDK_EXTENT_SIZE,
            subject,
            "the embedded descriptor declares "
                + extentSectors
                + " sectors but the header's capacity is "
                + header.capacity(),
            "" + extentSectors);
      }
      boolean streamFlags = header.compressed() && header.markers();
      if ((type == VmdkCreateType.STREAM_OPTIMIZED) != streamFlags) {
        throw new UnsafeImageException(
            Rule.VMDK_HEADER,
            subject,
            "createType "
                + type.descriptorName()
                + " disagrees with the header flags 0x"
                + Long.toHexString(header.flags())
                + " (compressed grains with markers are streamOptimized and only that)",
            "0x" + Long.toHexString(header.flags()));
      }
      createType = Optional.of(type);
    } else if (descriptor.isPresent()) {
      VmdkDescriptor extentDescriptor = descriptor.get();
      if (extentDescriptor.get("parentFileNameHint").isPresent()
          || !extentDescriptor.get("parentCID").orElse("ffffffff").equalsIgnoreCase("ffffffff")) {
        throw new UnsafeImageException(
            Rule.VMDK_PARENT,
            subject,
            "the extent's embedded descriptor names a parent disk",
            extentDescriptor.get("parentFileNameHint").orElse("parentCID"));
      }
    }

    long gdOffset = header.gdOffset();
    if (gdOffset == VmdkSparseHeader.GD_AT_END) {
      gdOffset = checkFooter(source, header);
    }
    long allocated = walkGrainDirectory(source, header, gdOffset);
    return new SparseVmdk(header, createType, virtualSize, allocated);
  }

  private static void checkHeaderFields(String subject, VmdkSparseHeader h)
      throws UnsafeImageException {
    if (h.version() < 1 || h.version() > 3) {
      throw headerProblem(subject, "version " + h.version() + " is not 1, 2 or 3", h.version());
    }
    if ((h.flags() & VmdkSparseHeader.FLAG_NEWLINE_TEST) != 0
        && (h.singleEndLineChar() != '\n'
            || h.nonEndLineChar() != ' '
            || h.doubleEndLineChar1() != '\r'
            || h.doubleEndLineChar2() != '\n')) {
      throw headerProblem(
          subject,
          "the newline detection bytes are damaged (was the file transferred in text mode?)",
          h.singleEndLineChar());
    }
    long grain = h.grainSize();
    if (grain < 1 || grain > 2048 || Long.bitCount(grain) != 1) {
      throw headerProblem(
          subject,
          "grainSize " + grain + " is not a power of two between 1 and 2048 sectors",
          grain);
    }
    if (h.numGtesPerGt() != 512) {
      throw headerProblem(
          subject, "numGTEsPerGT " + h.numGtesPerGt() + " is not 512", h.numGtesPerGt());
    }
    if (h.compressed() && h.compressAlgorithm() != 1) {
      throw headerProblem(
          subject,
          "compressed grains need compressAlgorithm 1 (deflate), found " + h.compressAlgorithm(),
          h.compressAlgorithm());
    }
    if (!h.compressed() && h.compressAlgorithm() != 0) {
      throw headerProblem(
          subject,
          "compressAlgorithm " + h.compressAlgorithm() + " is set without the compressed flag",
          h.compressAlgorithm());
    }
  }

  private static Optional<VmdkDescriptor> readEmbeddedDescriptor(
      ByteSource source, VmdkSparseHeader h) throws IOException, UnsafeImageException {
    String subject = source.describe();
    if (h.descriptorOffset() == 0 || h.descriptorSize() == 0) {
      return Optional.empty();
    }
    if (h.descriptorSize() > (VmdkDescriptorParser.MAX_BYTES + 1L) / SECTOR) {
      throw headerProblem(
          subject,
          "the embedded descriptor is " + h.descriptorSize() + " sectors, more than 1 MiB",
          h.descriptorSize());
    }
    long start = Bytes.multiplyOrMinusOne(h.descriptorOffset(), SECTOR);
    long length = h.descriptorSize() * SECTOR;
    if (start < 0 || start + length > source.size()) {
      throw new UnsafeImageException(
          Rule.IMAGE_TRUNCATED,
          subject,
          "the embedded descriptor at sector "
              + h.descriptorOffset()
              + " lies beyond the end of the file ("
              + source.size()
              + " bytes)",
          "" + h.descriptorOffset());
    }
    byte[] text = source.read(start, (int) length);
    if (text.length == 0 || text[0] == 0) {
      return Optional.empty();
    }
    return Optional.of(VmdkDescriptorParser.parse(subject, text));
  }

  /** Checks the footer marker, footer header and end-of-stream marker; returns the gdOffset. */
  private static long checkFooter(ByteSource source, VmdkSparseHeader header)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    long size = source.size();
    if (!header.markers() || !header.compressed()) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER,
          subject,
          "gdOffset says 'grain directory at end' but the image is not streamOptimized",
          "gdOffset=GD_AT_END");
    }
    if (size < 4L * SECTOR) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER,
          subject,
          "the file is too short (" + size + " bytes) to hold a footer; it is truncated",
          "" + size);
    }
    byte[] tail = source.read(size - 3L * SECTOR, 3 * SECTOR);
    long footerMarkerType = Bytes.le32(tail, 12);
    if (footerMarkerType != MARKER_FOOTER) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER,
          subject,
          "no footer marker 1536 bytes before the end (marker type "
              + footerMarkerType
              + "); the file is truncated or damaged",
          "" + footerMarkerType);
    }
    if (!Bytes.startsWith(tail, SECTOR, VmdkSparseHeader.MAGIC)) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER, subject, "the footer does not start with KDMV", "footer magic");
    }
    VmdkSparseHeader footer = VmdkSparseHeader.parse(tail, SECTOR);
    if (footer.version() != header.version()
        || footer.capacity() != header.capacity()
        || footer.grainSize() != header.grainSize()
        || footer.numGtesPerGt() != header.numGtesPerGt()
        || footer.flags() != header.flags()
        || footer.descriptorOffset() != header.descriptorOffset()
        || footer.descriptorSize() != header.descriptorSize()) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER,
          subject,
          "the footer disagrees with the header (footer capacity "
              + footer.capacity()
              + ", header capacity "
              + header.capacity()
              + ")",
          "" + footer.capacity());
    }
    if (footer.gdOffset() == VmdkSparseHeader.GD_AT_END) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER,
          subject,
          "the footer's gdOffset is again 'at end'",
          "gdOffset=GD_AT_END");
    }
    long eosValue = Bytes.le64(tail, 2 * SECTOR);
    long eosSize = Bytes.le32(tail, 2 * SECTOR + 8);
    long eosType = Bytes.le32(tail, 2 * SECTOR + 12);
    if (eosValue != 0 || eosSize != 0 || eosType != MARKER_EOS) {
      throw new UnsafeImageException(
          Rule.VMDK_FOOTER,
          subject,
          "the last sector is not an end-of-stream marker; the file is truncated or damaged",
          "type " + eosType);
    }
    return footer.gdOffset();
  }

  /** Checks grain tables and grains lie inside the file; returns the allocated bytes. */
  private static long walkGrainDirectory(ByteSource source, VmdkSparseHeader h, long gdOffset)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    long fileSize = source.size();
    long grainBytes = h.grainSize() * SECTOR;
    long sectorsPerTable = h.numGtesPerGt() * h.grainSize();
    long tables = (h.capacity() + sectorsPerTable - 1) / sectorsPerTable;
    long gdStart = Bytes.multiplyOrMinusOne(gdOffset, SECTOR);
    long gdBytes = tables * 4;
    if (gdStart <= 0 || gdBytes > Integer.MAX_VALUE || gdStart + gdBytes > fileSize) {
      throw new UnsafeImageException(
          Rule.IMAGE_TRUNCATED,
          subject,
          "the grain directory at sector "
              + gdOffset
              + " ("
              + gdBytes
              + " bytes) lies beyond the end of the file ("
              + fileSize
              + " bytes)",
          "" + gdOffset);
    }
    byte[] gd = source.read(gdStart, (int) gdBytes);
    int tableBytes = (int) (h.numGtesPerGt() * 4);
    boolean zeroGrain = (h.flags() & VmdkSparseHeader.FLAG_ZERO_GRAIN) != 0;
    long allocated = 0;
    for (long t = 0; t < tables; t++) {
      long gtSector = Bytes.le32(gd, (int) (t * 4));
      if (gtSector == 0) {
        continue;
      }
      long gtStart = gtSector * SECTOR;
      if (gtStart + tableBytes > fileSize) {
        throw new UnsafeImageException(
            Rule.IMAGE_TRUNCATED,
            subject,
            "grain table " + t + " at sector " + gtSector + " lies beyond the end of the file",
            "" + gtSector);
      }
      byte[] gt = source.read(gtStart, tableBytes);
      for (int e = 0; e < h.numGtesPerGt(); e++) {
        long grainSector = Bytes.le32(gt, e * 4);
        if (grainSector == 0 || (zeroGrain && grainSector == 1)) {
          continue;
        }
        long grainStart = grainSector * SECTOR;
        long needed = h.compressed() ? 12 : grainBytes;
        if (grainStart + needed > fileSize) {
          long guestOffset = (t * h.numGtesPerGt() + e) * grainBytes;
          throw new UnsafeImageException(
              Rule.IMAGE_TRUNCATED,
              subject,
              "the grain for guest offset "
                  + guestOffset
                  + " lies at byte "
                  + grainStart
                  + ", beyond the end of the file ("
                  + fileSize
                  + " bytes): the file is truncated",
              "" + grainStart);
        }
        allocated += grainBytes;
      }
    }
    return allocated;
  }

  static UnsafeImageException virtualSizeLimit(String subject, long sectors, long max) {
    String size =
        java.math.BigInteger.valueOf(sectors)
            .multiply(java.math.BigInteger.valueOf(SECTOR))
            .toString();
    return new UnsafeImageException(
        Rule.VIRTUAL_SIZE_LIMIT,
        subject,
        "the header claims a virtual size of " + size + " bytes, above the maximum of " + max,
        size);
  }

  private static UnsafeImageException headerProblem(String subject, String problem, long value) {
    return new UnsafeImageException(Rule.VMDK_HEADER, subject, problem, "" + value);
  }
}
