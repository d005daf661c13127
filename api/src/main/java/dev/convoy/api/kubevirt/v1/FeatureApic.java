package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** APIC feature (KubeVirt FeatureAPIC). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureApic extends ExtensibleObject {
  @JsonPropertyDescription("Whether the APIC is on; on when unset.")
  private Boolean enabled;

  @JsonPropertyDescription("Paravirtual end-of-interrupt.")
  private Boolean endOfInterrupt;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Boolean getEndOfInterrupt() {
    return endOfInterrupt;
  }

  public void setEndOfInterrupt(Boolean endOfInterrupt) {
    this.endOfInterrupt = endOfInterrupt;
  }
}
