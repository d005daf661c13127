package dev.convoy.plans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.Serialization;
import dev.convoy.api.convoy.v1alpha1.PlannedWave;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlannedWavesTest {
  @Test
  @DisplayName("the demo's waves as MigrationPlan status.waves, windows in their own zone")
  void demoStatus() throws Exception {
    Path root = Path.of(System.getProperty("convoy.root", ".."));
    var planned = PlanWorkflow.plan(root.resolve("examples/plans/demo.yaml"), List.of());
    List<PlannedWave> waves = PlannedWaves.of(planned.waves());
    assertThat(Serialization.toJson(waves.get(1)))
        .isEqualTo(
            "{\"name\":\"wave-02\",\"vms\":[\"DC0_C0_RP0_VM1\",\"convoy-demo-guest\"],"
                + "\"vmCount\":2,\"diskCount\":2,\"provisionedGiB\":0.06,\"estimatedSeconds\":2,"
                + "\"window\":{\"start\":\"2026-12-12T22:00\",\"end\":\"2026-12-13T02:00\","
                + "\"timeZone\":\"Europe/Berlin\"}}");
  }
}
