package dev.convoy.api.kubevirt.v1;

import java.util.List;

/**
 * Values of {@code status.printableStatus} of a VirtualMachine.
 *
 * <p>KubeVirt evaluates them in this order, first match wins: Terminating, Stopping, Migrating,
 * Paused, Running, ErrorPvcNotFound, DataVolumeError, ErrorUnschedulable, Provisioning,
 * WaitingForVolumeBinding, ErrImagePull, ImagePullBackOff, Starting, CrashLoopBackOff, Stopped,
 * WaitingForReceiver; Unknown if none matches.
 */
public final class VirtualMachinePrintableStatus {
  /** No VirtualMachineInstance exists. The default. */
  public static final String STOPPED = "Stopped";

  /** DataVolumes are being provisioned. */
  public static final String PROVISIONING = "Provisioning";

  /** The VirtualMachineInstance is being prepared. */
  public static final String STARTING = "Starting";

  /** The guest is running. */
  public static final String RUNNING = "Running";

  /** The guest is paused. */
  public static final String PAUSED = "Paused";

  /** The VirtualMachineInstance is being stopped. */
  public static final String STOPPING = "Stopping";

  /** The VirtualMachine is being deleted. */
  public static final String TERMINATING = "Terminating";

  /** Starts keep failing; waiting before the next one. */
  public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  /** A live migration is in progress. */
  public static final String MIGRATING = "Migrating";

  /** The state cannot be determined. */
  public static final String UNKNOWN = "Unknown";

  /** The launcher pod cannot be scheduled. */
  public static final String ERROR_UNSCHEDULABLE = "ErrorUnschedulable";

  /** A container disk image cannot be pulled. */
  public static final String ERR_IMAGE_PULL = "ErrImagePull";

  /** Pulling a container disk image is backing off. */
  public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";

  /** A referenced PVC does not exist. */
  public static final String ERROR_PVC_NOT_FOUND = "ErrorPvcNotFound";

  /** A DataVolume failed. */
  public static final String DATA_VOLUME_ERROR = "DataVolumeError";

  /** A PVC waits for binding. */
  public static final String WAITING_FOR_VOLUME_BINDING = "WaitingForVolumeBinding";

  /** Waiting for the receiving side of a cross-cluster migration. */
  public static final String WAITING_FOR_RECEIVER = "WaitingForReceiver";

  /** Every value above, in KubeVirt's order. */
  public static final List<String> ALL =
      List.of(
          STOPPED,
          PROVISIONING,
          STARTING,
          RUNNING,
          PAUSED,
          STOPPING,
          TERMINATING,
          CRASH_LOOP_BACK_OFF,
          MIGRATING,
          UNKNOWN,
          ERROR_UNSCHEDULABLE,
          ERR_IMAGE_PULL,
          IMAGE_PULL_BACK_OFF,
          ERROR_PVC_NOT_FOUND,
          DATA_VOLUME_ERROR,
          WAITING_FOR_VOLUME_BINDING,
          WAITING_FOR_RECEIVER);

  private VirtualMachinePrintableStatus() {}
}
