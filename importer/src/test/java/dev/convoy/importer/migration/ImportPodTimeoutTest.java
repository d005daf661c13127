package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The import pod's {@code CONVOY_SOURCE_TIMEOUT_SECONDS}, as the controller sets it. */
class ImportPodTimeoutTest {
  @Test
  void unsetOrBlankKeepsTheDefaultAndSecondsInRangeAreTaken() {
    assertThat(ImportPodMain.timeout(null)).isEmpty();
    assertThat(ImportPodMain.timeout(" ")).isEmpty();
    assertThat(ImportPodMain.timeout("3")).isEqualTo(Optional.of(Duration.ofSeconds(3)));
    assertThat(ImportPodMain.timeout("3600")).isEqualTo(Optional.of(Duration.ofHours(1)));
  }

  @Test
  void aValueThatIsNoNumberOrOutOfRangeIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> ImportPodMain.timeout("3s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CONVOY_SOURCE_TIMEOUT_SECONDS is not a number of seconds: \"3s\"");
    for (String bad : new String[] {"0", "-1", "3601"}) {
      assertThatThrownBy(() -> ImportPodMain.timeout(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "CONVOY_SOURCE_TIMEOUT_SECONDS must be between 1 and 3600 seconds, got " + bad);
    }
  }
}
