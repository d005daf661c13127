package dev.convoy.disk.ova;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import dev.convoy.disk.image.PlainNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OVF manifest ({@code .mf}): one {@code SHA256(name)= hex} line per file. SHA1, SHA256 and
 * SHA512 are accepted; each digest must have the algorithm's length.
 */
public record OvaManifest(Map<String, Digest> entries) {
  private static final Pattern LINE =
      Pattern.compile("(SHA1|SHA256|SHA512)\\((.+)\\)[ \\t]*=[ \\t]*([0-9a-fA-F]+)");

  /**
   * One expected digest.
   *
   * @param algorithm the JDK MessageDigest name (SHA-1, SHA-256, SHA-512)
   * @param hex lower-case hex digest
   */
  public record Digest(String algorithm, String hex) {}

  public OvaManifest {
    entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public Optional<Digest> digest(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Parses manifest text; {@code subject} names the member for messages. */
  public static OvaManifest parse(String subject, byte[] bytes) throws UnsafeImageException {
    Map<String, Digest> entries = new LinkedHashMap<>();
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new UnsafeImageException(
            Rule.OVA_MANIFEST,
            subject,
            "line " + (i + 1) + " is not 'SHA256(name)= hex': " + PlainNames.quote(line),
            line);
      }
      String algorithm =
          switch (m.group(1)) {
            case "SHA1" -> "SHA-1";
            case "SHA256" -> "SHA-256";
            default -> "SHA-512";
          };
      int expectedHex =
          switch (algorithm) {
            case "SHA-1" -> 40;
            case "SHA-256" -> 64;
            default -> 128;
          };
      String name = m.group(2);
      String hex = m.group(3).toLowerCase(Locale.ROOT);
      if (hex.length() != expectedHex) {
        throw new UnsafeImageException(
            Rule.OVA_MANIFEST,
            subject,
            "line "
                + (i + 1)
                + ": a "
                + m.group(1)
                + " digest has "
                + expectedHex
                + " hex digits, found "
                + hex.length(),
            hex);
      }
      Optional<String> problem = PlainNames.problem(name);
      if (problem.isPresent()) {
        throw new UnsafeImageException(
            Rule.OVA_MANIFEST,
            subject,
            "line " + (i + 1) + " names " + PlainNames.quote(name) + ", which " + problem.get(),
            name);
      }
      if (entries.put(name, new Digest(algorithm, hex)) != null) {
        throw new UnsafeImageException(
            Rule.OVA_MANIFEST,
            subject,
            "line " + (i + 1) + " lists " + PlainNames.quote(name) + " a second time",
            name);
      }
    }
    return new OvaManifest(entries);
  }
}
