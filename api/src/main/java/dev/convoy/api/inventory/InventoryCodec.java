package dev.convoy.api.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes inventories as JSON or YAML. Reading is strict: the {@code schemaVersion} must
 * be {@link Inventory#SCHEMA_VERSION} and unknown fields are errors, reported with the file, line,
 * column and field path.
 */
public final class InventoryCodec {

  /** The two serialisations of the schema. */
  public enum Format {
    JSON,
    YAML
  }

  private static final ObjectMapper JSON = configure(new ObjectMapper());
  private static final ObjectMapper YAML =
      configure(
          new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build()));

  private InventoryCodec() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    return mapper
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** The mapper for a format, for callers that serialise other values the same way. */
  public static ObjectMapper mapper(Format format) {
    return format == Format.JSON ? JSON : YAML;
  }

  /** Writes {@code inventory} to {@code out} (not closed). */
  public static void write(Inventory inventory, Format format, Writer out) {
    try {
      mapper(format).writeValue(new NonClosingWriter(out), inventory);
      if (format == Format.JSON) {
        out.write(System.lineSeparator());
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The inventory as a JSON or YAML string. */
  public static String toString(Inventory inventory, Format format) {
    java.io.StringWriter out = new java.io.StringWriter();
    write(inventory, format, out);
    return out.toString();
  }

  /**
   * Reads an inventory file; YAML unless the name ends in {@code .json}. Throws {@link
   * InvalidInventoryException} naming the file, line and column for any problem in the content.
   */
  public static Inventory read(Path file) throws IOException {
    String text = Files.readString(file);
    Format format =
        file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")
            ? Format.JSON
            : Format.YAML;
    return parse(text, format, file.toString());
  }

  /** Parses inventory text; {@code origin} names it in error messages. */
  public static Inventory parse(String text, Format format, String origin) {
    ObjectMapper mapper = mapper(format);
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidInventoryException(describe(format, text, origin, e));
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidInventoryException(origin + ": not an inventory (expected an object)");
    }
    JsonNode version = tree.get("schemaVersion");
    if (version == null || !Inventory.SCHEMA_VERSION.equals(version.asText())) {
      throw new InvalidInventoryException(
          origin
              + ": schemaVersion is "
              + (version == null ? "missing" : "'" + version.asText() + "'")
              + ", expected '"
              + Inventory.SCHEMA_VERSION
              + "'");
    }
    try {
      return mapper.readValue(text, Inventory.class);
    } catch (JsonProcessingException e) {
      throw new InvalidInventoryException(describe(format, text, origin, e));
    }
  }

  /**
   * A one-line message for a parse or mapping error in {@code text}: origin, line and column of the
   * offending token (not where the parser stopped), and the field path.
   */
  public static String describe(
      Format format, String text, String origin, JsonProcessingException e) {
    StringBuilder message = new StringBuilder(origin);
    JsonLocation location = e.getLocation();
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      // Jackson reports where the parser stopped (for YAML often the next line); find the
      // field itself.
      JsonLocation field = locate(format, text, mapping.getPath());
      if (field != null) {
        location = field;
      }
    }
    if (location != null && location.getLineNr() > 0) {
      message.append(':').append(location.getLineNr()).append(':').append(location.getColumnNr());
    }
    message.append(": ");
    if (e instanceof UnrecognizedPropertyException unknown) {
      message.append("unknown field '").append(unknown.getPropertyName()).append('\'');
    } else {
      message.append(e.getOriginalMessage().lines().findFirst().orElse("invalid content"));
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      message.append(" (at ").append(path(mapping)).append(')');
    }
    return message.toString();
  }

  /** The start of the token at {@code path} in {@code text}, or null when it cannot be found. */
  private static JsonLocation locate(
      Format format, String text, java.util.List<JsonMappingException.Reference> path) {
    try (JsonParser parser = mapper(format).getFactory().createParser(text)) {
      if (parser.nextToken() == null) {
        return null;
      }
      for (JsonMappingException.Reference ref : path) {
        if (ref.getFieldName() != null) {
          if (!parser.isExpectedStartObjectToken()) {
            return null;
          }
          boolean found = false;
          while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            if (ref.getFieldName().equals(parser.currentName())) {
              found = true;
              break;
            }
            parser.nextToken();
            parser.skipChildren();
          }
          if (!found) {
            return null;
          }
          JsonLocation fieldLocation = parser.currentTokenLocation();
          if (ref == path.get(path.size() - 1)) {
            return fieldLocation;
          }
          parser.nextToken();
        } else if (ref.getIndex() >= 0) {
          if (!parser.isExpectedStartArrayToken()) {
            return null;
          }
          for (int i = 0; i <= ref.getIndex(); i++) {
            if (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
              return null;
            }
            if (i < ref.getIndex()) {
              parser.skipChildren();
            }
          }
          if (ref == path.get(path.size() - 1)) {
            return parser.currentTokenLocation();
          }
        }
      }
      return parser.currentTokenLocation();
    } catch (IOException e) {
      return null;
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** Keeps Jackson from closing the caller's writer. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The content of an inventory file is not a valid inventory; the message says where and why. */
  public static final class InvalidInventoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInventoryException(String message) {
      super(message);
    }
  }
}
