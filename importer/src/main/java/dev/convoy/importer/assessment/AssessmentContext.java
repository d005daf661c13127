package dev.convoy.importer.assessment;

import dev.convoy.api.inventory.Cluster;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Vm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inventory and target a VM is assessed in, with look-ups rules need. */
public final class AssessmentContext {
  private final Inventory inventory;
  private final Target target;
  private final Map<String, Cluster> clustersByName = new HashMap<>();

  public AssessmentContext(Inventory inventory, Target target) {
    this.inventory = inventory;
    this.target = target;
    for (Cluster c : inventory.clusters()) {
      clustersByName.putIfAbsent(c.sourceId() + "/" + c.datacenter() + "/" + c.name(), c);
      clustersByName.putIfAbsent(c.sourceId() + "/" + c.name(), c);
    }
  }

  public Inventory inventory() {
    return inventory;
  }

  public Target target() {
    return target;
  }

  /** The cluster the VM runs in, if the inventory has it. */
  public Optional<Cluster> cluster(Vm vm) {
    if (vm.cluster() == null) {
      return Optional.empty();
    }
    Cluster c = clustersByName.get(vm.sourceId() + "/" + vm.datacenter() + "/" + vm.cluster());
    if (c == null) {
      c = clustersByName.get(vm.sourceId() + "/" + vm.cluster());
    }
    return Optional.ofNullable(c);
  }

  /** DRS rules of the VM's cluster that name the VM. */
  public List<Cluster.Rule> rulesFor(Vm vm) {
    return cluster(vm)
        .map(c -> c.rules().stream().filter(r -> r.vms().contains(vm.id())).toList())
        .orElse(List.of());
  }
}
