package dev.convoy.api.convoy.v1alpha1;

import java.util.List;

/**
 * Phases of a Migration and of each of its waves, VMs and disks. Kept as strings in the status, so
 * the execution engine can add finer steps (e.g. CopyDisks, Convert) without breaking older
 * readers.
 */
public final class MigrationPhase {

  /** Accepted, not started. */
  public static final String PENDING = "Pending";

  /** In progress. */
  public static final String RUNNING = "Running";

  /** Finished successfully. */
  public static final String SUCCEEDED = "Succeeded";

  /** Finished with an error; see the error field. */
  public static final String FAILED = "Failed";

  /** Canceled through spec.cancel. */
  public static final String CANCELED = "Canceled";

  /** Every value above. */
  public static final List<String> ALL = List.of(PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED);

  /** Whether {@code phase} is final: Succeeded, Failed or Canceled. */
  public static boolean isFinal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase) || CANCELED.equals(phase);
  }

  private MigrationPhase() {}
}
