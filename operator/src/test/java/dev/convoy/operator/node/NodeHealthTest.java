package dev.convoy.operator.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("node heartbeat (KubeVirt's node controller): stale nodes and the VMIs they fail")
class NodeHealthTest {

  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  static Node node(String heartbeat, String schedulable) {
    NodeBuilder b = new NodeBuilder().withNewMetadata().withName("n").endMetadata();
    if (!heartbeat.isEmpty()) {
      b.editMetadata().addToAnnotations("kubevirt.io/heartbeat", heartbeat).endMetadata();
    }
    if (!schedulable.isEmpty()) {
      b.editMetadata().addToLabels("kubevirt.io/schedulable", schedulable).endMetadata();
    }
    return b.build();
  }

  @ParameterizedTest(
      name = "heartbeat ''{0}'', schedulable ''{1}'' → unresponsive {2}, relabel {3}")
  @CsvSource({
    "'',                   true,  false, false",
    "not-a-time,           true,  false, false",
    "2026-01-01T11:59:45Z, true,  false, false",
    "2026-01-01T11:55:01Z, true,  false, false",
    "2026-01-01T11:55:00Z, true,  true,  true",
    "2026-01-01T11:00:00Z, true,  true,  true",
    "2026-01-01T11:00:00Z, false, true,  false",
    "2026-01-01T11:00:00Z, '',    true,  false",
  })
  void verdict(String heartbeat, String schedulable, boolean unresponsive, boolean relabel) {
    assertThat(NodeHealth.of(node(heartbeat, schedulable), NOW, TIMEOUT))
        .isEqualTo(new NodeHealth.Verdict(unresponsive, relabel));
  }

  @ParameterizedTest(name = "VMI in phase ''{0}'' fails with its node: {1}")
  @CsvSource({
    "'',         false",
    "Pending,    true",
    "Scheduling, true",
    "Scheduled,  true",
    "Running,    true",
    "Succeeded,  false",
    "Failed,     false",
  })
  void whichVmisFail(String phase, boolean fails) {
    assertThat(NodeHealth.failsWithNode(Fixtures.vmi("ns", "vm", "uid", phase))).isEqualTo(fails);
  }

  @Test
  void failedCopy() {
    VirtualMachineInstance running = Fixtures.vmi("ns", "vm", "uid", "Running");
    VirtualMachineInstance failed = NodeHealth.failed(running, NOW.plusMillis(700));
    assertThat(failed.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(failed.getStatus().getReason()).isEqualTo("NodeUnresponsive");
    assertThat(failed.getStatus().getPhaseTransitionTimestamps())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getPhase()).isEqualTo("Failed");
              assertThat(t.getPhaseTransitionTimestamp()).isEqualTo("2026-01-01T12:00:00Z");
            });
    assertThat(running.getStatus().getPhase()).isEqualTo("Running"); // input untouched
  }
}
