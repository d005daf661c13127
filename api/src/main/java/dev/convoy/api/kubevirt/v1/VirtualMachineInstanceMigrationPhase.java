package dev.convoy.api.kubevirt.v1;

import java.util.List;

/** Values of {@code status.phase} of a VirtualMachineInstanceMigration, in the order they occur. */
public final class VirtualMachineInstanceMigrationPhase {
  /** Pending. */
  public static final String PENDING = "Pending";

  /** Scheduling. */
  public static final String SCHEDULING = "Scheduling";

  /** Scheduled. */
  public static final String SCHEDULED = "Scheduled";

  /** PreparingTarget. */
  public static final String PREPARING_TARGET = "PreparingTarget";

  /** TargetReady. */
  public static final String TARGET_READY = "TargetReady";

  /** Running. */
  public static final String RUNNING = "Running";

  /** Succeeded. */
  public static final String SUCCEEDED = "Succeeded";

  /** Failed. */
  public static final String FAILED = "Failed";

  /** Cross-cluster migration: waiting for the other side. */
  public static final String WAITING_FOR_SYNC = "WaitingForSync";

  /** Cross-cluster migration: synchronizing with the other side. */
  public static final String SYNCHRONIZING = "Synchronizing";

  /** Every value above, in KubeVirt's order. */
  public static final List<String> ALL =
      List.of(
          PENDING,
          SCHEDULING,
          SCHEDULED,
          PREPARING_TARGET,
          TARGET_READY,
          RUNNING,
          SUCCEEDED,
          FAILED,
          WAITING_FOR_SYNC,
          SYNCHRONIZING);

  private VirtualMachineInstanceMigrationPhase() {}
}
