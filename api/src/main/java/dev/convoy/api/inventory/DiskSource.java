package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the bytes of a file-based disk (OVA/OVF) are, so disk conversion can read them in place:
 * for an OVA, the disk is the byte range {@code [offset, offset + length)} of the tar file {@code
 * path}; for an OVF folder, {@code path} is the disk file itself and {@code offset} is 0.
 *
 * @param path absolute path of the .ova, or of the disk file next to the .ovf
 * @param entry the tar entry name inside an OVA, null for a plain file
 * @param offset where the disk's bytes start in {@code path}
 * @param length how many bytes the disk file has
 * @param format the OVF disk format, e.g. {@code vmdk-streamOptimized}, {@code raw}, {@code qcow2}
 * @param populatedBytes the OVF's populatedSize, when given
 * @param checksum {@code SHA256:<hex>} (or SHA1/SHA512) from the manifest, verified when read
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskSource(
    String path,
    String entry,
    Long offset,
    Long length,
    String format,
    Long populatedBytes,
    String checksum) {}
