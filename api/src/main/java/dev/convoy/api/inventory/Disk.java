package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A virtual disk.
 *
 * @param key the device key, unique within the VM
 * @param capacityBytes the virtual size
 * @param datastore the name of the datastore holding the disk file
 * @param fileName the backing file, e.g. {@code [LocalDS_0] db01/db01.vmdk}, or the OVF file
 *     reference
 * @param backing what kind of backing the disk has
 * @param backingType the source's own name for the backing, e.g. {@code
 *     VirtualDiskFlatVer2BackingInfo}
 * @param rdmCompatibilityMode {@code physicalMode} or {@code virtualMode} for raw device mappings
 * @param diskMode vSphere's disk mode: {@code persistent}, {@code independent_persistent}, {@code
 *     independent_nonpersistent}, {@code nonpersistent}, ...
 * @param independent the disk mode is one of the independent modes (excluded from snapshots)
 * @param sharing {@code sharingNone} or {@code sharingMultiWriter}
 * @param unitNumber the unit on the controller
 * @param changeTrackingEnabled changed block tracking on this disk's backing, when known
 * @param uuid the backing's UUID, when the source gives one
 * @param source where the bytes of an OVA/OVF disk are, for disk conversion; null for vSphere
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Disk(
    Integer key,
    String label,
    Long capacityBytes,
    String datastore,
    String fileName,
    Backing backing,
    String backingType,
    String rdmCompatibilityMode,
    Provisioning provisioning,
    String diskMode,
    Boolean independent,
    String sharing,
    DiskController controller,
    Integer unitNumber,
    Boolean changeTrackingEnabled,
    String uuid,
    DiskSource source) {

  /** The kinds of disk backing. */
  public enum Backing {
    /** A flat VMDK on a datastore (the usual case). */
    @JsonProperty("flat")
    FLAT,
    /** A sparse VMDK (hosted formats, linked clones). */
    @JsonProperty("sparse")
    SPARSE,
    /** A space-efficient sparse VMDK. */
    @JsonProperty("seSparse")
    SE_SPARSE,
    /** A raw device mapping to a LUN. */
    @JsonProperty("rdm")
    RDM,
    /** A file outside a datastore, e.g. a disk of an OVA. */
    @JsonProperty("file")
    FILE,
    /** vVol, persistent memory or another backing Convoy does not model. */
    @JsonProperty("other")
    OTHER
  }

  /** How a disk's blocks are allocated. */
  public enum Provisioning {
    @JsonProperty("thin")
    THIN,
    @JsonProperty("thickLazyZeroed")
    THICK_LAZY_ZEROED,
    @JsonProperty("thickEagerZeroed")
    THICK_EAGER_ZEROED
  }

  /** A builder, because sources fill a disk field by field. */
  public static Builder builder() {
    return new Builder();
  }

  /** Fills a {@link Disk} one field at a time. */
  public static final class Builder {
    private Integer key;
    private String label;
    private Long capacityBytes;
    private String datastore;
    private String fileName;
    private Backing backing;
    private String backingType;
    private String rdmCompatibilityMode;
    private Provisioning provisioning;
    private String diskMode;
    private Boolean independent;
    private String sharing;
    private DiskController controller;
    private Integer unitNumber;
    private Boolean changeTrackingEnabled;
    private String uuid;
    private DiskSource source;

    private Builder() {}

    public Builder key(Integer v) {
      key = v;
      return this;
    }

    public Builder label(String v) {
      label = v;
      return this;
    }

    public Builder capacityBytes(Long v) {
      capacityBytes = v;
      return this;
    }

    public Builder datastore(String v) {
      datastore = v;
      return this;
    }

    public Builder fileName(String v) {
      fileName = v;
      return this;
    }

    public Builder backing(Backing v) {
      backing = v;
      return this;
    }

    public Builder backingType(String v) {
      backingType = v;
      return this;
    }

    public Builder rdmCompatibilityMode(String v) {
      rdmCompatibilityMode = v;
      return this;
    }

    public Builder provisioning(Provisioning v) {
      provisioning = v;
      return this;
    }

    /** Also sets {@code independent} from the mode's name. */
    public Builder diskMode(String v) {
      diskMode = v;
      independent = v == null ? null : v.startsWith("independent");
      return this;
    }

    public Builder sharing(String v) {
      sharing = v;
      return this;
    }

    public Builder controller(DiskController v) {
      controller = v;
      return this;
    }

    public Builder unitNumber(Integer v) {
      unitNumber = v;
      return this;
    }

    public Builder changeTrackingEnabled(Boolean v) {
      changeTrackingEnabled = v;
      return this;
    }

    public Builder uuid(String v) {
      uuid = v;
      return this;
    }

    public Builder source(DiskSource v) {
      source = v;
      return this;
    }

    public Disk build() {
      return new Disk(
          key,
          label,
          capacityBytes,
          datastore,
          fileName,
          backing,
          backingType,
          rdmCompatibilityMode,
          provisioning,
          diskMode,
          independent,
          sharing,
          controller,
          unitNumber,
          changeTrackingEnabled,
          uuid,
          source);
    }
  }
}
