package dev.convoy.plans.resolve;

import dev.convoy.api.convoy.v1alpha1.NetworkMapping;
import dev.convoy.api.convoy.v1alpha1.StorageMapping;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Vm;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.parse.ParsedPlan;
import dev.convoy.plans.waves.PlannerInput;
import dev.convoy.plans.yaml.YamlProblem;
import java.util.List;
import java.util.Map;

/**
 * A plan whose every reference resolved against an inventory: the selected VMs with their target
 * names, the storage and network mapping of each disk and NIC, and the wave planner's input.
 *
 * @param vms the selected VMs, sorted by name then key
 * @param targetNames VM key to its Kubernetes name (sanitized, unique)
 * @param diskStorage VM key to the storage mapping of each disk, in disk order
 * @param nicNetworks VM key to the network mapping of each NIC, in NIC order (null entries for NICs
 *     without a network, which get no interface)
 * @param warnings problems that do not stop the plan (e.g. a dependency on a VM outside it)
 */
public record ResolvedPlan(
    ParsedPlan parsed,
    Inventory inventory,
    List<Vm> vms,
    Map<String, String> targetNames,
    Map<String, List<StorageMapping>> diskStorage,
    Map<String, List<NetworkMapping>> nicNetworks,
    PlannerInput plannerInput,
    List<YamlProblem> warnings) {

  /** The key the planner and the maps use for a VM: unique across merged sources. */
  public static String key(Vm vm) {
    return vm.sourceId() == null ? vm.id() : vm.sourceId() + ":" + vm.id();
  }

  /** The plan's name. */
  public String planName() {
    return parsed.plan().getMetadata().getName();
  }

  /** The transfer limits the plan asks for, with defaults ({@link Admission.Limits#of}). */
  public Admission.Limits executionLimits() {
    return Admission.Limits.of(parsed.plan().getSpec());
  }

  /** The target namespace. */
  public String namespace() {
    return parsed.plan().getSpec().getTarget().getNamespace();
  }
}
