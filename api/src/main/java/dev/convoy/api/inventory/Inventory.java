package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything known about the machines to migrate, from one or more sources. The schema is
 * documented in {@code docs/inventory.md}; references between entities are by name. Entities carry
 * the {@code sourceId} of the {@link InventorySource} they came from, so inventories of several
 * sources merge by concatenation.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION} when written by this version of Convoy
 * @param generatedAt when the inventory was assembled (RFC 3339, UTC)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "schemaVersion",
  "generatedAt",
  "sources",
  "datacenters",
  "clusters",
  "hosts",
  "networks",
  "datastores",
  "vms",
  "notes"
})
public record Inventory(
    String schemaVersion,
    String generatedAt,
    List<InventorySource> sources,
    List<Datacenter> datacenters,
    List<Cluster> clusters,
    List<Host> hosts,
    List<Network> networks,
    List<Datastore> datastores,
    List<Vm> vms,
    List<InventoryNote> notes) {

  /** The schema this code reads and writes; a reader refuses any other value. */
  public static final String SCHEMA_VERSION = "convoy.dev/inventory/v1";

  public Inventory {
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    sources = Lists.copy(sources);
    datacenters = Lists.copy(datacenters);
    clusters = Lists.copy(clusters);
    hosts = Lists.copy(hosts);
    networks = Lists.copy(networks);
    datastores = Lists.copy(datastores);
    vms = Lists.copy(vms);
    notes = Lists.copy(notes);
  }

  /** An inventory with no entities yet. */
  public static Inventory empty(String generatedAt) {
    return new Inventory(
        SCHEMA_VERSION, generatedAt, null, null, null, null, null, null, null, null);
  }

  /** This inventory followed by {@code other}'s entities (sources keep their own ids). */
  public Inventory merge(Inventory other) {
    return new Inventory(
        SCHEMA_VERSION,
        generatedAt,
        concat(sources, other.sources),
        concat(datacenters, other.datacenters),
        concat(clusters, other.clusters),
        concat(hosts, other.hosts),
        concat(networks, other.networks),
        concat(datastores, other.datastores),
        concat(vms, other.vms),
        concat(notes, other.notes));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
