package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.kubernetes.api.model.Quantity;

/** Guest memory (KubeVirt Memory). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Memory extends ExtensibleObject {
  @JsonPropertyDescription("Memory visible to the guest.")
  private Quantity guest;

  @JsonPropertyDescription("Maximum guest memory for memory hotplug.")
  private Quantity maxGuest;

  public Quantity getGuest() {
    return guest;
  }

  public void setGuest(Quantity guest) {
    this.guest = guest;
  }

  public Quantity getMaxGuest() {
    return maxGuest;
  }

  public void setMaxGuest(Quantity maxGuest) {
    this.maxGuest = maxGuest;
  }
}
