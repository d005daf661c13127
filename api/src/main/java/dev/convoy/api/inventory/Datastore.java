package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A datastore with its capacity.
 *
 * @param id the managed object id, e.g. {@code datastore-12}
 * @param type {@code VMFS}, {@code NFS}, {@code NFS41}, {@code vsan}, {@code OTHER}...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Datastore(
    String id,
    String sourceId,
    String name,
    String datacenter,
    String type,
    Long capacityBytes,
    Long freeBytes,
    String url,
    Boolean accessible,
    String maintenanceMode) {}
