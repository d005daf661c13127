package dev.convoy.importer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The demo guest as {@code examples/guest/build-guest.sh} recorded it in {@code
 * build/guest/guest.json}: its streamOptimized VMDK, the disk's size and checksum, and the data
 * region whose SHA-256 the guest prints on its console when it is up.
 *
 * @param vmdk the streamOptimized VMDK (what a vCenter export gives)
 * @param diskBytes the disk's virtual size
 * @param diskSha256 the SHA-256 of the whole raw disk
 * @param regionOffsetMiB where the hashed data region starts
 * @param regionSizeMiB its size
 * @param regionSha256 its SHA-256: what the guest prints as {@code disk-sha256=}
 */
public record DemoGuest(
    Path vmdk,
    long diskBytes,
    String diskSha256,
    int regionOffsetMiB,
    int regionSizeMiB,
    String regionSha256) {

  /** Reads {@code guestDir/guest.json}; a clear message when it is missing or incomplete. */
  public static DemoGuest read(Path guestDir) throws IOException {
    Path file = guestDir.resolve("guest.json");
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing; run examples/guest/build-guest.sh");
    }
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    JsonNode disk = json.path("disk");
    JsonNode region = disk.path("dataRegion");
    String stream = json.path("files").path("vmdkStreamOptimized").asText("");
    Path vmdk = guestDir.resolve(stream);
    if (stream.isEmpty() || !Files.isRegularFile(vmdk)) {
      throw new IOException(
          file + " names no streamOptimized VMDK that exists; run examples/guest/build-guest.sh");
    }
    if (!disk.path("sizeMiB").canConvertToInt() || region.path("sha256").asText("").isEmpty()) {
      throw new IOException(
          file + ": disk.sizeMiB or disk.dataRegion.sha256 is missing; rebuild the guest");
    }
    return new DemoGuest(
        vmdk,
        disk.path("sizeMiB").asLong() << 20,
        disk.path("sha256").asText(),
        region.path("offsetMiB").asInt(),
        region.path("sizeMiB").asInt(),
        region.path("sha256").asText());
  }
}
