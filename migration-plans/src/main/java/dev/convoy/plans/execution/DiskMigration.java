package dev.convoy.plans.execution;

/**
 * The recorded state of one disk's transfer.
 *
 * @param name the disk's name within the VM (e.g. {@code disk-0})
 * @param targetPvc the PVC the import pod writes into
 * @param sourceIdentity what identifies the source bytes (URL and size, OVA member), compared with
 *     a ready marker's to recognise a disk converted from this very source
 * @param phase where the transfer stands
 * @param attempts import pods started so far
 * @param sha256 SHA-256 of the guest-visible content from the ready marker, once done
 * @param bytesCopied bytes copied so far, from the import pod's progress
 * @param bytesTotal bytes to copy
 */
public record DiskMigration(
    String name,
    String targetPvc,
    String sourceIdentity,
    DiskPhase phase,
    int attempts,
    String sha256,
    long bytesCopied,
    long bytesTotal) {

  /** A disk not yet started. */
  public static DiskMigration pending(
      String name, String targetPvc, String sourceIdentity, long bytesTotal) {
    return new DiskMigration(
        name, targetPvc, sourceIdentity, DiskPhase.PENDING, 0, null, 0, bytesTotal);
  }

  DiskMigration withPhase(DiskPhase next) {
    return new DiskMigration(
        name, targetPvc, sourceIdentity, next, attempts, sha256, bytesCopied, bytesTotal);
  }

  DiskMigration started() {
    return new DiskMigration(
        name,
        targetPvc,
        sourceIdentity,
        DiskPhase.TRANSFERRING,
        attempts + 1,
        sha256,
        0,
        bytesTotal);
  }

  DiskMigration progressed(long copied, long total) {
    return new DiskMigration(
        name,
        targetPvc,
        sourceIdentity,
        phase,
        attempts,
        sha256,
        copied,
        total > 0 ? total : bytesTotal);
  }

  DiskMigration done(String checksum) {
    return new DiskMigration(
        name,
        targetPvc,
        sourceIdentity,
        DiskPhase.DONE,
        attempts,
        checksum,
        bytesTotal,
        bytesTotal);
  }
}
