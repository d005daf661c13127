package dev.convoy.plans.execution;

/**
 * The steps of one VM's cold migration, in Forklift's spirit (StorePowerState, PowerOffSource,
 * WaitForPowerOff, CopyDisks, CreateVM): the happy path runs top to bottom; {@link #FAILED} and a
 * cancel lead through {@link #ROLLBACK} to {@link #ROLLED_BACK}.
 */
public enum VmPhase {
  /** Waiting for its wave and a concurrency slot. */
  PENDING("Pending"),
  /** Checks that block the VM (critical findings, missing source); records the power state. */
  PRE_FLIGHT("PreFlight"),
  /** Graceful guest shutdown, power-off after a timeout. */
  POWER_OFF_SOURCE("PowerOffSource"),
  /** Until vSphere reports the source powered off. */
  WAIT_FOR_POWER_OFF("WaitForPowerOff"),
  /** One import pod per disk until every disk is verifiably converted. */
  TRANSFER_DISKS("TransferDisks"),
  /** The VirtualMachine from the generated manifest, started. */
  CREATE_VIRTUAL_MACHINE("CreateVirtualMachine"),
  /** Until its VirtualMachineInstance is Running. */
  WAIT_FOR_RUNNING("WaitForRunning"),
  /** Until the guest signals readiness (e.g. the demo guest's console marker). */
  WAIT_FOR_READY("WaitForReady"),
  /** Migrated; the target runs, the source stays off. */
  COMPLETED("Completed"),
  /** A step failed; the rollback starts next. */
  FAILED("Failed"),
  /** Removing target objects, then restoring the source's power. */
  ROLLBACK("Rollback"),
  /** Rolled back after a failure or a cancel; the source is as it was before. */
  ROLLED_BACK("RolledBack");

  private final String displayName;

  VmPhase(String displayName) {
    this.displayName = displayName;
  }

  /** The name used in status and on screen, e.g. {@code WaitForPowerOff}. */
  public String displayName() {
    return displayName;
  }

  /** Whether nothing more happens to the VM unless a user acts (cancel after cutover). */
  public boolean isFinal() {
    return this == COMPLETED || this == ROLLED_BACK;
  }

  /**
   * Whether the VM holds a concurrency slot: from pre-flight until its disks are copied (like
   * Forklift's scheduler, creating and booting the target costs no transfer capacity).
   */
  public boolean holdsTransferSlot() {
    return this == PRE_FLIGHT
        || this == POWER_OFF_SOURCE
        || this == WAIT_FOR_POWER_OFF
        || this == TRANSFER_DISKS;
  }

  /** The phase named {@code displayName}, for reading status back. */
  public static VmPhase fromDisplayName(String displayName) {
    for (VmPhase phase : values()) {
      if (phase.displayName.equals(displayName)) {
        return phase;
      }
    }
    throw new IllegalArgumentException("unknown VM migration phase \"" + displayName + "\"");
  }
}
