package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Multus network as a mapping target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MultusNetworkTarget {
  @JsonPropertyDescription("NetworkAttachmentDefinition, as name or namespace/name.")
  @Required
  private String networkName;

  public String getNetworkName() {
    return networkName;
  }

  public void setNetworkName(String networkName) {
    this.networkName = networkName;
  }
}
