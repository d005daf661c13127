package dev.convoy.importer.migration.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.api.convoy.v1alpha1.MigrationSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code spec.sourceTimeoutSeconds}: the default, the bounds, the error naming the field. */
class SourceTimeoutSettingTest {
  static MigrationSpec spec(Integer seconds) {
    MigrationSpec spec = new MigrationSpec();
    spec.setSourceTimeoutSeconds(seconds);
    return spec;
  }

  @Test
  void unsetIsSixtySecondsAndAValueInRangeIsTaken() {
    assertThat(MigrationReconciler.sourceTimeout(spec(null))).isEqualTo(Duration.ofSeconds(60));
    assertThat(MigrationReconciler.sourceTimeout(spec(1))).isEqualTo(Duration.ofSeconds(1));
    assertThat(MigrationReconciler.sourceTimeout(spec(3600))).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void outOfRangeIsRefusedNamingTheFieldAndTheValue() {
    for (int bad : new int[] {0, -5, 3601}) {
      assertThatThrownBy(() -> MigrationReconciler.sourceTimeout(spec(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("spec.sourceTimeoutSeconds must be between 1 and 3600 seconds, got " + bad);
    }
  }
}
