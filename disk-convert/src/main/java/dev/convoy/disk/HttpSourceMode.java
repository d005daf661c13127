package dev.convoy.disk;

/** How a conversion reads an HTTP(S) source (see docs/disk-convert.md, "HTTP sources"). */
public enum HttpSourceMode {
  /**
   * Stream it to qemu-img by ranges through Convoy's NBD server, no local copy (also what a
   * conversion falls back to when the scratch filesystem has no room for a copy).
   */
  RANGES,
  /** Download it into the scratch directory first, then inspect and convert the local copy. */
  STAGE_THEN_CONVERT,
  /**
   * Download it into the scratch directory while inspection and qemu-img already read it through
   * Convoy's NBD server: reads wait for the download or fetch far-ahead blocks by ranges, and every
   * byte read must equal the byte downloaded.
   */
  STAGE_WHILE_CONVERTING
}
