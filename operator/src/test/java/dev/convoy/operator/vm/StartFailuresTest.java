package dev.convoy.operator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineStartFailure;
import dev.convoy.operator.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("crash-loop backoff: 10 s × failures², at most 300 s, in status.startFailure")
class StartFailuresTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest(name = "{0} failures → {1} s")
  @CsvSource({"0, 10", "1, 10", "2, 40", "3, 90", "4, 160", "5, 250", "6, 300", "20, 300"})
  void backoff(int failures, long seconds) {
    assertThat(StartFailures.backoff(failures)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  @DisplayName(
      "a VMI that failed without ever running counts once, and the count grows per new VMI")
  void countsEarlyFailures() {
    VirtualMachineInstance first = Fixtures.vmi("ns", "vm", "uid-1", "Failed");
    VirtualMachineStartFailure f1 = StartFailures.sync(null, first, "Always", NOW);
    assertThat(f1.getConsecutiveFailCount()).isEqualTo(1);
    assertThat(f1.getLastFailedVmiUid()).isEqualTo("uid-1");
    assertThat(f1.getRetryAfterTimestamp()).isEqualTo("2026-01-01T00:00:10Z");

    assertThat(StartFailures.sync(f1, first, "Always", NOW.plusSeconds(5))).isSameAs(f1);

    VirtualMachineInstance second = Fixtures.vmi("ns", "vm", "uid-2", "Failed");
    VirtualMachineStartFailure f2 = StartFailures.sync(f1, second, "Always", NOW.plusSeconds(20));
    assertThat(f2.getConsecutiveFailCount()).isEqualTo(2);
    assertThat(f2.getRetryAfterTimestamp()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(StartFailures.timeLeft(f2, NOW.plusSeconds(30))).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  @DisplayName("a VMI that reached Running clears the count; so does a strategy without restarts")
  void clears() {
    VirtualMachineStartFailure f = new VirtualMachineStartFailure();
    f.setConsecutiveFailCount(3);
    VirtualMachineInstance ran = Fixtures.vmi("ns", "vm", "uid-3", "Failed");
    PhaseTransitionTimestamp t = new PhaseTransitionTimestamp();
    t.setPhase("Running");
    ran.getStatus().setPhaseTransitionTimestamps(List.of(t));
    assertThat(StartFailures.sync(f, ran, "Always", NOW)).isNull();
    assertThat(StartFailures.sync(f, null, "Manual", NOW)).isNull();
    assertThat(StartFailures.sync(f, null, "Always", NOW)).isSameAs(f);
  }
}
