package dev.convoy.handler.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.handler.agent.PhaseMapping.Domain;
import dev.convoy.handler.agent.PhaseMapping.Launcher;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhaseMappingTest {

  @ParameterizedTest(name = "{0} + domain {1}/{2} (expired={3}, acpi={4}, launcher {5}) -> {6} {7}")
  @DisplayName("the VMI phase follows the domain's state and reason, as KubeVirt's handler decides")
  @CsvSource(
      nullValues = "-",
      value = {
        // current,  state,       reason,        expired, acpi,  launcher,     phase,      reason
        "Scheduled,  Running,     Booted,        false,   true,  RESPONSIVE,   Running,    -",
        "Scheduled,  Paused,      StartingUp,    false,   true,  RESPONSIVE,   Running,    -",
        "Running,    Paused,      User,          false,   true,  RESPONSIVE,   Running,    -",
        "Running,    Blocked,     Unknown,       false,   true,  RESPONSIVE,   Running,    -",
        "Running,    PMSuspended, Unknown,       false,   true,  RESPONSIVE,   Running,    -",
        "Running,    ShuttingDown,User,          false,   true,  RESPONSIVE,   Running,    -",
        "Running,    Shutoff,     Shutdown,      false,   true,  RESPONSIVE,   Succeeded,  -",
        "Running,    Shutoff,     Saved,         false,   true,  RESPONSIVE,   Succeeded,  -",
        "Running,    Shutoff,     FromSnapshot,  false,   true,  RESPONSIVE,   Succeeded,  -",
        "Running,    Shutoff,     Destroyed,     true,    true,  RESPONSIVE,   Failed,     GracePeriodExpired",
        "Running,    Shutoff,     Destroyed,     false,   true,  RESPONSIVE,   Failed,     Destroyed",
        "Running,    Shutoff,     Destroyed,     false,   false, RESPONSIVE,   Succeeded,  -",
        "Running,    Shutoff,     Crashed,       false,   true,  RESPONSIVE,   Failed,     DomainCrashed",
        "Running,    Crashed,     Panicked,      false,   true,  RESPONSIVE,   Failed,     DomainPanicked",
        "Running,    Crashed,     Unknown,       false,   true,  RESPONSIVE,   Failed,     DomainCrashed",
        "Running,    Shutoff,     Failed,        false,   true,  RESPONSIVE,   Failed,     DomainFailed",
        "Running,    Shutoff,     Daemon,        false,   true,  RESPONSIVE,   Failed,     DomainDaemon",
        "Running,    Shutoff,     Migrated,      false,   true,  RESPONSIVE,   Running,    -",
        "Running,    -,           -,             false,   true,  RESPONSIVE,   Failed,     DomainNotFound",
        "Running,    NoState,     NonExistent,   false,   true,  RESPONSIVE,   Failed,     DomainNotFound",
        "Running,    -,           -,             false,   true,  UNRESPONSIVE, Failed,     LauncherUnresponsive",
        "Running,    -,           -,             false,   true,  NOT_READY,    Running,    -",
        "Scheduled,  -,           -,             false,   true,  UNRESPONSIVE, Failed,     LauncherUnresponsive",
        "Scheduled,  -,           -,             false,   true,  NOT_READY,    Scheduled,  -",
        "Scheduled,  -,           -,             false,   true,  RESPONSIVE,   Scheduled,  -",
        "Scheduled,  NoState,     NonExistent,   false,   true,  RESPONSIVE,   Scheduled,  -",
        // final phases never change, whatever the domain does
        "Succeeded,  Running,     Booted,        false,   true,  RESPONSIVE,   Succeeded,  -",
        "Failed,     Running,     Booted,        false,   true,  RESPONSIVE,   Failed,     -",
        "Failed,     -,           -,             false,   true,  UNRESPONSIVE, Failed,     -",
      })
  void phaseForDomain(
      String current,
      String state,
      String reason,
      boolean expired,
      boolean acpi,
      Launcher launcher,
      String phase,
      String failedReason) {
    Optional<Domain> domain =
        state == null ? Optional.empty() : Optional.of(new Domain(state, reason, expired));
    PhaseMapping.Decision decision = PhaseMapping.decide(current, domain, launcher, acpi);
    assertThat(decision.phase()).isEqualTo(phase);
    assertThat(decision.reason()).isEqualTo(failedReason);
  }
}
