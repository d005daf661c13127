package dev.convoy.plans.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The recorded state of one VM's migration: what the executor persists in the Migration's status
 * and reads back after a restart.
 *
 * @param name the source VM's name
 * @param sourceId the source VM's id in vSphere (e.g. {@code vm-42})
 * @param targetName the VirtualMachine's name
 * @param phase the current step
 * @param phaseSince when the current step started (for timeouts)
 * @param sourceWasOn the source's power state before cutover, recorded in pre-flight (Forklift's
 *     restorePowerState); null until then, and for a source without power state (an OVA)
 * @param disks one entry per disk
 * @param error why the VM failed; null while all is well
 * @param rollbackReason why a rollback ran; null unless one did
 * @param guestChecksum the disk checksum the target guest reported when ready; null until then
 */
public record VmMigration(
    String name,
    String sourceId,
    String targetName,
    VmPhase phase,
    Instant phaseSince,
    Boolean sourceWasOn,
    List<DiskMigration> disks,
    String error,
    RollbackReason rollbackReason,
    String guestChecksum) {

  /** Why a VM was rolled back. */
  public enum RollbackReason {
    /** A step failed. */
    FAILURE,
    /** A user canceled it. */
    CANCELED
  }

  public VmMigration {
    disks = List.copyOf(disks);
  }

  /** A VM waiting for its turn. */
  public static VmMigration pending(
      String name, String sourceId, String targetName, List<DiskMigration> disks, Instant now) {
    return new VmMigration(
        name, sourceId, targetName, VmPhase.PENDING, now, null, disks, null, null, null);
  }

  /** The disk named {@code diskName}. */
  public DiskMigration disk(String diskName) {
    return disks.stream()
        .filter(d -> d.name().equals(diskName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no disk " + diskName + " in " + name));
  }

  /** Bytes copied over all disks. */
  public long bytesCopied() {
    return disks.stream().mapToLong(DiskMigration::bytesCopied).sum();
  }

  /** Bytes to copy over all disks. */
  public long bytesTotal() {
    return disks.stream().mapToLong(DiskMigration::bytesTotal).sum();
  }

  VmMigration to(VmPhase next, Instant now) {
    return new VmMigration(
        name,
        sourceId,
        targetName,
        next,
        next == phase ? phaseSince : now,
        sourceWasOn,
        disks,
        error,
        rollbackReason,
        guestChecksum);
  }

  VmMigration withSourceWasOn(boolean on) {
    return new VmMigration(
        name,
        sourceId,
        targetName,
        phase,
        phaseSince,
        on,
        disks,
        error,
        rollbackReason,
        guestChecksum);
  }

  VmMigration failed(String why, Instant now) {
    return new VmMigration(
        name,
        sourceId,
        targetName,
        VmPhase.FAILED,
        now,
        sourceWasOn,
        disks,
        why,
        RollbackReason.FAILURE,
        guestChecksum);
  }

  VmMigration rollingBack(RollbackReason reason, String why, Instant now) {
    return new VmMigration(
        name,
        sourceId,
        targetName,
        VmPhase.ROLLBACK,
        now,
        sourceWasOn,
        disks,
        why == null ? error : why,
        reason,
        guestChecksum);
  }

  VmMigration withGuestChecksum(String checksum) {
    return new VmMigration(
        name,
        sourceId,
        targetName,
        phase,
        phaseSince,
        sourceWasOn,
        disks,
        error,
        rollbackReason,
        checksum);
  }

  VmMigration withDisk(String diskName, UnaryOperator<DiskMigration> change) {
    List<DiskMigration> copy = new ArrayList<>(disks.size());
    for (DiskMigration d : disks) {
      copy.add(d.name().equals(diskName) ? change.apply(d) : d);
    }
    return new VmMigration(
        name,
        sourceId,
        targetName,
        phase,
        phaseSince,
        sourceWasOn,
        copy,
        error,
        rollbackReason,
        guestChecksum);
  }
}
