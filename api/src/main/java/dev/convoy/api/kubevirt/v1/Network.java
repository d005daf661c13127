package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A network (KubeVirt Network): a name plus pod or multus. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Network extends ExtensibleObject {
  @JsonPropertyDescription("Network name, referenced by an interface.")
  @Required
  private String name;

  @JsonPropertyDescription("The pod network.")
  private PodNetwork pod;

  @JsonPropertyDescription("A Multus NetworkAttachmentDefinition.")
  private MultusNetwork multus;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public PodNetwork getPod() {
    return pod;
  }

  public void setPod(PodNetwork pod) {
    this.pod = pod;
  }

  public MultusNetwork getMultus() {
    return multus;
  }

  public void setMultus(MultusNetwork multus) {
    this.multus = multus;
  }
}
