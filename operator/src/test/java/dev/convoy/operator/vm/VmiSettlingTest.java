package dev.convoy.operator.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.KubeVirtCondition;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.vmi.VmiReasons;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("VM status writes are held back only while the VMI awaits its own controller")
class VmiSettlingTest {

  static VirtualMachineInstance vmi(String phase, String readyReason) {
    VirtualMachineInstance vmi = Fixtures.vmi("ns", "vm", "uid", phase);
    if (!readyReason.isEmpty()) {
      KubeVirtCondition ready = new KubeVirtCondition();
      ready.setType("Ready");
      ready.setStatus(VmiReasons.READY.equals(readyReason) ? "True" : "False");
      ready.setReason(readyReason);
      vmi.getStatus().setConditions(List.of(ready));
    }
    return vmi;
  }

  @ParameterizedTest(name = "phase ''{0}'', Ready reason ''{1}'' → hold {2}")
  @CsvSource({
    "'',         '',              true",
    "Pending,    PodNotExists,    false",
    "Scheduling, GuestNotRunning, false",
    "Scheduled,  GuestNotRunning, false",
    "Running,    GuestNotRunning, true",
    "Running,    PodNotReady,     false",
    "Running,    Ready,           false",
    "Failed,     GuestNotRunning, false",
  })
  void holds(String phase, String readyReason, boolean hold) {
    assertThat(VmiSettling.awaitsVmiController(vmi(phase, readyReason))).isEqualTo(hold);
  }

  @org.junit.jupiter.api.Test
  void neverForADeletedOrMissingVmi() {
    VirtualMachineInstance deleting = vmi("", "");
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(VmiSettling.awaitsVmiController(deleting)).isFalse();
    assertThat(VmiSettling.awaitsVmiController(null)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void holdIsBounded() {
    Instant since = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(VmiSettling.holdLeft(since, since.plusSeconds(1)))
        .isEqualTo(VmiSettling.LIMIT.minusSeconds(1));
    assertThat(VmiSettling.holdLeft(since, since.plus(VmiSettling.LIMIT))).isEqualTo(Duration.ZERO);
  }
}
