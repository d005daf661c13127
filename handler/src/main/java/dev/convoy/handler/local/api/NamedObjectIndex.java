package dev.convoy.handler.local.api;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys of the mock server's store grouped by their {@code plural} and {@code name} attributes,
 * so that a request for one named object looks at the few keys that can match instead of scanning
 * every stored object.
 *
 * <p>Why this is exact: fabric8's {@link AttributeSet#matches} satisfies a query attribute of type
 * {@link AttributeType#WITH} only when the stored set holds an {@link Attribute} equal to it (same
 * key and values), and a set holds one attribute per key. A stored key can therefore match a query
 * whose {@code plural} and {@code name} are WITH attributes only if its own {@code plural} and
 * {@code name} attributes are equal to the query's: the slot of the query holds every candidate.
 *
 * <p>Not thread-safe: the dispatcher changes and reads it under the store's locks.
 */
final class NamedObjectIndex {
  private static final String PLURAL = "plural";
  private static final String NAME = "name";

  /** The {@code plural} and {@code name} attributes that a matching stored key must carry. */
  record Slot(Attribute plural, Attribute name) {
    /**
     * The slot of a stored key, or null when it lacks either attribute (no named query hits it).
     */
    static Slot ofStored(AttributeSet key) {
      Attribute plural = key.getAttribute(PLURAL);
      Attribute name = key.getAttribute(NAME);
      return plural == null || name == null ? null : new Slot(plural, name);
    }

    /**
     * The slot of a query, or null when the query is not an equality on both plural and name (a
     * list, a selector-only query): those go through the full scan.
     */
    static Slot ofQuery(AttributeSet query) {
      Attribute plural = query.getAttribute(PLURAL);
      Attribute name = query.getAttribute(NAME);
      if (plural == null
          || name == null
          || plural.getType() != AttributeType.WITH
          || name.getType() != AttributeType.WITH) {
        return null;
      }
      return new Slot(plural, name);
    }
  }

  private final Map<Slot, Set<AttributeSet>> bySlot = new HashMap<>();
  private final Set<AttributeSet> unnamed = new HashSet<>();
  private int size;
  private boolean stale;

  /** Records a key now present in the store. */
  void add(AttributeSet key) {
    Slot slot = Slot.ofStored(key);
    boolean added =
        slot == null
            ? unnamed.add(key)
            : bySlot.computeIfAbsent(slot, s -> new LinkedHashSet<>()).add(key);
    if (added) {
      size++;
    }
  }

  /** Forgets a key no longer present in the store. */
  void remove(AttributeSet key) {
    Slot slot = Slot.ofStored(key);
    boolean removed;
    if (slot == null) {
      removed = unnamed.remove(key);
    } else {
      Set<AttributeSet> keys = bySlot.get(slot);
      removed = keys != null && keys.remove(key);
      if (keys != null && keys.isEmpty()) {
        bySlot.remove(slot);
      }
    }
    if (removed) {
      size--;
    }
  }

  /** The keys that may match a query in {@code slot} (a copy). */
  List<AttributeSet> candidates(Slot slot) {
    Set<AttributeSet> keys = bySlot.get(slot);
    return keys == null ? List.of() : new ArrayList<>(keys);
  }

  /** How many keys it holds; equal to the store's size while it is complete. */
  int size() {
    return size;
  }

  /** Marks it as no longer trustworthy: the next lookup rebuilds it from the store. */
  void invalidate() {
    stale = true;
  }

  boolean isStale() {
    return stale;
  }

  /** Replaces the content with exactly {@code keys}. */
  void rebuild(Iterable<AttributeSet> keys) {
    bySlot.clear();
    unnamed.clear();
    size = 0;
    stale = false;
    for (AttributeSet key : keys) {
      add(key);
    }
  }

  /** Every key it holds, for tests comparing it with the store. */
  Set<AttributeSet> keys() {
    Set<AttributeSet> all = new HashSet<>(unnamed);
    bySlot.values().forEach(all::addAll);
    return all;
  }
}
