package dev.convoy.api.convoy.v1alpha1;

/**
 * Condition types of MigrationPlan and Migration. The conditions themselves use the Kubernetes
 * metav1 shape ({@link io.fabric8.kubernetes.api.model.Condition}), with observedGeneration on
 * each.
 */
public final class ConditionTypes {

  /** MigrationPlan: the plan is valid and its waves are planned. */
  public static final String READY = "Ready";

  /** Migration: copying or cutting over. */
  public static final String RUNNING = "Running";

  /** Migration: every selected VM migrated. */
  public static final String SUCCEEDED = "Succeeded";

  /** Migration: a wave, VM or disk failed; the message says which. */
  public static final String FAILED = "Failed";

  private ConditionTypes() {}
}
