package dev.convoy.disk.image;

import dev.convoy.disk.ImageFormat;
import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.VmdkCreateType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Convoy's own inspection of an untrusted image, run before any qemu-img call: detect the format
 * from the header, require it to equal the declared one, and apply the format's rules.
 */
public final class ImageInspector {
  private ImageInspector() {}

  /**
   * Inspects an image.
   *
   * @param declared the format the user or the OVF declared; empty to accept the detected one
   * @param extents resolves descriptor extents; empty where descriptors are not allowed (OVA
   *     members)
   * @param maxVirtualSize the configured maximum virtual size in bytes
   */
  public static InspectedImage inspect(
      ByteSource source,
      Optional<ImageFormat> declared,
      Optional<ExtentResolver> extents,
      long maxVirtualSize)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    if (source.size() == 0) {
      throw new UnsafeImageException(Rule.IMAGE_TRUNCATED, subject, "the image is empty", "0");
    }
    byte[] head = source.read(0, FormatSniffer.HEAD_BYTES);
    FormatSniffer.Sniffed sniffed = FormatSniffer.sniff(head);
    ImageFormat detected =
        switch (sniffed.kind()) {
          case RAW -> ImageFormat.RAW;
          case QCOW2 -> ImageFormat.QCOW2;
          case VMDK_SPARSE, VMDK_DESCRIPTOR -> ImageFormat.VMDK;
          case NOT_ALLOWED ->
              throw new UnsafeImageException(
                  Rule.FORMAT_NOT_ALLOWED,
                  subject,
                  "the header is "
                      + sniffed.name()
                      + ", which is not on the allow-list (raw,"
                      + " qcow2, vmdk)",
                  sniffed.name());
        };
    if (declared.isPresent() && declared.get() != detected) {
      throw new UnsafeImageException(
          Rule.FORMAT_MISMATCH,
          subject,
          "declared as " + declared.get().qemuName() + " but the header is " + sniffed.name(),
          sniffed.name());
    }
    return switch (sniffed.kind()) {
      case RAW -> {
        if (source.size() > maxVirtualSize) {
          throw new UnsafeImageException(
              Rule.VIRTUAL_SIZE_LIMIT,
              subject,
              "the raw image is "
                  + source.size()
                  + " bytes, above the maximum of "
                  + maxVirtualSize,
              "" + source.size());
        }
        yield new InspectedImage.Raw(source.size());
      }
      case QCOW2 -> new InspectedImage.Qcow2(Qcow2Inspector.inspect(source, maxVirtualSize));
      case VMDK_SPARSE ->
          new InspectedImage.SparseVmdk(VmdkSparseInspector.inspect(source, maxVirtualSize, true));
      case VMDK_DESCRIPTOR -> inspectDescriptor(source, extents, maxVirtualSize);
      case NOT_ALLOWED -> throw new AssertionError();
    };
  }

  private static InspectedImage inspectDescriptor(
      ByteSource source, Optional<ExtentResolver> resolver, long maxVirtualSize)
      throws IOException, UnsafeImageException {
    String subject = source.describe();
    if (source.size() > VmdkDescriptorParser.MAX_BYTES) {
      throw new UnsafeImageException(
          Rule.VMDK_DESCRIPTOR,
          subject,
          "a descriptor file of " + source.size() + " bytes is larger than 1 MiB",
          "" + source.size());
    }
    VmdkDescriptor descriptor =
        VmdkDescriptorParser.parse(subject, source.read(0, (int) source.size()));
    VmdkCreateType type = VmdkDescriptorRules.check(subject, descriptor, false);
    if (resolver.isEmpty()) {
      throw new UnsafeImageException(
          Rule.VMDK_CREATE_TYPE,
          subject,
          "a "
              + type.descriptorName()
              + " descriptor is not accepted here (its extents are"
              + " separate files)",
          type.descriptorName());
    }
    if (descriptor.totalSectors() > maxVirtualSize / 512) {
      throw VmdkSparseInspector.virtualSizeLimit(
          subject, descriptor.totalSectors(), maxVirtualSize);
    }
    List<InspectedImage.ResolvedExtent> resolved = new ArrayList<>();
    long allocated = 0;
    for (VmdkExtent extent : descriptor.extents()) {
      if (extent.type().equals("ZERO")) {
        resolved.add(new InspectedImage.ResolvedExtent(extent, Optional.empty(), 0));
        continue;
      }
      InspectedImage.ResolvedExtent file = resolver.get().resolve(extent);
      String where = "extent on line " + extent.line() + " (" + file.location().orElse("") + ")";
      if (extent.type().equals("SPARSE")) {
        try (ByteSource extentSource = resolver.get().open(file)) {
          VmdkSparseInspector.SparseVmdk sparse =
              VmdkSparseInspector.inspect(extentSource, maxVirtualSize, false);
          if (sparse.header().capacity() != extent.sectors()) {
            throw new UnsafeImageException(
                Rule.VMDK_EXTENT_SIZE,
                subject,
                where
                    + " declares "
                    + extent.sectors()
                    + " sectors but its header holds "
                    + sparse.header().capacity(),
                "" + sparse.header().capacity());
          }
          allocated += sparse.allocatedBytes();
        }
      } else {
        long needed =
            Math.multiplyExact(Math.addExact(extent.offsetSectors(), extent.sectors()), 512L);
        if (file.fileSize() < needed) {
          throw new UnsafeImageException(
              Rule.VMDK_EXTENT_SIZE,
              subject,
              where
                  + " needs "
                  + needed
                  + " bytes (offset "
                  + extent.offsetSectors()
                  + " + "
                  + extent.sectors()
                  + " sectors) but the file holds "
                  + file.fileSize()
                  + ": it is truncated",
              "" + file.fileSize());
        }
        allocated += extent.sectors() * 512;
      }
      resolved.add(file);
    }
    return new InspectedImage.DescriptorVmdk(type, descriptor, resolved, allocated);
  }
}
