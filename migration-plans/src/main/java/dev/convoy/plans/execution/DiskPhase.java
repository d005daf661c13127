package dev.convoy.plans.execution;

/** The steps of one disk's transfer. */
public enum DiskPhase {
  /** No import pod yet. */
  PENDING("Pending"),
  /** An import pod is copying and converting it. */
  TRANSFERRING("Transferring"),
  /** Converted and verified; the ready marker's checksum is recorded. */
  DONE("Done"),
  /** The import failed more often than allowed. */
  FAILED("Failed");

  private final String displayName;

  DiskPhase(String displayName) {
    this.displayName = displayName;
  }

  /** The name used in status, e.g. {@code Transferring}. */
  public String displayName() {
    return displayName;
  }

  /** The phase named {@code displayName}. */
  public static DiskPhase fromDisplayName(String displayName) {
    for (DiskPhase phase : values()) {
      if (phase.displayName.equals(displayName)) {
        return phase;
      }
    }
    throw new IllegalArgumentException("unknown disk phase \"" + displayName + "\"");
  }
}
