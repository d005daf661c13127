package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A compute cluster with the settings that matter for migration.
 *
 * @param id the managed object id, e.g. {@code domain-c7}
 * @param datacenter the datacenter name
 * @param hosts names of the member hosts
 * @param drsBehavior {@code manual}, {@code partiallyAutomated} or {@code fullyAutomated}
 * @param rules DRS affinity and anti-affinity rules
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cluster(
    String id,
    String sourceId,
    String name,
    String datacenter,
    String path,
    List<String> hosts,
    Boolean drsEnabled,
    String drsBehavior,
    Boolean dpmEnabled,
    Boolean haEnabled,
    List<Rule> rules) {

  public Cluster {
    hosts = Lists.copy(hosts);
    rules = Lists.copy(rules);
  }

  /**
   * A DRS rule. For VM-host rules, {@code vms} and {@code hosts} are the members of the rule's VM
   * group and host group.
   *
   * @param mandatory true for "must" rules, false for "should" rules
   * @param vms ids of the VMs the rule applies to
   * @param hosts ids of the hosts a VM-host rule names
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Rule(
      String name,
      RuleKind kind,
      Boolean enabled,
      Boolean mandatory,
      List<String> vms,
      List<String> hosts) {
    public Rule {
      vms = Lists.copy(vms);
      hosts = Lists.copy(hosts);
    }
  }

  /** The kinds of DRS rule. */
  public enum RuleKind {
    @JsonProperty("vmHostAffinity")
    VM_HOST_AFFINITY,
    @JsonProperty("vmHostAntiAffinity")
    VM_HOST_ANTI_AFFINITY,
    @JsonProperty("vmAffinity")
    VM_AFFINITY,
    @JsonProperty("vmAntiAffinity")
    VM_ANTI_AFFINITY
  }
}
