package dev.convoy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The JSON and YAML mappers every Convoy module uses for Kubernetes objects and plan documents,
 * configured once.
 *
 * <ul>
 *   <li>Null fields are not written; empty objects and lists are ({@code masquerade: {}} must
 *       survive).
 *   <li>Map entries are written sorted by key, so the output of the same object is always the same
 *       bytes.
 *   <li>The lenient mappers ({@link #json()}, {@link #yaml()}) ignore fields a class does not know;
 *       model classes for other projects' APIs keep them anyway (see {@link ExtensibleObject}).
 *   <li>The strict mapper ({@link #strictYaml()}) rejects unknown fields, for documents a user
 *       writes by hand, where an unknown field is a typo that must be reported with its line and
 *       column.
 *   <li>YAML is written without a document marker, with minimal quotes (strings that would read
 *       back as numbers or booleans stay quoted) and literal blocks for multi-line strings such as
 *       cloud-init user data.
 * </ul>
 *
 * <p>The mappers are thread-safe and shared; do not reconfigure them. Use {@code copy()} for a
 * variant.
 */
public final class Serialization {

  private static final JsonMapper JSON = configure(JsonMapper.builder()).build();

  private static final YAMLMapper YAML = configure(yamlBuilder()).build();

  private static final YAMLMapper STRICT_YAML =
      configure(yamlBuilder())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private Serialization() {}

  private static YAMLMapper.Builder yamlBuilder() {
    return YAMLMapper.builder(
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .stringQuotingChecker(new NumberLikeQuotingChecker())
            .build());
  }

  /**
   * Quotes every string a YAML 1.1 or 1.2 reader could take for a number: Jackson's default check
   * misses forms such as {@code 1e3}, {@code 0x1F} or {@code 12:30} (sexagesimal), which would then
   * come back as numbers. Errs on the side of quoting: a MAC address or a UUID that starts with a
   * digit gets quotes too.
   */
  private static final class NumberLikeQuotingChecker extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Pattern NUMBER_LIKE =
        Pattern.compile("[-+]?(\\.?[0-9][0-9a-zA-Z_:.+-]*|\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
    }
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(Include.NON_NULL, Include.USE_DEFAULTS))
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  /** The lenient JSON mapper. */
  public static ObjectMapper json() {
    return JSON;
  }

  /** The lenient YAML mapper. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  /** A YAML mapper that fails on unknown fields and duplicate keys, for hand-written documents. */
  public static ObjectMapper strictYaml() {
    return STRICT_YAML;
  }

  /**
   * {@code value} as a JSON tree with the normal number types, the same tree as reading its JSON
   * text would give.
   */
  public static JsonNode toTree(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} as YAML text. */
  public static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code value} as compact JSON text. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A deep copy of {@code value} through JSON, unknown fields included; for model objects that have
   * no copy constructor.
   */
  public static <T> T deepCopy(T value) {
    if (value == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) value.getClass();
    return JSON.convertValue(toTree(value), type);
  }

  /** Whether two objects write the same JSON (their unknown fields included). */
  public static boolean sameJson(Object a, Object b) {
    return toTree(a).equals(toTree(b));
  }
}
