package dev.convoy.plans.waves;

import java.util.List;
import java.util.Objects;

/**
 * Everything the wave planner needs, already resolved from an inventory and a plan.
 *
 * @param vms the selected VMs
 * @param groups move groups (members always share a wave)
 * @param dependencies "A needs B" pairs
 * @param environmentOrder environments in migration order (e.g. dev, test, prod); empty when
 *     environments play no role
 * @param caps per-wave limits
 * @param throughput for duration estimates
 * @param windows cutover windows in order; wave N gets the N-th
 * @param explicitWaves hand-made waves, or null to plan automatically
 */
public record PlannerInput(
    List<PlanningVm> vms,
    List<MoveGroup> groups,
    List<Dependency> dependencies,
    List<String> environmentOrder,
    WaveCaps caps,
    Throughput throughput,
    List<CutoverWindow> windows,
    List<ExplicitWave> explicitWaves) {
  public PlannerInput {
    vms = List.copyOf(vms);
    groups = groups == null ? List.of() : List.copyOf(groups);
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    environmentOrder = environmentOrder == null ? List.of() : List.copyOf(environmentOrder);
    caps = caps == null ? WaveCaps.none() : caps;
    Objects.requireNonNull(throughput, "throughput");
    windows = windows == null ? List.of() : List.copyOf(windows);
    explicitWaves = explicitWaves == null ? null : List.copyOf(explicitWaves);
  }
}
