package dev.convoy.plans.waves;

import java.util.List;

/**
 * A constraint the planner could not meet (ERROR) or had to bend (WARNING), with the VMs involved.
 */
public record PlanIssue(
    Severity severity, Constraint constraint, String message, List<String> vms) {
  public PlanIssue {
    vms = List.copyOf(vms);
  }

  /** How bad it is. */
  public enum Severity {
    /** A hard constraint is not met in the result. */
    ERROR,
    /** The result is valid but deviates from what the plan asked for. */
    WARNING
  }

  /** The constraint concerned. */
  public enum Constraint {
    MOVE_GROUP,
    DEPENDENCY,
    ENVIRONMENT_ORDER,
    CAP,
    WINDOW,
    EXPLICIT_WAVES
  }

  @Override
  public String toString() {
    return severity.name().toLowerCase(java.util.Locale.ROOT)
        + " ["
        + constraint.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + "]: "
        + message;
  }
}
