package dev.convoy.plans.waves;

import java.util.List;

/**
 * The planner's result: waves in order and the issues found. The plan is usable when {@link
 * #hasErrors()} is false.
 *
 * @param throughputMeasured whether estimates come from a measured throughput
 */
public record WavePlan(List<Wave> waves, List<PlanIssue> issues, boolean throughputMeasured) {
  public WavePlan {
    waves = List.copyOf(waves);
    issues = List.copyOf(issues);
  }

  /** True when a hard constraint is not met. */
  public boolean hasErrors() {
    return issues.stream().anyMatch(i -> i.severity() == PlanIssue.Severity.ERROR);
  }

  /** The number of VMs across all waves. */
  public int vmCount() {
    return waves.stream().mapToInt(w -> w.vms().size()).sum();
  }
}
