package dev.convoy.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of model objects that belong to another project's API (KubeVirt, CDI). This model names only
 * the fields Convoy uses; every other field read from JSON or YAML is kept here and written back
 * unchanged, so a read-modify-write by Convoy never drops what a newer KubeVirt or a user put
 * there. The generated CRD schema marks these objects with {@code
 * x-kubernetes-preserve-unknown-fields} for the same reason: the API server must not prune them
 * either.
 */
@PreserveUnknownFields
public abstract class ExtensibleObject {

  private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

  /** Fields this model does not name, in the order they were read. Mutable. */
  @JsonAnyGetter
  public Map<String, Object> getAdditionalProperties() {
    return additionalProperties;
  }

  /** Keeps a field this model does not name. */
  @JsonAnySetter
  public void setAdditionalProperty(String name, Object value) {
    additionalProperties.put(name, value);
  }
}
