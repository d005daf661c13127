package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** PVC volume source (KubeVirt PersistentVolumeClaimVolumeSource). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PersistentVolumeClaimVolumeSource extends ExtensibleObject {
  @JsonPropertyDescription("Name of the PVC in the same namespace.")
  @Required
  private String claimName;

  @JsonPropertyDescription("Mount read-only.")
  private Boolean readOnly;

  @JsonPropertyDescription("The volume can be hot-plugged.")
  private Boolean hotpluggable;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }

  public Boolean getReadOnly() {
    return readOnly;
  }

  public void setReadOnly(Boolean readOnly) {
    this.readOnly = readOnly;
  }

  public Boolean getHotpluggable() {
    return hotpluggable;
  }

  public void setHotpluggable(Boolean hotpluggable) {
    this.hotpluggable = hotpluggable;
  }
}
