package dev.convoy.operator.vm;

/**
 * A failure of one VirtualMachine reconcile that the user should see, as the Failure condition.
 *
 * @param reason KubeVirt-style reason, e.g. FailedCreate, FailedDelete, InvalidRunStrategy
 * @param message what went wrong, naming the object or field
 */
public record SyncError(String reason, String message) {

  /** Creating the VMI failed. */
  public static final String FAILED_CREATE = "FailedCreate";

  /** Deleting the VMI failed. */
  public static final String FAILED_DELETE = "FailedDelete";

  /** spec.running/spec.runStrategy cannot be interpreted. */
  public static final String INVALID_RUN_STRATEGY = "InvalidRunStrategy";
}
