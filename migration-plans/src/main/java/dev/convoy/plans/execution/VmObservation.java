package dev.convoy.plans.execution;

import java.util.List;
import java.util.Map;

/**
 * What the executor saw of one VM's world just now: the source (in vSphere, or an OVA), the import
 * pods and converted disks, the target VirtualMachine and its instance. Observations are facts,
 * never intentions; the itinerary decides from them.
 *
 * @param source the source VM's power state
 * @param blockingFindings assessment findings that block the VM (Critical), empty when none
 * @param disks per disk name; a disk without an entry has no import pod and no converted disk
 * @param target the target objects
 * @param cancelRequested a user asked to cancel this VM (or its wave)
 */
public record VmObservation(
    SourcePower source,
    List<String> blockingFindings,
    Map<String, DiskObservation> disks,
    TargetObservation target,
    boolean cancelRequested) {

  public VmObservation {
    blockingFindings = List.copyOf(blockingFindings);
    disks = Map.copyOf(disks);
  }

  /** The source's power state, or why it is not known. */
  public enum SourcePower {
    ON,
    OFF,
    SUSPENDED,
    /** vSphere answered that the VM does not exist. */
    MISSING,
    /** vSphere could not be asked (unreachable, session lost). */
    UNKNOWN,
    /**
     * The source is a disk image package (an OVA), not a running machine: it has no power state, so
     * nothing is shut down before its disks are read and nothing is powered on in a rollback.
     */
    IMAGE
  }

  /** What an import pod did. */
  public enum ImportPod {
    /** There is none. */
    NONE,
    /** Created, not finished. */
    RUNNING,
    /** Exited 0. */
    SUCCEEDED,
    /** Exited non-zero or was lost. */
    FAILED
  }

  /**
   * A converted disk's ready marker as found in the target PVC.
   *
   * @param sourceIdentity the source the disk was converted from
   * @param sha256 SHA-256 of the guest-visible content
   * @param verified the conversion compared target and source and found them identical
   */
  public record ReadyMarker(String sourceIdentity, String sha256, boolean verified) {}

  /**
   * One disk.
   *
   * @param importPod the import pod's state
   * @param failure why the import pod failed (its termination message), null otherwise
   * @param marker the ready marker in the PVC, null when there is none
   * @param bytesCopied the import pod's progress
   * @param bytesTotal what it has to copy, 0 when unknown
   */
  public record DiskObservation(
      ImportPod importPod, String failure, ReadyMarker marker, long bytesCopied, long bytesTotal) {
    /** Nothing there: no pod, no marker. */
    public static DiskObservation none() {
      return new DiskObservation(ImportPod.NONE, null, null, 0, 0);
    }
  }

  /** The VirtualMachineInstance's phase as far as the itinerary cares. */
  public enum InstancePhase {
    NONE,
    STARTING,
    RUNNING,
    FAILED,
    SUCCEEDED
  }

  /**
   * The target objects.
   *
   * @param virtualMachineExists the VirtualMachine exists
   * @param instance its VirtualMachineInstance's phase
   * @param instanceFailure why the instance failed, null otherwise
   * @param readyChecksum the disk checksum in the guest's ready signal, null before it appeared
   * @param leftovers target objects other than the VirtualMachine/instance still present (PVCs,
   *     import pods), which a rollback must remove
   * @param expectedReadyChecksum what the guest must report, when the signal covers part of the
   *     disk (the demo guest hashes a data region); null: the converted boot disk's checksum
   */
  public record TargetObservation(
      boolean virtualMachineExists,
      InstancePhase instance,
      String instanceFailure,
      String readyChecksum,
      int leftovers,
      String expectedReadyChecksum) {

    /** Without an expected checksum of its own: the guest reports the whole boot disk's. */
    public TargetObservation(
        boolean virtualMachineExists,
        InstancePhase instance,
        String instanceFailure,
        String readyChecksum,
        int leftovers) {
      this(virtualMachineExists, instance, instanceFailure, readyChecksum, leftovers, null);
    }

    /** No target objects at all. */
    public static TargetObservation absent() {
      return new TargetObservation(false, InstancePhase.NONE, null, null, 0);
    }

    /** Whether anything of the target is left. */
    public boolean anyPresent() {
      return virtualMachineExists || instance != InstancePhase.NONE || leftovers > 0;
    }
  }

  /** The disk named {@code name}, or {@link DiskObservation#none()}. */
  public DiskObservation disk(String name) {
    return disks.getOrDefault(name, DiskObservation.none());
  }
}
