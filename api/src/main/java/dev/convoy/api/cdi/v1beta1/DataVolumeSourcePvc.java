package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** PVC clone source (CDI DataVolumeSourcePVC). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSourcePvc extends ExtensibleObject {
  @JsonPropertyDescription("Namespace of the source PVC.")
  @Required
  private String namespace;

  @JsonPropertyDescription("Name of the source PVC.")
  @Required
  private String name;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
