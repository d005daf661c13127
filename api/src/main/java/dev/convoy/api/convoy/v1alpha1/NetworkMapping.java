package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Maps one source network to the pod network or a Multus network; exactly one of pod or multus. */
@ValidationRule(
    value = "has(self.pod) != has(self.multus)",
    message = "exactly one of pod or multus must be set")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkMapping {
  @JsonPropertyDescription("Name of the source network (port group or distributed port group).")
  @Required
  private String source;

  @JsonPropertyDescription("Attach to the pod network (masquerade binding).")
  private PodNetworkTarget pod;

  @JsonPropertyDescription("Attach to a Multus NetworkAttachmentDefinition (bridge binding).")
  private MultusNetworkTarget multus;

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public PodNetworkTarget getPod() {
    return pod;
  }

  public void setPod(PodNetworkTarget pod) {
    this.pod = pod;
  }

  public MultusNetworkTarget getMultus() {
    return multus;
  }

  public void setMultus(MultusNetworkTarget multus) {
    this.multus = multus;
  }
}
