package dev.convoy.handler.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LocalLauncherMainTest {

  @Test
  @DisplayName(
      "the operator's pod arguments and the runner's claim table become the launcher's command line")
  void mapsPodArguments() throws Exception {
    String[] podArgs = {
      "--vmi-namespace",
      "default",
      "--vmi-name",
      "web",
      "--uid",
      "u-1",
      "--socket-dir",
      "/run/convoy/abcd/p1/sockets",
      "--grace-period-seconds",
      "30"
    };
    assertThat(
            LocalLauncherMain.launcherArguments(
                podArgs,
                Map.of(
                    "CONVOY_VOLUME_CLAIMS", "{\"web-disk\":\"/data/volumes/pvc-1\"}",
                    "CONVOY_ACCELERATOR", "tcg")))
        .containsExactly(
            "--run-dir", "/run/convoy/abcd/p1/sockets",
            "--socket", "/run/convoy/abcd/p1/sockets/launcher-sock",
            "--connect", "qemu:///system",
            "--accelerator", "tcg",
            "--pvc", "web-disk=/data/volumes/pvc-1");
  }

  @Test
  @DisplayName("without --socket-dir the adapter refuses with a clear message")
  void needsSocketDir() {
    assertThatThrownBy(
            () ->
                LocalLauncherMain.launcherArguments(
                    new String[] {
                      "--vmi-namespace", "default",
                      "--vmi-name", "x",
                      "--uid", "u-1",
                      "--grace-period-seconds", "30"
                    },
                    Map.of()))
        .hasMessage("--socket-dir is required");
  }
}
