package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * Resources of a VirtualMachineInstance (KubeVirt ResourceRequirements, which adds
 * overcommitGuestOverhead to the Kubernetes shape).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceRequirements extends ExtensibleObject {
  @JsonPropertyDescription("Requested resources, e.g. memory and cpu.")
  private Map<String, Quantity> requests;

  @JsonPropertyDescription("Resource limits.")
  private Map<String, Quantity> limits;

  @JsonPropertyDescription("Do not add the virtualization overhead to the memory request.")
  private Boolean overcommitGuestOverhead;

  public Map<String, Quantity> getRequests() {
    return requests;
  }

  public void setRequests(Map<String, Quantity> requests) {
    this.requests = requests;
  }

  public Map<String, Quantity> getLimits() {
    return limits;
  }

  public void setLimits(Map<String, Quantity> limits) {
    this.limits = limits;
  }

  public Boolean getOvercommitGuestOverhead() {
    return overcommitGuestOverhead;
  }

  public void setOvercommitGuestOverhead(Boolean overcommitGuestOverhead) {
    this.overcommitGuestOverhead = overcommitGuestOverhead;
  }
}
