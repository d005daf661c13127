package dev.convoy.disk;

/**
 * The safety rules an untrusted disk image must pass before qemu-img opens it. Each refusal names
 * one rule by its stable {@link #id()}, which users can search for in {@code docs/disk-convert.md}.
 */
public enum Rule {
  FORMAT_NOT_ALLOWED("format.not-allowed", "only raw, qcow2 and vmdk images are accepted"),
  FORMAT_MISMATCH(
      "format.mismatch", "the declared format must equal the format found in the header"),
  IMAGE_TRUNCATED(
      "image.truncated", "every structure the image points to must lie inside the file"),
  VIRTUAL_SIZE_LIMIT(
      "virtual-size.limit", "the virtual size must not exceed the configured maximum"),
  TARGET_CAPACITY("target.capacity", "the virtual size must fit the target's capacity"),
  TARGET_SPACE("target.space", "the target filesystem must have room for the converted image"),
  QCOW2_HEADER("qcow2.header", "the qcow2 header fields must be well-formed"),
  QCOW2_VERSION("qcow2.version", "qcow2 version must be 2 or 3"),
  QCOW2_BACKING_FILE("qcow2.backing-file", "qcow2 images must not name a backing file"),
  QCOW2_DATA_FILE("qcow2.data-file", "qcow2 images must not use an external data file"),
  QCOW2_INCOMPATIBLE_FEATURES(
      "qcow2.incompatible-features", "qcow2 images must not set corrupt or unknown feature bits"),
  QCOW2_ENCRYPTED("qcow2.encrypted", "encrypted qcow2 images are not accepted"),
  VMDK_HEADER("vmdk.header", "the VMDK sparse header fields must be well-formed"),
  VMDK_FOOTER("vmdk.footer", "a streamOptimized footer must be present and agree with the header"),
  VMDK_CREATE_TYPE("vmdk.create-type", "the VMDK create type must be on the allow-list"),
  VMDK_PARENT("vmdk.parent", "VMDKs must not have a parent (parentCID/parentFileNameHint)"),
  VMDK_DESCRIPTOR("vmdk.descriptor", "the VMDK descriptor must follow the descriptor grammar"),
  VMDK_EXTENT_TYPE("vmdk.extent-type", "extent types must match the create type"),
  VMDK_EXTENT_NAME("vmdk.extent-name", "extent names must be plain file names"),
  VMDK_EXTENT_FILE(
      "vmdk.extent-file", "extents must be regular files (no links) beside the descriptor"),
  VMDK_EXTENT_SIZE(
      "vmdk.extent-size", "extent files must hold the sectors the descriptor declares"),
  OVA_MEMBER_TYPE("ova.member-type", "OVA members must be regular files (no links or devices)"),
  OVA_MEMBER_NAME("ova.member-name", "OVA member names must be plain file names"),
  OVA_DUPLICATE_MEMBER("ova.duplicate-member", "OVA member names must be unique"),
  OVA_LIMIT("ova.limit", "the OVA must stay within the member count and size limits"),
  OVA_OVF("ova.ovf", "the OVA must hold exactly one valid OVF descriptor"),
  OVA_REFERENCE("ova.reference", "OVF file references must be plain names present in the OVA"),
  OVA_MANIFEST(
      "ova.manifest", "the .mf manifest must be well-formed and cover every referenced file"),
  OVA_CHECKSUM("ova.checksum", "every file must match its .mf checksum"),
  HTTP_SOURCE("http.source", "HTTP sources must support byte ranges and report their length"),
  QEMU_INFO_MISMATCH(
      "qemu-info.mismatch", "qemu-img info must agree with what Convoy's own parser found");

  private final String id;
  private final String summary;

  Rule(String id, String summary) {
    this.id = id;
    this.summary = summary;
  }

  /** The stable identifier printed in every refusal, e.g. {@code qcow2.backing-file}. */
  public String id() {
    return id;
  }

  /** One sentence saying what the rule requires. */
  public String summary() {
    return summary;
  }
}
