package dev.convoy.launcher.protocol;

/**
 * The launcher's view of its domain, as it travels in responses and events.
 *
 * @param name libvirt domain name, {@code <namespace>_<name>}
 * @param uuid domain (firmware) UUID, when defined
 * @param vmiNamespace namespace of the VMI the launcher serves
 * @param vmiName name of that VMI
 * @param vmiUid UID of that VMI, when it has one
 * @param state KubeVirt's state name: Running, Paused, Shutoff, ..., or NoState when no domain
 *     exists
 * @param reason KubeVirt's reason name: Booted, User, Shutdown, Destroyed, ..., NonExistent
 * @param accelerator kvm or tcg
 * @param gracePeriodSeconds the VMI's termination grace period
 * @param gracefulShutdownStartedAt when the first ACPI power-button press was sent (ISO-8601), if a
 *     graceful shutdown is in progress or happened
 * @param gracePeriodExpired true when the guest ignored the power button for the whole grace period
 *     and was destroyed (KubeVirt then marks the VMI Failed)
 * @param consoleLog file with everything the guest wrote to its serial console
 * @param consoleSocket unix socket for an interactive serial console
 */
public record DomainStatus(
    String name,
    String uuid,
    String vmiNamespace,
    String vmiName,
    String vmiUid,
    String state,
    String reason,
    String accelerator,
    Long gracePeriodSeconds,
    String gracefulShutdownStartedAt,
    boolean gracePeriodExpired,
    String consoleLog,
    String consoleSocket) {

  /** KubeVirt's reason for a domain that does not exist. */
  public static final String NON_EXISTENT = "NonExistent";

  /** Whether QEMU runs for the domain. */
  public boolean active() {
    return state != null && !state.equals("Shutoff") && !state.equals("NoState");
  }
}
