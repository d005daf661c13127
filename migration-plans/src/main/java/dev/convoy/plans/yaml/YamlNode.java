package dev.convoy.plans.yaml;

import java.util.List;

/**
 * A YAML node that remembers where it came from. The plan parser works on these instead of plain
 * maps so that every problem it finds, however deep, can name its file, line and column.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  /** Where the node starts. */
  Position position();

  /** A short human name for the node's kind, used in "expected X, found Y" messages. */
  String kindName();

  /** One key of a mapping with the key's own position (for "unknown key" errors). */
  record Entry(String key, Position keyPosition, YamlNode value) {}

  /** A mapping; entries keep the document's order and keys are unique (duplicates are errors). */
  record Mapping(Position position, List<Entry> entries) implements YamlNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    /** The entry for {@code key}, or null. */
    public Entry entry(String key) {
      for (Entry entry : entries) {
        if (entry.key().equals(key)) {
          return entry;
        }
      }
      return null;
    }

    /** The value for {@code key}, or null. */
    public YamlNode get(String key) {
      Entry entry = entry(key);
      return entry == null ? null : entry.value();
    }

    @Override
    public String kindName() {
      return "a mapping";
    }
  }

  /** A sequence. */
  record Sequence(Position position, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }
  }

  /**
   * A scalar with its text. {@code plain} is true for unquoted scalars: only those can be numbers,
   * booleans or null in YAML. {@code value} is null for a YAML null ({@code ~}, {@code null} or
   * nothing).
   */
  record Scalar(Position position, String value, boolean plain) implements YamlNode {
    public boolean isNull() {
      return value == null;
    }

    @Override
    public String kindName() {
      return isNull() ? "nothing (null)" : "'" + Texts.abbreviate(value, 40) + "'";
    }
  }
}
