package dev.convoy.disk;

import java.util.Optional;
import java.util.Set;

/**
 * The VMDK create types on Convoy's allow-list, with the extent types each may use. Everything else
 * (vmfsSparse, seSparse, vmfsRDM, custom, ...) is refused under {@link Rule#VMDK_CREATE_TYPE}.
 */
public enum VmdkCreateType {
  MONOLITHIC_SPARSE("monolithicSparse", true, Set.of("SPARSE")),
  STREAM_OPTIMIZED("streamOptimized", true, Set.of("SPARSE")),
  MONOLITHIC_FLAT("monolithicFlat", false, Set.of("FLAT", "ZERO")),
  TWO_GB_MAX_EXTENT_SPARSE("twoGbMaxExtentSparse", false, Set.of("SPARSE", "ZERO")),
  TWO_GB_MAX_EXTENT_FLAT("twoGbMaxExtentFlat", false, Set.of("FLAT", "ZERO")),
  /** An ESXi datastore disk: a descriptor plus one {@code -flat.vmdk} extent of type VMFS. */
  VMFS("vmfs", false, Set.of("VMFS", "ZERO"));

  private final String descriptorName;
  private final boolean embedded;
  private final Set<String> extentTypes;

  VmdkCreateType(String descriptorName, boolean embedded, Set<String> extentTypes) {
    this.descriptorName = descriptorName;
    this.embedded = embedded;
    this.extentTypes = extentTypes;
  }

  /** The {@code createType} value as written in a descriptor. */
  public String descriptorName() {
    return descriptorName;
  }

  /** True if the descriptor is embedded in a sparse file; false for a separate descriptor file. */
  public boolean embedded() {
    return embedded;
  }

  /** The extent types a descriptor of this create type may list. */
  public Set<String> extentTypes() {
    return extentTypes;
  }

  /** Finds the create type with this exact descriptor name. */
  public static Optional<VmdkCreateType> fromDescriptorName(String name) {
    for (VmdkCreateType type : values()) {
      if (type.descriptorName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
