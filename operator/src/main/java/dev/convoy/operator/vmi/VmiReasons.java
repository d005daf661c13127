package dev.convoy.operator.vmi;

/**
 * Condition reasons the VMI controller writes; the values are KubeVirt's so that tools reading them
 * keep working.
 */
public final class VmiReasons {

  /** Synchronized=False: a PVC a volume names does not exist. */
  public static final String FAILED_PVC_NOT_FOUND = "FailedPvcNotFound";

  /** Synchronized=False: the launcher image cannot be pulled. */
  public static final String ERR_IMAGE_PULL = "ErrImagePull";

  /** Synchronized=False: kubelet backs off pulling the launcher image. */
  public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";

  /** Synchronized=False: creating the launcher pod failed. */
  public static final String FAILED_CREATE_POD = "FailedCreate";

  /** PodScheduled=False, copied from the pod. */
  public static final String UNSCHEDULABLE = "Unschedulable";

  /** DataVolumesReady=False: a DataVolume is still being populated. */
  public static final String DATA_VOLUME_NOT_READY = "DataVolumeNotReady";

  /** DataVolumesReady=False: a DataVolume failed. */
  public static final String DATA_VOLUME_FAILED = "DataVolumeFailed";

  /** DataVolumesReady=True. */
  public static final String ALL_VOLUMES_READY = "AllVolumesReady";

  /** Ready=False: the launcher pod does not exist. */
  public static final String POD_NOT_EXISTS = "PodNotExists";

  /** Ready=False: the pod exists but the guest is not Running. */
  public static final String GUEST_NOT_RUNNING = "GuestNotRunning";

  /** Ready=False: the guest runs but the pod is not Ready. */
  public static final String POD_NOT_READY = "PodNotReady";

  /** Ready=True. */
  public static final String READY = "Ready";

  /**
   * status.reason of a VMI failed because its pod vanished or failed before the node agent took
   * over.
   */
  public static final String POD_GONE = "PodTerminated";

  /** status.reason of a VMI deleted before it ever ran. */
  public static final String DELETED_BEFORE_START = "DeletedBeforeStart";

  /** status.reason of a VMI whose DataVolume failed. */
  public static final String DATA_VOLUME_ERROR = "DataVolumeError";

  private VmiReasons() {}

  /** Failed: the node agent of the VMI's node stopped beating (KubeVirt's node controller). */
  public static final String NODE_UNRESPONSIVE = "NodeUnresponsive";
}
