package dev.convoy.disk.image;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one definition of a "plain file name", shared by VMDK extents, OVA members and OVF
 * references: a single path component that cannot climb out of its directory or be read as a
 * protocol or {@code json:} name by qemu.
 */
public final class PlainNames {
  /** Longest accepted name in UTF-8 bytes (the usual filesystem limit). */
  public static final int MAX_BYTES = 255;

  private PlainNames() {}

  /** Empty if {@code name} is plain; otherwise why it is not. */
  public static Optional<String> problem(String name) {
    if (name.isEmpty()) {
      return Optional.of("is empty");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("is longer than " + MAX_BYTES + " bytes");
    }
    if (name.startsWith("/")) {
      return Optional.of("is an absolute path");
    }
    if (name.contains("..")) {
      return Optional.of("contains '..'");
    }
    if (name.equals(".")) {
      return Optional.of("is '.'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == '\\') {
        return Optional.of("contains a path separator '" + c + "'");
      }
      if (c == ':') {
        return Optional.of("contains ':' (a protocol or json: prefix)");
      }
      if (c == '"') {
        return Optional.of("contains a double quote");
      }
      if (c < 0x20 || c == 0x7f) {
        return Optional.of("contains a control character");
      }
    }
    return Optional.empty();
  }

  /** Quotes a value for an error message, escaping control characters. */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder("\"");
    int limit = Math.min(value.length(), 300);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    if (value.length() > limit) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }
}
