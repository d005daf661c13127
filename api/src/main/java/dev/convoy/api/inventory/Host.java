package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An ESXi host.
 *
 * @param id the managed object id, e.g. {@code host-21}
 * @param datacenter the datacenter name
 * @param cluster the cluster name, or null for a standalone host
 * @param connectionState {@code connected}, {@code disconnected} or {@code notResponding}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Host(
    String id,
    String sourceId,
    String name,
    String datacenter,
    String cluster,
    String productName,
    String productVersion,
    String productBuild,
    Integer cpuSockets,
    Integer cpuCores,
    Integer cpuThreads,
    Long memoryBytes,
    String connectionState,
    Boolean inMaintenanceMode) {}
