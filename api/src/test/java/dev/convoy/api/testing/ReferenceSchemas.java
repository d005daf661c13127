package dev.convoy.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.convoy.api.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates objects against KubeVirt's and CDI's published OpenAPI v2 documents (the reference
 * {@code swagger.json} files), so tests check generated manifests against the real upstream schema
 * rather than against our own model.
 *
 * <p>The swagger definitions are JSON Schema draft 4 with {@code #/definitions/...} references;
 * they are validated with networknt's json-schema-validator (a test dependency: a module using this
 * test-jar adds {@code com.networknt:json-schema-validator} with scope test). What this catches:
 * wrong JSON types, missing required fields, values outside an {@code enum}. What it cannot catch:
 * unknown fields, because the upstream definitions do not set {@code additionalProperties: false}
 * (the API server prunes unknown fields instead); and rules KubeVirt only enforces in its webhooks
 * (unique disk names, a volume per disk, boot order).
 */
public final class ReferenceSchemas {

  private static final Map<Path, ReferenceSchemas> LOADED = new ConcurrentHashMap<>();

  private final Path file;
  private final JsonNode definitions;
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder().pathType(com.networknt.schema.PathType.JSON_POINTER).build();
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private ReferenceSchemas(Path file) {
    this.file = file;
    try {
      this.definitions = Serialization.json().readTree(file.toFile()).path("definitions");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (!definitions.isObject() || definitions.isEmpty()) {
      throw new IllegalStateException(file + " has no definitions");
    }
  }

  /** KubeVirt's swagger ({@code v1.VirtualMachine}, {@code v1.VirtualMachineInstance}, ...). */
  public static ReferenceSchemas kubevirt() {
    return LOADED.computeIfAbsent(ReferencePaths.kubevirtSwagger(), ReferenceSchemas::new);
  }

  /** CDI's swagger ({@code v1beta1.DataVolume}, ...). */
  public static ReferenceSchemas cdi() {
    return LOADED.computeIfAbsent(ReferencePaths.cdiSwagger(), ReferenceSchemas::new);
  }

  /** Whether this swagger defines {@code definition}. */
  public boolean defines(String definition) {
    return definitions.has(definition);
  }

  /**
   * Validates {@code object} (a model object or a JSON tree) against one definition of this
   * swagger.
   *
   * @return readable errors, each naming the JSON pointer of the offending field; empty when valid
   */
  public List<String> errors(Object object, String definition) {
    JsonNode node = object instanceof JsonNode json ? json : Serialization.toTree(object);
    return schema(definition).validate(node).stream()
        .map(ValidationMessage::getMessage)
        .sorted()
        .toList();
  }

  /**
   * Validates {@code object} against a definition of KubeVirt's or, failing that, CDI's swagger,
   * e.g. {@code validate(vm, "v1.VirtualMachine")} or {@code validate(dv, "v1beta1.DataVolume")}.
   *
   * @return readable errors; empty when valid
   */
  public static List<String> validate(Object object, String definition) {
    ReferenceSchemas kubevirt = kubevirt();
    if (kubevirt.defines(definition)) {
      return kubevirt.errors(object, definition);
    }
    ReferenceSchemas cdi = cdi();
    if (cdi.defines(definition)) {
      return cdi.errors(object, definition);
    }
    throw new IllegalArgumentException(
        "neither KubeVirt's nor CDI's swagger defines " + definition);
  }

  /** Fails with every schema error when {@code vm} is not a valid {@code v1.VirtualMachine}. */
  public static void assertValidVirtualMachine(Object vm) {
    assertValid(vm, "v1.VirtualMachine");
  }

  /**
   * Fails with every schema error when {@code vmi} is not a valid {@code
   * v1.VirtualMachineInstance}.
   */
  public static void assertValidVirtualMachineInstance(Object vmi) {
    assertValid(vmi, "v1.VirtualMachineInstance");
  }

  /**
   * Fails with every schema error when {@code dv} is not a valid CDI {@code v1beta1.DataVolume}.
   */
  public static void assertValidDataVolume(Object dv) {
    assertValid(dv, "v1beta1.DataVolume");
  }

  /**
   * Fails with every schema error when {@code object} does not validate against {@code definition}.
   */
  public static void assertValid(Object object, String definition) {
    List<String> errors = validate(object, definition);
    if (!errors.isEmpty()) {
      throw new AssertionError(
          "not a valid "
              + definition
              + " ("
              + errors.size()
              + " schema errors):\n  "
              + String.join("\n  ", errors)
              + "\nobject:\n"
              + Serialization.toYaml(object));
    }
  }

  private JsonSchema schema(String definition) {
    if (!defines(definition)) {
      throw new IllegalArgumentException(file + " does not define " + definition);
    }
    return schemas.computeIfAbsent(
        definition,
        name -> {
          // One document with all definitions, so every "#/definitions/..." reference resolves
          // inside it.
          ObjectNode root = Serialization.json().createObjectNode();
          root.put("$ref", "#/definitions/" + name);
          root.set("definitions", definitions);
          return factory.getSchema(root, config);
        });
  }
}
