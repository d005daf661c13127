package dev.convoy.importer.migration;

/**
 * Annotations an import pod writes on its target PVC, like CDI's {@code cdi.kubevirt.io/storage.*}
 * ones: the executor reads progress and the converted disk from the PVC, so they survive the pod.
 */
public final class ImportAnnotations {
  private ImportAnnotations() {}

  /** {@code <bytesDone>/<bytesTotal>} while copying. */
  public static final String PROGRESS = "convoy.dev/import-progress";

  /**
   * The converted disk, written once it is verified and in place: JSON {@code {"sourceIdentity",
   * "sha256", "verified", "virtualSize"}}.
   */
  public static final String CONVERTED = "convoy.dev/converted-disk";

  /** The last import failure's message. */
  public static final String ERROR = "convoy.dev/import-error";

  /** Label on import pods and their PVCs: the source VM's name. */
  public static final String VM_LABEL = "convoy.dev/migration-vm";

  /** Label on import pods and their PVCs: the disk's name. */
  public static final String DISK_LABEL = "convoy.dev/migration-disk";

  /** Label on everything a migration creates: the Migration's name. */
  public static final String MIGRATION_LABEL = "convoy.dev/migration";
}
