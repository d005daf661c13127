package dev.convoy.disk;

import java.util.List;
import java.util.Optional;

/**
 * What {@link DiskInspector} found: the image passed every rule listed in {@link #rulesChecked()}
 * and qemu-img info agreed with Convoy's own parse.
 *
 * @param source the source, without secrets
 * @param format the image format
 * @param createType the VMDK create type, for VMDKs
 * @param virtualSize guest-visible size in bytes
 * @param allocatedBytes data bytes the image's metadata points to (the file size for raw)
 * @param extents for descriptor VMDKs: each extent's type, sectors and resolved file
 * @param ova for OVA members: the archive's descriptor, manifest and verified files
 * @param rulesChecked the ids of the rules the image passed
 */
public record InspectionReport(
    String source,
    ImageFormat format,
    Optional<String> createType,
    long virtualSize,
    long allocatedBytes,
    List<Extent> extents,
    Optional<Ova> ova,
    List<String> rulesChecked) {
  public InspectionReport {
    extents = List.copyOf(extents);
    rulesChecked = List.copyOf(rulesChecked);
  }

  /** A descriptor extent. {@code file} is empty for ZERO extents. */
  public record Extent(String type, long sectors, long offsetSectors, Optional<String> file) {}

  /**
   * The OVA a member came from.
   *
   * @param member the tar member converted
   * @param diskId its OVF disk id
   * @param manifest the .mf member, if any
   * @param verifiedFiles the members whose .mf checksums matched
   */
  public record Ova(
      String ovf,
      String member,
      String diskId,
      Optional<String> manifest,
      List<String> verifiedFiles) {
    public Ova {
      verifiedFiles = List.copyOf(verifiedFiles);
    }
  }
}
