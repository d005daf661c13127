package dev.convoy.disk.image;

import dev.convoy.disk.ImageFormat;
import dev.convoy.disk.VmdkCreateType;
import java.util.List;
import java.util.Optional;

/** An image that passed Convoy's own header checks, by kind. */
public sealed interface InspectedImage {
  ImageFormat format();

  /** The guest-visible size in bytes (what qemu-img info reports as virtual-size). */
  long virtualSize();

  /** The VMDK create type, for VMDK images. */
  Optional<VmdkCreateType> createType();

  /** Bytes of allocated data the metadata points to; the file size for raw images. */
  long allocatedBytes();

  /** A raw image: every byte is guest data. Its virtual size is the file size rounded up to 512. */
  record Raw(long fileSize) implements InspectedImage {
    @Override
    public ImageFormat format() {
      return ImageFormat.RAW;
    }

    @Override
    public long virtualSize() {
      return (fileSize + 511) / 512 * 512;
    }

    @Override
    public Optional<VmdkCreateType> createType() {
      return Optional.empty();
    }

    @Override
    public long allocatedBytes() {
      return fileSize;
    }
  }

  /** A qcow2 image without backing file, data file or encryption. */
  record Qcow2(Qcow2Inspector.Qcow2Image image) implements InspectedImage {
    @Override
    public ImageFormat format() {
      return ImageFormat.QCOW2;
    }

    @Override
    public long virtualSize() {
      return image.virtualSize();
    }

    @Override
    public Optional<VmdkCreateType> createType() {
      return Optional.empty();
    }

    @Override
    public long allocatedBytes() {
      return image.allocatedBytes();
    }
  }

  /** A monolithicSparse or streamOptimized VMDK: one file with an embedded descriptor. */
  record SparseVmdk(VmdkSparseInspector.SparseVmdk image) implements InspectedImage {
    @Override
    public ImageFormat format() {
      return ImageFormat.VMDK;
    }

    @Override
    public long virtualSize() {
      return image.virtualSize();
    }

    @Override
    public Optional<VmdkCreateType> createType() {
      return image.createType();
    }

    @Override
    public long allocatedBytes() {
      return image.allocatedBytes();
    }
  }

  /**
   * A VMDK descriptor file and its validated extents (monolithicFlat, twoGbMaxExtent*, vmfs).
   *
   * @param extents the extents in descriptor order, ZERO extents included
   */
  record DescriptorVmdk(
      VmdkCreateType type, VmdkDescriptor descriptor, List<ResolvedExtent> extents, long allocated)
      implements InspectedImage {
    public DescriptorVmdk {
      extents = List.copyOf(extents);
    }

    @Override
    public ImageFormat format() {
      return ImageFormat.VMDK;
    }

    @Override
    public long virtualSize() {
      return descriptor.totalSectors() * 512;
    }

    @Override
    public Optional<VmdkCreateType> createType() {
      return Optional.of(type);
    }

    @Override
    public long allocatedBytes() {
      return allocated;
    }
  }

  /**
   * An extent whose file was found and checked.
   *
   * @param location the absolute path or URL of the extent's file; empty for ZERO extents
   * @param fileSize the file's size in bytes (0 for ZERO extents)
   */
  record ResolvedExtent(VmdkExtent extent, Optional<String> location, long fileSize) {}
}
