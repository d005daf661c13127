package dev.convoy.disk.image;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.VmdkCreateType;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a parsed descriptor must pass: allowed create type, no parent, extents of the types the
 * create type allows, plain extent names. Pure: the files the extents name are checked by the
 * caller ({@link DescriptorExtents}).
 */
public final class VmdkDescriptorRules {
  private static final String NO_PARENT = "ffffffff";

  private VmdkDescriptorRules() {}

  /**
   * Checks a descriptor and returns its create type.
   *
   * @param embedded true for the descriptor inside a sparse file, false for a descriptor file
   */
  public static VmdkCreateType check(String subject, VmdkDescriptor descriptor, boolean embedded)
      throws UnsafeImageException {
    Optional<String> version = descriptor.get("version");
    if (version.isPresent() && !Set.of("1", "2", "3").contains(version.get())) {
      throw new UnsafeImageException(
          Rule.VMDK_DESCRIPTOR,
          subject,
          "descriptor version " + PlainNames.quote(version.get()) + " is not 1, 2 or 3",
          version.get());
    }
    String createTypeName =
        descriptor
            .get("createType")
            .orElseThrow(
                () ->
                    new UnsafeImageException(
                        Rule.VMDK_CREATE_TYPE, subject, "the descriptor has no createType", ""));
    VmdkCreateType createType =
        VmdkCreateType.fromDescriptorName(createTypeName)
            .orElseThrow(
                () ->
                    new UnsafeImageException(
                        Rule.VMDK_CREATE_TYPE,
                        subject,
                        "createType "
                            + PlainNames.quote(createTypeName)
                            + " is not on the allow-list "
                            + allowList(),
                        createTypeName));
    if (createType.embedded() != embedded) {
      throw new UnsafeImageException(
          Rule.VMDK_CREATE_TYPE,
          subject,
          "createType "
              + createTypeName
              + (embedded
                  ? " belongs in a separate descriptor file, not inside a sparse extent"
                  : " must be embedded in a sparse VMDK file, not a separate descriptor"),
          createTypeName);
    }
    Optional<String> parentCid = descriptor.get("parentCID");
    if (parentCid.isPresent() && !parentCid.get().toLowerCase(Locale.ROOT).equals(NO_PARENT)) {
      throw new UnsafeImageException(
          Rule.VMDK_PARENT,
          subject,
          "parentCID="
              + parentCid.get()
              + " names a parent disk (a snapshot chain); only ffffffff is accepted",
          parentCid.get());
    }
    Optional<String> parentHint = descriptor.get("parentFileNameHint");
    if (parentHint.isPresent()) {
      throw new UnsafeImageException(
          Rule.VMDK_PARENT,
          subject,
          "parentFileNameHint="
              + PlainNames.quote(parentHint.get())
              + " names a parent disk that qemu would read",
          parentHint.get());
    }
    if (descriptor.extents().isEmpty()) {
      throw new UnsafeImageException(
          Rule.VMDK_DESCRIPTOR, subject, "the descriptor lists no extents", "");
    }
    if (embedded && descriptor.extents().size() != 1) {
      throw new UnsafeImageException(
          Rule.VMDK_DESCRIPTOR,
          subject,
          "an embedded descriptor must list exactly one extent, found "
              + descriptor.extents().size(),
          "" + descriptor.extents().size());
    }
    Set<String> names = new HashSet<>();
    for (VmdkExtent extent : descriptor.extents()) {
      String where = "extent on line " + extent.line();
      if (!createType.extentTypes().contains(extent.type())) {
        throw new UnsafeImageException(
            Rule.VMDK_EXTENT_TYPE,
            subject,
            where
                + " has type "
                + extent.type()
                + "; createType "
                + createTypeName
                + " allows only "
                + createType.extentTypes(),
            extent.type());
      }
      if (extent.access().equals("NOACCESS")) {
        throw new UnsafeImageException(
            Rule.VMDK_EXTENT_TYPE,
            subject,
            where + " is NOACCESS; only RW and RDONLY extents are accepted",
            extent.access());
      }
      if (extent.sectors() <= 0) {
        throw new UnsafeImageException(
            Rule.VMDK_EXTENT_SIZE, subject, where + " has no sectors", "" + extent.sectors());
      }
      boolean zero = extent.type().equals("ZERO");
      if (zero) {
        if (extent.fileName().isPresent()) {
          throw new UnsafeImageException(
              Rule.VMDK_DESCRIPTOR,
              subject,
              where + " is a ZERO extent but names a file",
              extent.fileName().get());
        }
        continue;
      }
      String name =
          extent
              .fileName()
              .orElseThrow(
                  () ->
                      new UnsafeImageException(
                          Rule.VMDK_DESCRIPTOR, subject, where + " names no file", ""));
      Optional<String> problem = PlainNames.problem(name);
      if (problem.isPresent()) {
        throw new UnsafeImageException(
            Rule.VMDK_EXTENT_NAME,
            subject,
            where
                + " names "
                + PlainNames.quote(name)
                + ", which "
                + problem.get()
                + "; extents must be plain file names beside the descriptor",
            name);
      }
      boolean flat = extent.type().equals("FLAT") || extent.type().equals("VMFS");
      if (!flat && extent.offsetSectors() != 0) {
        throw new UnsafeImageException(
            Rule.VMDK_DESCRIPTOR,
            subject,
            where + " is a " + extent.type() + " extent with an offset",
            "" + extent.offsetSectors());
      }
      if (!embedded && !names.add(name)) {
        throw new UnsafeImageException(
            Rule.VMDK_EXTENT_NAME,
            subject,
            where + " names " + PlainNames.quote(name) + " a second time",
            name);
      }
    }
    try {
      descriptor.totalSectors();
    } catch (ArithmeticException e) {
      throw new UnsafeImageException(
          Rule.VIRTUAL_SIZE_LIMIT, subject, "the extents' sectors overflow 64 bits", "overflow");
    }
    return createType;
  }

  private static String allowList() {
    StringBuilder sb = new StringBuilder("(");
    for (VmdkCreateType type : VmdkCreateType.values()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(type.descriptorName());
    }
    return sb.append(')').toString();
  }
}
