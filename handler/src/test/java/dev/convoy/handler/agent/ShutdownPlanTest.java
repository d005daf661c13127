package dev.convoy.handler.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.handler.agent.ShutdownPlan.Step;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShutdownPlanTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("the first step presses the power button")
  void firstPress() {
    assertThat(ShutdownPlan.next(T0, null, null, 30)).isEqualTo(new Step.PressPowerButton(true));
  }

  @Test
  @DisplayName("presses repeat every 5 s until the grace period ends, then the domain is destroyed")
  void repeatsThenDestroys() {
    assertThat(ShutdownPlan.next(T0.plusSeconds(2), T0, T0, 12))
        .isEqualTo(new Step.Wait(Duration.ofSeconds(3)));
    assertThat(ShutdownPlan.next(T0.plusSeconds(5), T0, T0, 12))
        .isEqualTo(new Step.PressPowerButton(false));
    // the next press would come after the deadline: wake up at the deadline
    assertThat(ShutdownPlan.next(T0.plusSeconds(11), T0, T0.plusSeconds(10), 12))
        .isEqualTo(new Step.Wait(Duration.ofSeconds(1)));
    assertThat(ShutdownPlan.next(T0.plusSeconds(12), T0, T0.plusSeconds(10), 12))
        .isEqualTo(new Step.Destroy());
  }

  @Test
  @DisplayName("after a restart the grace period continues from the recorded first press")
  void restartKeepsGraceStart() {
    // the restarted agent does not know its last press: it presses again, but the deadline stays
    assertThat(ShutdownPlan.next(T0.plusSeconds(20), T0, null, 30))
        .isEqualTo(new Step.PressPowerButton(false));
    assertThat(ShutdownPlan.next(T0.plusSeconds(31), T0, null, 30)).isEqualTo(new Step.Destroy());
  }

  @Test
  @DisplayName("grace period 0 destroys at once")
  void zeroGraceDestroys() {
    assertThat(ShutdownPlan.next(T0, null, null, 0)).isEqualTo(new Step.Destroy());
  }
}
