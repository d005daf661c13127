package dev.convoy.handler.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPodRunnerSettingsTest {
  private static final LocalPodRunner.Settings SETTINGS =
      new LocalPodRunner.Settings(
          "node-a",
          LocalImages.defaults(),
          "java",
          "convoy.jar",
          List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m"),
          Path.of("kubeconfig"),
          Map.of());

  @Test
  void launcherPodsKeepTheC1OnlyLimit() {
    assertThat(SETTINGS.javaOptionsFor(LocalImages.LAUNCHER_MAIN))
        .containsExactly("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m");
  }

  @Test
  void importPodsGetTheDefaultTieredJit() {
    assertThat(SETTINGS.javaOptionsFor("dev.convoy.importer.migration.ImportPodMain"))
        .containsExactly("-XX:+UseSerialGC", "-Xss512k", "-Xmx128m");
  }
}
