package dev.convoy.handler.agent;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import java.util.Optional;
import java.util.Set;

/**
 * The node agent's phase decision (KubeVirt's {@code calculateVmPhaseForStatusReason}) as a pure
 * function of the phase the VMI has, what the launcher says about the domain, and whether the
 * launcher answers at all.
 *
 * <table>
 *   <caption>domain state and reason → phase</caption>
 *   <tr><th>domain</th><th>phase</th></tr>
 *   <tr><td>Running, Paused, Blocked, PMSuspended (any reason)</td><td>Running</td></tr>
 *   <tr><td>Shutoff/Crashed, reason Shutdown, Saved, FromSnapshot</td><td>Succeeded (the guest
 *       shut down)</td></tr>
 *   <tr><td>Shutoff/Crashed, reason Destroyed</td><td>Failed when ACPI is on (destroyed after the
 *       grace period, or by someone else), Succeeded without ACPI</td></tr>
 *   <tr><td>Shutoff/Crashed, reason Crashed, Panicked, Failed, Daemon</td><td>Failed</td></tr>
 *   <tr><td>none, VMI Running, launcher answers</td><td>Failed (the domain vanished)</td></tr>
 *   <tr><td>none, VMI Running, launcher unresponsive</td><td>Failed</td></tr>
 *   <tr><td>none, VMI Scheduled, launcher unresponsive</td><td>Failed</td></tr>
 *   <tr><td>anything else (ShuttingDown, Migrated, not synced yet, launcher not answering
 *       for less than a while)</td><td>unchanged</td></tr>
 * </table>
 *
 * A final phase (Succeeded, Failed) never changes, and Running never goes back to Scheduled.
 */
public final class PhaseMapping {
  private static final Set<String> ACTIVE = Set.of("Running", "Paused", "Blocked", "PMSuspended");
  private static final Set<String> DOWN = Set.of("Shutoff", "Crashed");
  private static final Set<String> GUEST_ENDED = Set.of("Shutdown", "Saved", "FromSnapshot");
  private static final Set<String> BROKEN = Set.of("Crashed", "Panicked", "Failed", "Daemon");

  private PhaseMapping() {}

  /** What the launcher reported: KubeVirt's state and reason names. */
  public record Domain(String state, String reason, boolean gracePeriodExpired) {}

  /** Whether the launcher can be asked. */
  public enum Launcher {
    /** Its socket is not there yet (starting up). */
    NOT_READY,
    /** It answered. */
    RESPONSIVE,
    /** It was there and no longer answers, or its process ended. */
    UNRESPONSIVE
  }

  /** A decided phase, with the VMI's {@code status.reason} when it is Failed. */
  public record Decision(String phase, String reason) {}

  /**
   * The phase the VMI should have.
   *
   * @param domain empty when the launcher has no domain (or could not be asked)
   * @param acpi whether the domain has ACPI (KubeVirt's default; off only when the VMI disables
   *     features.acpi)
   */
  public static Decision decide(
      String phase, Optional<Domain> domain, Launcher launcher, boolean acpi) {
    String current = phase == null ? "" : phase;
    if (isFinal(current)) {
      return new Decision(current, null);
    }
    Optional<Domain> live = domain.filter(d -> !"NoState".equals(d.state()));
    if (live.isPresent()) {
      Domain d = live.get();
      if (ACTIVE.contains(d.state())) {
        return new Decision(VirtualMachineInstancePhase.RUNNING, null);
      }
      if (DOWN.contains(d.state())) {
        String reason = d.reason() == null ? "Unknown" : d.reason();
        if (GUEST_ENDED.contains(reason)) {
          return new Decision(VirtualMachineInstancePhase.SUCCEEDED, null);
        }
        if (reason.equals("Destroyed")) {
          if (d.gracePeriodExpired()) {
            return new Decision(VirtualMachineInstancePhase.FAILED, "GracePeriodExpired");
          }
          return acpi
              ? new Decision(VirtualMachineInstancePhase.FAILED, "Destroyed")
              : new Decision(VirtualMachineInstancePhase.SUCCEEDED, null);
        }
        if (BROKEN.contains(reason)) {
          return new Decision(VirtualMachineInstancePhase.FAILED, "Domain" + reason);
        }
        if (d.state().equals("Crashed")) {
          return new Decision(VirtualMachineInstancePhase.FAILED, "DomainCrashed");
        }
      }
      return new Decision(current, null); // ShuttingDown, Migrated, Unknown: keep
    }
    if (current.equals(VirtualMachineInstancePhase.RUNNING) && launcher == Launcher.RESPONSIVE) {
      return new Decision(VirtualMachineInstancePhase.FAILED, "DomainNotFound");
    }
    if (current.equals(VirtualMachineInstancePhase.RUNNING) && launcher == Launcher.UNRESPONSIVE) {
      return new Decision(VirtualMachineInstancePhase.FAILED, "LauncherUnresponsive");
    }
    if (current.equals(VirtualMachineInstancePhase.SCHEDULED)
        && launcher == Launcher.UNRESPONSIVE) {
      return new Decision(VirtualMachineInstancePhase.FAILED, "LauncherUnresponsive");
    }
    return new Decision(current, null);
  }

  /** Succeeded or Failed. */
  public static boolean isFinal(String phase) {
    return VirtualMachineInstancePhase.SUCCEEDED.equals(phase)
        || VirtualMachineInstancePhase.FAILED.equals(phase);
  }
}
