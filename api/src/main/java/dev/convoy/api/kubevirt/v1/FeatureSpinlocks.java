package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Hyper-V spinlock feature (KubeVirt FeatureSpinlocks). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FeatureSpinlocks extends ExtensibleObject {
  private Boolean enabled;

  @JsonPropertyDescription("Retries, at least 4095 (KubeVirt default 4096).")
  private Long spinlocks;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Long getSpinlocks() {
    return spinlocks;
  }

  public void setSpinlocks(Long spinlocks) {
    this.spinlocks = spinlocks;
  }
}
