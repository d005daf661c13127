package dev.convoy.plans.parse;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.plans.yaml.Position;
import dev.convoy.plans.yaml.Texts;
import dev.convoy.plans.yaml.YamlNode;
import dev.convoy.plans.yaml.YamlProblem;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a positioned YAML tree against a Java model class and turns it into a Jackson tree that
 * binds to that class without surprises. The model is the schema: property names, types, and the
 * fabric8 CRD annotations ({@link Required}, {@link Pattern}, {@link Min}, {@link Max}) the API
 * server enforces too, so the CLI and the cluster accept the same documents.
 *
 * <p>It collects every problem instead of stopping at the first: unknown keys (with a "did you
 * mean"), wrong kinds of value, bad numbers, values outside a pattern, missing required keys. It
 * records the position of every node by path ({@code spec.target.storageMap[2].source}) for later
 * checks that need the inventory.
 */
final class TreeBinder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Class<?>, List<Property>> PROPERTIES = new ConcurrentHashMap<>();

  private final ObjectMapper mapper;
  private final List<YamlProblem> problems;
  private final Map<String, Position> positions;
  private final Map<String, Position> keyPositions;

  /** A bean property with the annotations the CRD generator reads. */
  private record Property(
      String name, JavaType type, boolean required, String pattern, Double min, Double max) {}

  TreeBinder(
      ObjectMapper mapper,
      List<YamlProblem> problems,
      Map<String, Position> positions,
      Map<String, Position> keyPositions) {
    this.mapper = mapper;
    this.problems = problems;
    this.positions = positions;
    this.keyPositions = keyPositions;
  }

  /** Binds {@code node} at {@code path} (empty for the root) to {@code type}; null on failure. */
  JsonNode bind(YamlNode node, JavaType type, String path) {
    positions.put(path, node.position());
    if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
      return NODES.nullNode();
    }
    Class<?> raw = type.getRawClass();
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return bindList(node, type.getContentType(), path);
    }
    if (type.isMapLikeType()) {
      return bindMap(node, type.getContentType(), path);
    }
    if (raw == String.class) {
      return bindString(node, path);
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return bindBoolean(node, path);
    }
    if (isInteger(raw)) {
      return bindInteger(node, raw, path);
    }
    if (raw == Double.class
        || raw == double.class
        || raw == Float.class
        || raw == float.class
        || raw == BigDecimal.class) {
      return bindDecimal(node, path);
    }
    if (raw.isEnum()) {
      return bindEnum(node, raw, path);
    }
    if (raw == IntOrString.class || raw == Quantity.class) {
      if (node instanceof YamlNode.Scalar scalar) {
        return scalar.plain() && scalar.value().matches("-?\\d+")
            ? NODES.numberNode(new BigInteger(scalar.value()))
            : NODES.textNode(scalar.value());
      }
      return expected(node, path, "a number or text");
    }
    if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
      return untyped(node);
    }
    return bindBean(node, raw, path);
  }

  private static boolean isInteger(Class<?> raw) {
    return raw == Integer.class
        || raw == int.class
        || raw == Long.class
        || raw == long.class
        || raw == Short.class
        || raw == short.class
        || raw == BigInteger.class;
  }

  private JsonNode bindBean(YamlNode node, Class<?> raw, String path) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      return expected(node, path, "a mapping (key: value lines)");
    }
    List<Property> properties = properties(raw);
    Map<String, Property> byName = new LinkedHashMap<>();
    properties.forEach(p -> byName.put(p.name(), p));
    ObjectNode object = NODES.objectNode();
    for (YamlNode.Entry entry : mapping.entries()) {
      String childPath = child(path, entry.key());
      Property property = byName.get(entry.key());
      keyPositions.put(childPath, entry.keyPosition());
      if (property == null) {
        problems.add(
            new YamlProblem(
                entry.keyPosition(),
                "unknown key '"
                    + Texts.abbreviate(entry.key(), 60)
                    + "' in "
                    + describe(path)
                    + Suggestions.didYouMean(entry.key(), byName.keySet())
                    + hint(byName.keySet(), entry.key())));
        continue;
      }
      JsonNode value = bind(entry.value(), property.type(), childPath);
      if (value != null && !value.isNull()) {
        checkConstraints(entry.value(), property, value, childPath);
      }
      if (value != null) {
        object.set(entry.key(), value);
      }
    }
    for (Property property : properties) {
      if (property.required()) {
        YamlNode.Entry entry = mapping.entry(property.name());
        if (entry == null || (entry.value() instanceof YamlNode.Scalar scalar && scalar.isNull())) {
          problems.add(
              new YamlProblem(
                  entry == null ? mapping.position() : entry.keyPosition(),
                  describe(path)
                      + " needs the key '"
                      + property.name()
                      + "'"
                      + (entry == null ? "" : " with a value")));
        }
      }
    }
    return object;
  }

  /** Lists the valid keys when there is no close match and the list is short. */
  private static String hint(Collection<String> keys, String key) {
    if (Suggestions.closest(key, keys).isPresent()) {
      return "";
    }
    return keys.size() <= 12
        ? " (expected one of: " + String.join(", ", new TreeSet<>(keys)) + ")"
        : "";
  }

  private void checkConstraints(YamlNode node, Property property, JsonNode value, String path) {
    if (property.pattern() != null && value.isTextual()) {
      boolean matches;
      try {
        matches =
            java.util.regex.Pattern.compile(property.pattern()).matcher(value.asText()).find();
      } catch (PatternSyntaxException e) {
        matches = true;
      }
      if (!matches) {
        List<String> choices = choices(property.pattern());
        String expectation =
            choices.isEmpty()
                ? "a value matching " + property.pattern()
                : "one of " + String.join(", ", choices);
        problems.add(
            new YamlProblem(
                node.position(),
                describe(path)
                    + " is '"
                    + Texts.abbreviate(value.asText(), 60)
                    + "'; expected "
                    + expectation
                    + Suggestions.didYouMean(value.asText(), choices)));
      }
    }
    if (value.isNumber()) {
      double number = value.asDouble();
      if (property.min() != null && number < property.min()) {
        problems.add(
            new YamlProblem(
                node.position(),
                describe(path)
                    + " is "
                    + value.asText()
                    + "; expected at least "
                    + trim(property.min())));
      }
      if (property.max() != null && number > property.max()) {
        problems.add(
            new YamlProblem(
                node.position(),
                describe(path)
                    + " is "
                    + value.asText()
                    + "; expected at most "
                    + trim(property.max())));
      }
    }
  }

  /** The alternatives of an anchored pattern like {@code ^(a|b|c)$}, or nothing. */
  static List<String> choices(String pattern) {
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("^\\^\\(([A-Za-z0-9_|.-]+)\\)\\$$").matcher(pattern);
    return matcher.matches() ? List.of(matcher.group(1).split("\\|")) : List.of();
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private JsonNode bindList(YamlNode node, JavaType content, String path) {
    if (!(node instanceof YamlNode.Sequence sequence)) {
      return expected(node, path, "a list (lines starting with '- ', or [a, b])");
    }
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < sequence.items().size(); i++) {
      JsonNode item = bind(sequence.items().get(i), content, path + "[" + i + "]");
      array.add(item == null ? NODES.nullNode() : item);
    }
    return array;
  }

  private JsonNode bindMap(YamlNode node, JavaType content, String path) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      return expected(node, path, "a mapping (key: value lines)");
    }
    ObjectNode object = NODES.objectNode();
    for (YamlNode.Entry entry : mapping.entries()) {
      String childPath = child(path, entry.key());
      keyPositions.put(childPath, entry.keyPosition());
      JsonNode value = bind(entry.value(), content, childPath);
      if (value != null) {
        object.set(entry.key(), value);
      }
    }
    return object;
  }

  private JsonNode bindString(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar) {
      return NODES.textNode(scalar.value());
    }
    return expected(node, path, "a text value");
  }

  private JsonNode bindBoolean(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar && scalar.plain()) {
      switch (scalar.value()) {
        case "true", "True", "TRUE" -> {
          return NODES.booleanNode(true);
        }
        case "false", "False", "FALSE" -> {
          return NODES.booleanNode(false);
        }
        default -> {}
      }
    }
    return expected(node, path, "true or false");
  }

  private JsonNode bindInteger(YamlNode node, Class<?> raw, String path) {
    if (node instanceof YamlNode.Scalar scalar && scalar.plain()) {
      String text = scalar.value().replace("_", "");
      if (text.matches("[-+]?\\d{1,30}")) {
        BigInteger value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        BigInteger limit =
            raw == Integer.class || raw == int.class
                ? BigInteger.valueOf(Integer.MAX_VALUE)
                : raw == Short.class || raw == short.class
                    ? BigInteger.valueOf(Short.MAX_VALUE)
                    : raw == BigInteger.class ? null : BigInteger.valueOf(Long.MAX_VALUE);
        if (limit != null && value.abs().compareTo(limit) > 0) {
          problems.add(
              new YamlProblem(
                  node.position(), describe(path) + " is " + text + "; expected at most " + limit));
          return null;
        }
        return NODES.numberNode(value);
      }
    }
    return expected(node, path, "a whole number");
  }

  private JsonNode bindDecimal(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar scalar && scalar.plain()) {
      try {
        BigDecimal value = new BigDecimal(scalar.value().replace("_", ""));
        if (value.abs().compareTo(BigDecimal.valueOf(1e15)) <= 0) {
          return NODES.numberNode(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    return expected(node, path, "a number");
  }

  private JsonNode bindEnum(YamlNode node, Class<?> raw, String path) {
    List<String> names = new ArrayList<>();
    for (Object constant : raw.getEnumConstants()) {
      Enum<?> value = (Enum<?>) constant;
      try {
        JsonProperty property = raw.getField(value.name()).getAnnotation(JsonProperty.class);
        names.add(property != null ? property.value() : value.name());
      } catch (NoSuchFieldException e) {
        names.add(value.name());
      }
    }
    if (node instanceof YamlNode.Scalar scalar && names.contains(scalar.value())) {
      return NODES.textNode(scalar.value());
    }
    String found = node instanceof YamlNode.Scalar scalar ? scalar.value() : null;
    problems.add(
        new YamlProblem(
            node.position(),
            describe(path)
                + " is "
                + node.kindName()
                + "; expected one of "
                + String.join(", ", names)
                + (found == null ? "" : Suggestions.didYouMean(found, names))));
    return null;
  }

  private JsonNode untyped(YamlNode node) {
    if (node instanceof YamlNode.Mapping mapping) {
      ObjectNode object = NODES.objectNode();
      mapping.entries().forEach(e -> object.set(e.key(), untyped(e.value())));
      return object;
    }
    if (node instanceof YamlNode.Sequence sequence) {
      ArrayNode array = NODES.arrayNode();
      sequence.items().forEach(i -> array.add(untyped(i)));
      return array;
    }
    YamlNode.Scalar scalar = (YamlNode.Scalar) node;
    if (scalar.isNull()) {
      return NODES.nullNode();
    }
    if (scalar.plain()) {
      String text = scalar.value();
      if (text.equals("true") || text.equals("false")) {
        return NODES.booleanNode(Boolean.parseBoolean(text));
      }
      if (text.matches("-?\\d{1,18}")) {
        return NODES.numberNode(Long.parseLong(text));
      }
      if (text.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) {
        return NODES.numberNode(new BigDecimal(text));
      }
    }
    return NODES.textNode(scalar.value());
  }

  private JsonNode expected(YamlNode node, String path, String expectation) {
    problems.add(
        new YamlProblem(
            node.position(),
            describe(path) + " is " + node.kindName() + "; expected " + expectation));
    return null;
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** {@code 'spec.target'} or {@code the document} for messages. */
  static String describe(String path) {
    return path.isEmpty() ? "the document" : "'" + path + "'";
  }

  private List<Property> properties(Class<?> raw) {
    return PROPERTIES.computeIfAbsent(raw, this::introspect);
  }

  private List<Property> introspect(Class<?> raw) {
    DeserializationConfig config = mapper.getDeserializationConfig();
    BeanDescription description = config.introspect(config.constructType(raw));
    List<Property> properties = new ArrayList<>();
    for (BeanPropertyDefinition definition : description.findProperties()) {
      if (!definition.couldDeserialize()) {
        continue;
      }
      AnnotatedMember member =
          definition.getField() != null ? definition.getField() : definition.getMutator();
      if (member == null) {
        continue;
      }
      java.lang.reflect.Field field = declaredField(raw, definition.getInternalName());
      Pattern pattern = annotation(member, field, Pattern.class);
      Min min = annotation(member, field, Min.class);
      Max max = annotation(member, field, Max.class);
      properties.add(
          new Property(
              definition.getName(),
              definition.getPrimaryType(),
              annotation(member, field, Required.class) != null,
              pattern == null ? null : pattern.value(),
              min == null ? null : min.value(),
              max == null ? null : max.value()));
    }
    return List.copyOf(properties);
  }

  private static <A extends java.lang.annotation.Annotation> A annotation(
      AnnotatedMember member, java.lang.reflect.Field field, Class<A> type) {
    A annotation = member.getAnnotation(type);
    return annotation != null || field == null ? annotation : field.getAnnotation(type);
  }

  private static java.lang.reflect.Field declaredField(Class<?> raw, String name) {
    for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    return null;
  }
}
