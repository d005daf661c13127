package dev.convoy.disk.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed VMDK descriptor: its {@code key=value} entries (ddb entries included) in order and its
 * extent lines. Produced only by {@link VmdkDescriptorParser}, which refuses any other line.
 */
public record VmdkDescriptor(Map<String, String> entries, List<VmdkExtent> extents) {
  public VmdkDescriptor {
    entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
    extents = List.copyOf(extents);
  }

  /** The value of a key, quotes removed. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** The sum of all extents' sectors. */
  public long totalSectors() {
    long total = 0;
    for (VmdkExtent extent : extents) {
      total = Math.addExact(total, extent.sectors());
    }
    return total;
  }
}
