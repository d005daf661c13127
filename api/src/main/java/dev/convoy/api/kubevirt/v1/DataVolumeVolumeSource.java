package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/**
 * DataVolume volume source (KubeVirt DataVolumeSource), named apart from CDI's DataVolumeSource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeVolumeSource extends ExtensibleObject {
  @JsonPropertyDescription("Name of the DataVolume in the same namespace.")
  @Required
  private String name;

  @JsonPropertyDescription("The volume can be hot-plugged.")
  private Boolean hotpluggable;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getHotpluggable() {
    return hotpluggable;
  }

  public void setHotpluggable(Boolean hotpluggable) {
    this.hotpluggable = hotpluggable;
  }
}
