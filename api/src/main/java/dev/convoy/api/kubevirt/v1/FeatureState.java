package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** An on/off hypervisor feature (KubeVirt FeatureState). An empty object means enabled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureState extends ExtensibleObject {
  @JsonPropertyDescription("Whether the feature is on; on when unset.")
  private Boolean enabled;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }
}
