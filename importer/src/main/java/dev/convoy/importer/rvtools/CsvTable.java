package dev.convoy.importer.rvtools;

import dev.convoy.importer.inventory.InventoryException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An RFC 4180 CSV table with a header row, as RVTools exports it: comma, semicolon or tab separated
 * (locale dependent, detected from the header), optionally with a byte-order mark, quoted fields
 * that may contain separators, quotes and line breaks. Rows remember their line number.
 */
final class CsvTable {
  /** A data row and the line it starts on. */
  record Row(int line, List<String> values) {}

  private final Path file;
  private final List<String> header;
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<Row> rows;

  private CsvTable(Path file, List<String> header, List<Row> rows) {
    this.file = file;
    this.header = header;
    this.rows = rows;
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(normalise(header.get(i)), i);
    }
  }

  static CsvTable read(Path file) throws InventoryException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (CharacterCodingException e) {
      try {
        // RVTools on Windows may write the ANSI code page.
        text =
            new String(Files.readAllBytes(file), java.nio.charset.Charset.forName("windows-1252"));
      } catch (IOException io) {
        throw InventoryException.invalid(file + ": cannot read: " + io.getMessage());
      }
    } catch (IOException e) {
      throw InventoryException.invalid(file + ": cannot read: " + e.getMessage());
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    char separator = separator(text);
    List<Row> records = parse(file, text, separator);
    if (records.isEmpty()) {
      throw InventoryException.invalid(file + ": empty file, expected a header row");
    }
    List<String> header = records.get(0).values();
    List<Row> rows = new ArrayList<>();
    for (Row row : records.subList(1, records.size())) {
      if (row.values().size() == 1 && row.values().get(0).isEmpty()) {
        continue; // blank line
      }
      if (row.values().size() != header.size()) {
        throw InventoryException.invalid(
            file
                + ":"
                + row.line()
                + ": the row has "
                + row.values().size()
                + " fields, the header has "
                + header.size());
      }
      rows.add(row);
    }
    return new CsvTable(file, header, rows);
  }

  private static char separator(String text) {
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    boolean quoted = false;
    for (char c : first.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        if (c == ',') {
          commas++;
        } else if (c == ';') {
          semicolons++;
        } else if (c == '\t') {
          tabs++;
        }
      }
    }
    if (tabs > commas && tabs > semicolons) {
      return '\t';
    }
    return semicolons > commas ? ';' : ',';
  }

  private static List<Row> parse(Path file, String text, char separator) throws InventoryException {
    List<Row> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int line = 1;
    int rowLine = 1;
    boolean quoted = false;
    boolean wasQuoted = false;
    int quoteLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"') {
        if (field.length() > 0 || wasQuoted) {
          throw InventoryException.invalid(
              file + ":" + line + ": a quote inside an unquoted field (quote the whole field)");
        }
        quoted = true;
        wasQuoted = true;
        quoteLine = line;
      } else if (c == separator) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        fields.add(field.toString());
        rows.add(new Row(rowLine, fields));
        fields = new ArrayList<>();
        field.setLength(0);
        wasQuoted = false;
        line++;
        rowLine = line;
      } else {
        if (wasQuoted) {
          throw InventoryException.invalid(file + ":" + line + ": text after a closing quote");
        }
        field.append(c);
      }
    }
    if (quoted) {
      throw InventoryException.invalid(
          file + ":" + quoteLine + ": a quoted field is not closed before the end of the file");
    }
    if (field.length() > 0 || !fields.isEmpty() || wasQuoted) {
      fields.add(field.toString());
      rows.add(new Row(rowLine, fields));
    }
    return rows;
  }

  Path file() {
    return file;
  }

  List<String> header() {
    return header;
  }

  List<Row> rows() {
    return rows;
  }

  /** Whether the table has a column named any of {@code names} (case and spacing ignored). */
  boolean has(String... names) {
    for (String name : names) {
      if (columns.containsKey(normalise(name))) {
        return true;
      }
    }
    return false;
  }

  /** The value of the first present column of {@code names}, or null; blank is null. */
  String get(Row row, String... names) {
    for (String name : names) {
      Integer index = columns.get(normalise(name));
      if (index != null) {
        String value = row.values().get(index).trim();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  private static String normalise(String column) {
    return column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9#]", "");
  }
}
