package dev.convoy.disk.image;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses VMDK descriptor text with a strict grammar: blank lines, {@code #} comments, {@code
 * key=value} entries and extent lines. Any other line is refused, so no text reaches qemu that
 * Convoy did not understand (qemu's own parser silently skips lines it cannot read).
 */
public final class VmdkDescriptorParser {
  /** Largest descriptor accepted (oslo.utils uses the same bound). */
  public static final int MAX_BYTES = 1024 * 1024 - 1;

  private static final Pattern EXTENT =
      Pattern.compile(
          "(RW|RDONLY|NOACCESS)[ \\t]+(\\d{1,19})[ \\t]+([A-Z]+)"
              + "(?:[ \\t]+\"([^\"]*)\"(?:[ \\t]+(\\d{1,19}))?)?[ \\t]*");
  private static final Pattern ENTRY =
      Pattern.compile("([A-Za-z][A-Za-z0-9_.]*)[ \\t]*=[ \\t]*(.*?)[ \\t]*");

  private VmdkDescriptorParser() {}

  /**
   * Parses descriptor bytes, which end at the first NUL (embedded descriptors are NUL-padded).
   *
   * @param subject the file the descriptor came from, for messages
   */
  public static VmdkDescriptor parse(String subject, byte[] bytes) throws UnsafeImageException {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    if (end > MAX_BYTES) {
      throw refuse(subject, "the descriptor is larger than " + MAX_BYTES + " bytes", "" + end);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, end))
              .toString();
    } catch (CharacterCodingException e) {
      throw refuse(subject, "the descriptor is not UTF-8 text", "binary data");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    List<VmdkExtent> extents = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      for (int c = 0; c < line.length(); c++) {
        char ch = line.charAt(c);
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
          throw refuse(
              subject,
              "line " + lineNumber + " contains a control character",
              PlainNames.quote(line));
        }
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      Matcher extent = EXTENT.matcher(trimmed);
      if (extent.matches()) {
        long sectors = parseLong(subject, lineNumber, extent.group(2));
        long offset = extent.group(5) == null ? 0 : parseLong(subject, lineNumber, extent.group(5));
        extents.add(
            new VmdkExtent(
                extent.group(1),
                sectors,
                extent.group(3),
                Optional.ofNullable(extent.group(4)),
                offset,
                lineNumber));
        continue;
      }
      Matcher entry = ENTRY.matcher(trimmed);
      if (entry.matches()) {
        String key = entry.group(1);
        if (entries.containsKey(key)) {
          throw refuse(subject, "line " + lineNumber + " repeats the key " + key, trimmed);
        }
        entries.put(key, unquote(entry.group(2)));
        continue;
      }
      throw refuse(
          subject,
          "line "
              + lineNumber
              + " is neither a comment, a key=value entry nor an extent: "
              + PlainNames.quote(trimmed),
          trimmed);
    }
    return new VmdkDescriptor(entries, extents);
  }

  private static long parseLong(String subject, int line, String digits)
      throws UnsafeImageException {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw refuse(subject, "line " + line + " has a number out of range", digits);
    }
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static UnsafeImageException refuse(String subject, String problem, String value) {
    return new UnsafeImageException(Rule.VMDK_DESCRIPTOR, subject, problem, value);
  }
}
