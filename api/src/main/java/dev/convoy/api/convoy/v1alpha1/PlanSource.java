package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where the VMs of a plan come from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanSource {
  @JsonPropertyDescription("The inventory provider: exactly one of vsphere, ova or inventory.")
  @Required
  private SourceProvider provider;

  @JsonPropertyDescription(
      "Where convoy migrate's import pods read OVA packages in a cluster: a read-only NFS export or PVC. Unset: each package's directory on the node (the local runtime).")
  private OvaVolume ovaVolume;

  public SourceProvider getProvider() {
    return provider;
  }

  public void setProvider(SourceProvider provider) {
    this.provider = provider;
  }

  public OvaVolume getOvaVolume() {
    return ovaVolume;
  }

  public void setOvaVolume(OvaVolume ovaVolume) {
    this.ovaVolume = ovaVolume;
  }
}
