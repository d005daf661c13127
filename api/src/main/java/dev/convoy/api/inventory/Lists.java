package dev.convoy.api.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Null-safe immutable copies, so every list and map in the model is present and unmodifiable. */
final class Lists {
  private Lists() {}

  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }

  /** Sorted by key, so the serialised form is stable. */
  static Map<String, String> sortedCopy(Map<String, String> map) {
    return map == null
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(map)));
  }
}
