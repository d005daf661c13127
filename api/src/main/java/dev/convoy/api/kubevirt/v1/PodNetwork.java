package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.convoy.api.ExtensibleObject;

/** The pod network (KubeVirt PodNetwork). */
// Renamed properties would otherwise be written last.
@JsonPropertyOrder({"vmNetworkCIDR", "vmIPv6NetworkCIDR"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodNetwork extends ExtensibleObject {
  @JsonPropertyDescription(
      "IPv4 CIDR of the masquerade network inside the VM (default 10.0.2.0/24).")
  @JsonProperty("vmNetworkCIDR")
  private String vmNetworkCidr;

  @JsonPropertyDescription("IPv6 CIDR of the masquerade network inside the VM.")
  @JsonProperty("vmIPv6NetworkCIDR")
  private String vmIpv6NetworkCidr;

  public String getVmNetworkCidr() {
    return vmNetworkCidr;
  }

  public void setVmNetworkCidr(String vmNetworkCidr) {
    this.vmNetworkCidr = vmNetworkCidr;
  }

  public String getVmIpv6NetworkCidr() {
    return vmIpv6NetworkCidr;
  }

  public void setVmIpv6NetworkCidr(String vmIpv6NetworkCidr) {
    this.vmIpv6NetworkCidr = vmIpv6NetworkCidr;
  }
}
