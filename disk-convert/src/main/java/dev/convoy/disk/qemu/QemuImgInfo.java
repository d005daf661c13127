package dev.convoy.disk.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of {@code qemu-img info --output=json} that Convoy cross-checks.
 *
 * @param format {@code format}
 * @param virtualSize {@code virtual-size}
 * @param backingFilename {@code backing-filename} (or {@code full-backing-filename})
 * @param dataFile {@code format-specific.data.data-file}
 * @param createType {@code format-specific.data.create-type} (vmdk)
 * @param extentFilenames {@code format-specific.data.extents[].filename} (vmdk)
 */
public record QemuImgInfo(
    String format,
    long virtualSize,
    Optional<String> backingFilename,
    Optional<String> dataFile,
    Optional<String> createType,
    List<String> extentFilenames) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public QemuImgInfo {
    extentFilenames = List.copyOf(extentFilenames);
  }

  /** Parses qemu-img's JSON output. */
  public static QemuImgInfo parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.has("format") || !root.has("virtual-size")) {
      throw new IOException("qemu-img info output lacks format/virtual-size: " + json);
    }
    JsonNode data = root.path("format-specific").path("data");
    List<String> extents = new ArrayList<>();
    for (JsonNode extent : data.path("extents")) {
      extents.add(extent.path("filename").asText());
    }
    Optional<String> backing = text(root, "backing-filename");
    if (backing.isEmpty()) {
      backing = text(root, "full-backing-filename");
    }
    return new QemuImgInfo(
        root.path("format").asText(),
        root.path("virtual-size").asLong(),
        backing,
        text(data, "data-file"),
        text(data, "create-type"),
        extents);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
