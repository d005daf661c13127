package dev.convoy.launcher.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LauncherPodArgumentsTest {

  static final String[] RENDERED = {
    "--vmi-namespace", "default",
    "--vmi-name", "web",
    "--uid", "u-1",
    "--socket-dir", "/var/run/kubevirt/sockets",
    "--grace-period-seconds", "30"
  };

  @Test
  @DisplayName("parses the operator's arguments, as separate words and as --option=value")
  void parses() {
    LauncherPodArguments expected =
        new LauncherPodArguments("default", "web", "u-1", Path.of("/var/run/kubevirt/sockets"), 30);
    assertThat(LauncherPodArguments.parse(RENDERED)).isEqualTo(expected);
    assertThat(
            LauncherPodArguments.parse(
                "--vmi-namespace=default",
                "--vmi-name=web",
                "--uid=u-1",
                "--socket-dir=/var/run/kubevirt/sockets",
                "--grace-period-seconds=30"))
        .isEqualTo(expected);
    assertThat(expected.commandSocket())
        .isEqualTo(Path.of("/var/run/kubevirt/sockets/launcher-sock"));
  }

  @Test
  @DisplayName("the shared part of the launcher's command line, with the environment's overrides")
  void launcherArguments() {
    LauncherPodArguments pod = LauncherPodArguments.parse(RENDERED);
    assertThat(pod.launcherArguments(Map.of()))
        .containsExactly(
            "--run-dir", "/var/run/kubevirt/sockets",
            "--socket", "/var/run/kubevirt/sockets/launcher-sock",
            "--connect", "qemu:///system",
            "--accelerator", "auto");
    assertThat(
            pod.launcherArguments(
                Map.of("CONVOY_LIBVIRT_URI", "qemu+unix:///system", "CONVOY_ACCELERATOR", "tcg")))
        .containsSubsequence("--connect", "qemu+unix:///system", "--accelerator", "tcg");
  }

  @Test
  @DisplayName("every malformed argument list is refused with a message naming the argument")
  void refuses() {
    assertThatThrownBy(() -> LauncherPodArguments.parse("--vmi-name", "web"))
        .hasMessage("--vmi-namespace is required");
    assertThatThrownBy(() -> LauncherPodArguments.parse(with("--socket-dir", "")))
        .hasMessage("--socket-dir is required");
    assertThatThrownBy(() -> LauncherPodArguments.parse(with("--grace-period-seconds", "soon")))
        .hasMessage("--grace-period-seconds: \"soon\" is not a whole number of seconds >= 0");
    assertThatThrownBy(() -> LauncherPodArguments.parse(with("--grace-period-seconds", "-1")))
        .hasMessageContaining("\"-1\" is not a whole number");
    assertThatThrownBy(() -> LauncherPodArguments.parse(with("--socket-dir", "sockets")))
        .hasMessage("--socket-dir: \"sockets\" is not an absolute path");
    assertThatThrownBy(() -> LauncherPodArguments.parse("--vmi", "x"))
        .hasMessageStartingWith("unknown option --vmi; known: --vmi-namespace, --vmi-name");
    assertThatThrownBy(() -> LauncherPodArguments.parse("web"))
        .hasMessage("unexpected argument \"web\"");
    assertThatThrownBy(() -> LauncherPodArguments.parse("--uid")).hasMessage("--uid needs a value");
    assertThatThrownBy(() -> LauncherPodArguments.parse("--uid", "a", "--uid=b"))
        .hasMessage("--uid is given twice");
  }

  /** The rendered arguments with one option's value replaced. */
  private static String[] with(String option, String value) {
    String[] args = RENDERED.clone();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(option)) {
        args[i + 1] = value;
      }
    }
    return args;
  }
}
