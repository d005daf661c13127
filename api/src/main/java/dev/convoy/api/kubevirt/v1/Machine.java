package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Machine type (KubeVirt Machine). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Machine extends ExtensibleObject {
  @JsonPropertyDescription("QEMU machine type, e.g. q35.")
  private String type;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }
}
