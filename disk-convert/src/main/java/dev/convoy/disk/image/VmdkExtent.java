package dev.convoy.disk.image;

import java.util.Optional;

/**
 * One extent line of a VMDK descriptor: {@code ACCESS SECTORS TYPE ["FILE" [OFFSET]]}.
 *
 * @param access RW, RDONLY or NOACCESS
 * @param sectors length in 512-byte sectors
 * @param type FLAT, SPARSE, ZERO, VMFS, ...
 * @param fileName the file named in quotes, absent for ZERO extents
 * @param offsetSectors where the extent starts inside a FLAT/VMFS file
 * @param line the 1-based descriptor line, for messages
 */
public record VmdkExtent(
    String access,
    long sectors,
    String type,
    Optional<String> fileName,
    long offsetSectors,
    int line) {}
