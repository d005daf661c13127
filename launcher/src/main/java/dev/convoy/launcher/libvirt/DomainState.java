package dev.convoy.launcher.libvirt;

/**
 * A domain's state, named as KubeVirt's launcher reports it ({@code api.LifeCycle}): the strings
 * the node agent maps to VMI phases.
 */
public enum DomainState {
  NO_STATE("NoState"),
  RUNNING("Running"),
  BLOCKED("Blocked"),
  PAUSED("Paused"),
  SHUTTING_DOWN("ShuttingDown"),
  SHUTOFF("Shutoff"),
  CRASHED("Crashed"),
  PM_SUSPENDED("PMSuspended");

  private final String kubevirtName;

  DomainState(String kubevirtName) {
    this.kubevirtName = kubevirtName;
  }

  /** KubeVirt's name for the state. */
  public String kubevirtName() {
    return kubevirtName;
  }

  /** Whether QEMU runs for the domain (anything but shut off or not started). */
  public boolean active() {
    return this != SHUTOFF && this != NO_STATE;
  }

  /** libvirt's {@code virDomainState} number → state. */
  static DomainState fromLibvirt(int state) {
    return switch (state) {
      case 1 -> RUNNING;
      case 2 -> BLOCKED;
      case 3 -> PAUSED;
      case 4 -> SHUTTING_DOWN;
      case 5 -> SHUTOFF;
      case 6 -> CRASHED;
      case 7 -> PM_SUSPENDED;
      default -> NO_STATE;
    };
  }

  /**
   * libvirt's per-state reason number → KubeVirt's reason name (the {@code virDomain*Reason} enums
   * of libvirt's public header).
   */
  static String reasonFromLibvirt(DomainState state, int reason) {
    String[] names =
        switch (state) {
          case RUNNING ->
              new String[] {
                "Unknown", "Booted", "Migrated", "Restored", "FromSnapshot", "Unpaused",
                "MigrationCanceled", "SaveCanceled", "Wakeup", "Crashed", "PostCopy",
                    "PostCopyFailed"
              };
          case PAUSED ->
              new String[] {
                "Unknown",
                "User",
                "Migration",
                "Save",
                "Dump",
                "IOError",
                "Watchdog",
                "FromSnapshot",
                "ShuttingDown",
                "Snapshot",
                "Crashed",
                "StartingUp",
                "PostCopy",
                "PostCopyFailed",
                "APIError"
              };
          case SHUTTING_DOWN -> new String[] {"Unknown", "User"};
          case SHUTOFF ->
              new String[] {
                "Unknown",
                "Shutdown",
                "Destroyed",
                "Crashed",
                "Migrated",
                "Saved",
                "Failed",
                "FromSnapshot",
                "Daemon"
              };
          case CRASHED -> new String[] {"Unknown", "Panicked"};
          default -> new String[] {"Unknown"};
        };
    return reason >= 0 && reason < names.length ? names[reason] : "Unknown";
  }
}
