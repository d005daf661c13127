package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A vSphere datacenter.
 *
 * @param id the managed object id, e.g. {@code datacenter-2}
 * @param path the inventory path, e.g. {@code /Folder1/DC0}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Datacenter(String id, String sourceId, String name, String path) {}
