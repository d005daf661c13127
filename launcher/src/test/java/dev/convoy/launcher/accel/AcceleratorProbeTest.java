package dev.convoy.launcher.accel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.launcher.convert.Accelerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceleratorProbeTest {
  @TempDir Path dir;

  private AcceleratorProbe probeWith(String... modules) throws IOException {
    Path sys = Files.createDirectories(dir.resolve("sys/module"));
    for (String module : modules) {
      Files.createDirectories(sys.resolve(module));
    }
    Path kvm = Files.writeString(dir.resolve("kvm"), "");
    return new AcceleratorProbe(kvm, sys, "qemu-system-x86_64", 20_000);
  }

  @Test
  @DisplayName("kvm_pvm alone behind /dev/kvm means TCG: presence of /dev/kvm is not enough")
  void pvmIsNotKvm() throws IOException {
    AcceleratorChoice choice = probeWith("kvm", "kvm_pvm").probe();
    assertThat(choice.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(choice.reason()).contains("kvm_pvm");
  }

  @Test
  @DisplayName("kvm_intel or kvm_amd is hardware virtualization, even next to kvm_pvm")
  void hardwareModules() throws IOException {
    assertThat(probeWith("kvm", "kvm_intel").backingModuleProblem()).isNull();
    assertThat(probeWith("kvm", "kvm_amd", "kvm_pvm").backingModuleProblem()).isNull();
  }

  @Test
  @DisplayName("without /dev/kvm the choice is TCG")
  void noDevice() {
    var probe = new AcceleratorProbe(dir.resolve("missing"), dir, "qemu-system-x86_64", 20_000);
    assertThat(probe.probe())
        .isEqualTo(
            new AcceleratorChoice(Accelerator.TCG, dir.resolve("missing") + " does not exist"));
  }

  @Test
  @DisplayName("the probe firmware makes real QEMU exit with the expected code (checked under TCG)")
  void probeFirmwareRuns() throws IOException {
    assertThat(probeWith().bootProbe("tcg")).isNull();
  }

  @Test
  @DisplayName("a QEMU that cannot run the probe makes the boot probe fail with the reason")
  void bootProbeFailure() throws IOException {
    var probe = new AcceleratorProbe(dir.resolve("kvm"), dir, "/nonexistent/qemu", 20_000);
    assertThat(probe.bootProbe("tcg")).startsWith("cannot run /nonexistent/qemu");
  }

  @Test
  @DisplayName("configuration forces an accelerator without probing; auto probes this host")
  void modes() {
    var host = new AcceleratorProbe();
    assertThat(host.choose(AcceleratorMode.KVM).accelerator()).isEqualTo(Accelerator.KVM);
    assertThat(host.choose(AcceleratorMode.TCG).accelerator()).isEqualTo(Accelerator.TCG);
    AcceleratorChoice auto = host.choose(AcceleratorMode.AUTO);
    boolean pvmOnly =
        Files.isDirectory(Path.of("/sys/module/kvm_pvm"))
            && !Files.isDirectory(Path.of("/sys/module/kvm_intel"))
            && !Files.isDirectory(Path.of("/sys/module/kvm_amd"));
    if (pvmOnly || !Files.exists(Path.of("/dev/kvm"))) {
      assertThat(auto.accelerator()).as(auto.reason()).isEqualTo(Accelerator.TCG);
    }
    assertThat(auto.reason()).isNotBlank();
  }

  @Test
  @DisplayName("modes parse case-insensitively; anything else is a clear error")
  void parse() {
    assertThat(AcceleratorMode.parse("Auto")).isEqualTo(AcceleratorMode.AUTO);
    assertThatThrownBy(() -> AcceleratorMode.parse("hvf"))
        .hasMessage("accelerator 'hvf' is not one of kvm, tcg, auto");
  }
}
