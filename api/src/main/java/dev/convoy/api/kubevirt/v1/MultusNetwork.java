package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A Multus network (KubeVirt MultusNetwork). */
// Renamed properties would otherwise be written last.
@JsonPropertyOrder({"networkName", "default"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MultusNetwork extends ExtensibleObject {
  @JsonPropertyDescription("NetworkAttachmentDefinition name, as name or namespace/name.")
  @Required
  private String networkName;

  @JsonPropertyDescription(
      "Use this network as the pod's default network instead of the pod network.")
  @JsonProperty("default")
  private Boolean defaultNetwork;

  public String getNetworkName() {
    return networkName;
  }

  public void setNetworkName(String networkName) {
    this.networkName = networkName;
  }

  public Boolean getDefaultNetwork() {
    return defaultNetwork;
  }

  public void setDefaultNetwork(Boolean defaultNetwork) {
    this.defaultNetwork = defaultNetwork;
  }
}
