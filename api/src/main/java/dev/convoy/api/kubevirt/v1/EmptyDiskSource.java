package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;

/** Scratch disk volume source (KubeVirt EmptyDiskSource). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EmptyDiskSource extends ExtensibleObject {
  @JsonPropertyDescription("Size of the disk.")
  @Required
  private Quantity capacity;

  public Quantity getCapacity() {
    return capacity;
  }

  public void setCapacity(Quantity capacity) {
    this.capacity = capacity;
  }
}
