package dev.convoy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.operator.vmi.LauncherSettings;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("operator settings from CONVOY_* variables and --key=value arguments")
class OperatorConfigTest {

  @Test
  @DisplayName("defaults, environment, and arguments overriding the environment")
  void layering() throws Exception {
    OperatorConfig defaults = OperatorConfig.parse(Map.of("POD_NAMESPACE", "convoy-system"));
    assertThat(defaults.namespaces()).isEmpty();
    assertThat(defaults.leaderElection()).isTrue();
    assertThat(defaults.leaseNamespace()).isEqualTo("convoy-system");
    assertThat(defaults.launcher().kvm()).isEqualTo(LauncherSettings.KvmAccess.DEVICE_PLUGIN);
    assertThat(defaults.opsPort()).isEqualTo(8080);

    OperatorConfig c =
        OperatorConfig.parse(
            Map.of(
                "CONVOY_LAUNCHER_IMAGE",
                "env/launcher:1",
                "CONVOY_KVM",
                "emulation",
                "CONVOY_NAMESPACES",
                "a, b"),
            "--launcher-image=arg/launcher:2",
            "--leader-election=false",
            "--privileged-users=system:serviceaccount:x:y");
    assertThat(c.launcher().image()).isEqualTo("arg/launcher:2");
    assertThat(c.launcher().kvm()).isEqualTo(LauncherSettings.KvmAccess.EMULATION);
    assertThat(c.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(c.leaderElection()).isFalse();
    assertThat(c.privilegedUsers()).containsExactly("system:serviceaccount:x:y");
  }

  @Test
  @DisplayName("bad settings are named in the error")
  void errors() {
    assertThatThrownBy(() -> OperatorConfig.parse(Map.of(), "--kvm=maybe"))
        .hasMessage("kvm: \"maybe\" is not one of device-plugin, host-path, emulation");
    assertThatThrownBy(() -> OperatorConfig.parse(Map.of("CONVOY_OPS_PORT", "http")))
        .hasMessage("ops-port: \"http\" is not a whole number");
    assertThatThrownBy(() -> OperatorConfig.parse(Map.of(), "--colour=blue"))
        .hasMessageStartingWith("unknown argument --colour");
    assertThatThrownBy(() -> OperatorConfig.parse(Map.of(), "verbose"))
        .hasMessageStartingWith("argument \"verbose\": expected --key=value");
    assertThatThrownBy(() -> OperatorConfig.parse(Map.of(), "--reconcile-threads=0"))
        .hasMessage("reconcile-threads: must be at least 1, got 0");
  }
}
