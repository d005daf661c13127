package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A virtual network adapter.
 *
 * @param key the device key, unique within the VM
 * @param deviceType {@code vmxnet3}, {@code vmxnet2}, {@code vmxnet}, {@code e1000}, {@code
 *     e1000e}, {@code pcnet32}, {@code sriov} or {@code unknown}
 * @param addressType {@code manual}, {@code generated} or {@code assigned}
 * @param network the network the adapter attaches to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Nic(
    Integer key,
    String label,
    String deviceType,
    String macAddress,
    String addressType,
    NetworkRef network,
    Boolean connected,
    Boolean startConnected) {

  /**
   * A reference to a {@link Network}.
   *
   * @param id the network id, or for a distributed port group its key; null when the source only
   *     names it
   * @param switchUuid the distributed switch UUID, for distributed port groups
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NetworkRef(String id, String name, Network.Kind kind, String switchUuid) {}
}
