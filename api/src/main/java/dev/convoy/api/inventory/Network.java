package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A network VMs can attach to: a standard port group, a distributed port group or an NSX opaque
 * network.
 *
 * @param id the managed object id, e.g. {@code network-7} or {@code dvportgroup-11}
 * @param vlanId the VLAN of a distributed port group, when it has a single one
 * @param switchName the distributed switch of a distributed port group
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Network(
    String id,
    String sourceId,
    String name,
    String datacenter,
    Kind kind,
    Integer vlanId,
    String switchName) {

  /** The kinds of network. */
  public enum Kind {
    @JsonProperty("standard")
    STANDARD,
    @JsonProperty("distributedPortgroup")
    DISTRIBUTED_PORTGROUP,
    @JsonProperty("opaque")
    OPAQUE
  }
}
