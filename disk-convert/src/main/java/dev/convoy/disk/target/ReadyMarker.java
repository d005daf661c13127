package dev.convoy.disk.target;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The "ready" marker written beside a converted disk ({@code disk.img.convoy.json}) only after the
 * disk was converted, flushed, verified and renamed into place. Its presence is what makes a disk
 * ready; its SHA-256 is of the guest-visible content, for users to compare after migration.
 *
 * @param apiVersion {@code convoy.dev/v1alpha1}
 * @param kind {@code ConvertedDisk}
 * @param disk the disk file name ({@code disk.img}) or the block device path
 * @param diskBytes the disk file's length when written (a cheap consistency check)
 * @param source where the disk came from, without secrets
 * @param sourceIdentity path/size/mtime or URL/length/ETag of the source, to recognise reruns
 * @param sourceFormat the source's qemu format
 * @param createType the VMDK create type, or null
 * @param outputFormat raw or qcow2
 * @param virtualSize the guest-visible size in bytes
 * @param sha256 SHA-256 of the guest-visible content (null when verification was off)
 * @param sourceSha256 SHA-256 of the source file as Convoy downloaded it (HTTP sources; of the flat
 *     extent for a descriptor), or null
 * @param verification how the content was verified
 * @param qemuImgArguments the convert command's tuning flags
 * @param convertedAt ISO-8601 time the marker was written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadyMarker(
    String apiVersion,
    String kind,
    String disk,
    long diskBytes,
    String source,
    String sourceIdentity,
    String sourceFormat,
    String createType,
    String outputFormat,
    long virtualSize,
    String sha256,
    String sourceSha256,
    Verification verification,
    List<String> qemuImgArguments,
    String convertedAt) {
  public static final String API_VERSION = "convoy.dev/v1alpha1";
  public static final String KIND = "ConvertedDisk";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * How the disk was verified.
   *
   * @param method {@code stream: crc32c read-back + sha256}, {@code qemu-img compare + sha256} or
   *     {@code none}
   * @param identical true if the target was proven to hold the conversion's output: every range
   *     qemu-img wrote read back with its CRC32C (stream), or qemu-img compare found target and
   *     source identical (compare)
   * @param compareSeconds wall time of qemu-img compare (0 in stream mode)
   * @param hashSeconds wall time of hashing the target after the conversion (0 in stream mode: the
   *     SHA-256 is computed while qemu-img writes)
   * @param readBackSeconds wall time of reading the written ranges back (stream mode)
   */
  public record Verification(
      String method,
      boolean identical,
      double compareSeconds,
      double hashSeconds,
      double readBackSeconds) {}

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a marker; empty if it is absent or unreadable (an unreadable marker is not ready). */
  public static Optional<ReadyMarker> read(Path path) {
    try {
      ReadyMarker marker = JSON.readValue(Files.readAllBytes(path), ReadyMarker.class);
      if (!API_VERSION.equals(marker.apiVersion()) || !KIND.equals(marker.kind())) {
        return Optional.empty();
      }
      return Optional.of(marker);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
