package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * Where part of an inventory came from. {@code location} never contains credentials.
 *
 * @param id unique within the inventory, referenced by every entity's {@code sourceId}
 * @param kind the kind of source
 * @param location {@code vsphere://host[:port][/datacenter]}, or the absolute path of the file or
 *     folder that was read
 * @param product what answered, e.g. "VMware vCenter Server 7.0.0 build-xxx", or the OVF producer
 * @param apiVersion the vSphere API version, when the source is a live vCenter/ESXi
 * @param instanceUuid the vCenter instance UUID, when known
 * @param collectedAt when this source was read (RFC 3339, UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventorySource(
    String id,
    Kind kind,
    String location,
    String product,
    String apiVersion,
    String instanceUuid,
    String collectedAt) {

  public InventorySource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
  }

  /** The kinds of source Convoy reads. */
  public enum Kind {
    @JsonProperty("vsphere")
    VSPHERE,
    @JsonProperty("ova")
    OVA,
    @JsonProperty("ovf")
    OVF,
    @JsonProperty("rvtools")
    RVTOOLS
  }
}
