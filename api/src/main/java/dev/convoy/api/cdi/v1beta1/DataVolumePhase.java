package dev.convoy.api.cdi.v1beta1;

/** Common values of {@code status.phase} of a DataVolume (CDI DataVolumePhase; CDI has more). */
public final class DataVolumePhase {

  /** Nothing happened yet. */
  public static final String PENDING = "Pending";

  /** The PVC is bound. */
  public static final String PVC_BOUND = "PVCBound";

  /** The PVC uses WaitForFirstConsumer binding and no pod consumes it yet. */
  public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

  /** The importer pod is being scheduled. */
  public static final String IMPORT_SCHEDULED = "ImportScheduled";

  /** The importer pod is copying data. */
  public static final String IMPORT_IN_PROGRESS = "ImportInProgress";

  /** A clone is being scheduled. */
  public static final String CLONE_SCHEDULED = "CloneScheduled";

  /** A clone is copying data. */
  public static final String CLONE_IN_PROGRESS = "CloneInProgress";

  /** The upload pod is being scheduled. */
  public static final String UPLOAD_SCHEDULED = "UploadScheduled";

  /** The upload pod accepts data. */
  public static final String UPLOAD_READY = "UploadReady";

  /** The import, clone or upload finished. */
  public static final String SUCCEEDED = "Succeeded";

  /** The import, clone or upload failed. */
  public static final String FAILED = "Failed";

  /** The phase cannot be determined. */
  public static final String UNKNOWN = "Unknown";

  private DataVolumePhase() {}
}
