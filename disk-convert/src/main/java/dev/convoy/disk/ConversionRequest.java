package dev.convoy.disk;

import java.util.Objects;

/**
 * What to convert, where to, and how.
 *
 * @param verify prove the target holds the conversion's output and record its SHA-256, as the
 *     converter's {@link VerificationMode} says; on by default
 * @param replaceReady overwrite a ready disk converted from a different source, or a disk.img
 *     Convoy did not write
 */
public record ConversionRequest(
    DiskSource source,
    DiskTarget target,
    OutputFormat format,
    boolean verify,
    boolean replaceReady) {
  public ConversionRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(format, "format");
  }

  /** Raw output, verified, never replacing someone else's disk. */
  public static ConversionRequest of(DiskSource source, DiskTarget target) {
    return new ConversionRequest(source, target, OutputFormat.RAW, true, false);
  }
}
