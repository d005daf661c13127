package dev.convoy.api.kubevirt.v1;

import java.util.List;

/**
 * Values of {@code status.phase} of a VirtualMachineInstance. The empty string means the phase is
 * not set yet.
 */
public final class VirtualMachineInstancePhase {
  /** Accepted; the launcher pod does not exist yet. */
  public static final String PENDING = "Pending";

  /** The launcher pod exists but is not ready. */
  public static final String SCHEDULING = "Scheduling";

  /** The launcher pod is ready on a node; the node agent takes over. */
  public static final String SCHEDULED = "Scheduled";

  /** The domain is running (or paused). */
  public static final String RUNNING = "Running";

  /** The guest shut down by itself or on request. */
  public static final String SUCCEEDED = "Succeeded";

  /** The guest crashed, its pod vanished, or it was deleted before it started. */
  public static final String FAILED = "Failed";

  /** Receiver of a cross-cluster migration, waiting for the source. */
  public static final String WAITING_FOR_SYNC = "WaitingForSync";

  /** The state cannot be obtained. */
  public static final String UNKNOWN = "Unknown";

  /** Every value above, in KubeVirt's order. */
  public static final List<String> ALL =
      List.of(
          PENDING, SCHEDULING, SCHEDULED, RUNNING, SUCCEEDED, FAILED, WAITING_FOR_SYNC, UNKNOWN);

  private VirtualMachineInstancePhase() {}
}
