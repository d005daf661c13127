package dev.convoy.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.launcher.Launcher;
import dev.convoy.launcher.LauncherConfig;
import dev.convoy.launcher.QemuProcesses;
import dev.convoy.launcher.accel.AcceleratorChoice;
import dev.convoy.launcher.convert.Accelerator;
import dev.convoy.launcher.convert.ClaimStorage;
import dev.convoy.launcher.convert.FirmwarePaths;
import dev.convoy.launcher.convert.MappedVolumeLayout;
import dev.convoy.launcher.convert.NetworkLayout;
import dev.convoy.launcher.libvirt.LibvirtDomainDriver;
import dev.convoy.launcher.protocol.CommandException;
import dev.convoy.launcher.protocol.CommandServer;
import dev.convoy.launcher.protocol.DomainStatus;
import dev.convoy.launcher.protocol.ErrorCodes;
import dev.convoy.launcher.protocol.LauncherClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher service in this JVM against real libvirtd + QEMU (TCG): Kill, Delete, Pause,
 * Unpause, refusals, and 20 start/stop cycles that leave no domain and no QEMU process behind.
 * Domains start paused or are killed right away: these tests exercise the lifecycle, not the guest
 * (LauncherProcessTest boots it).
 */
class LauncherLifecycleTest {
  private static LibvirtDomainDriver driver;

  @TempDir Path dir;
  private final String namespace = "convoy-lt-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void connect() {
    driver = LibvirtDomainDriver.connect(Libvirt.URI);
  }

  @AfterAll
  static void close() {
    driver.close();
  }

  @AfterEach
  void noLeftovers() {
    List<String> domains = Libvirt.domains(namespace + "_");
    Libvirt.removeAll(namespace + "_");
    assertThat(domains).as("domains left behind").isEmpty();
    assertThat(QemuProcesses.withNamePrefix(namespace + "_"))
        .as("QEMU processes left behind")
        .isEmpty();
  }

  private Launcher launcher(Path runDir) throws Exception {
    Files.createDirectories(runDir);
    for (Path p = runDir; !p.equals(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    LauncherConfig config =
        new LauncherConfig(
            runDir,
            runDir.resolve("launcher.sock"),
            new AcceleratorChoice(Accelerator.TCG, "test"),
            new MappedVolumeLayout(
                Map.of("root-claim", new ClaimStorage.Filesystem(dir.resolve("pvc"))),
                Map.of(),
                runDir.resolve("scratch")),
            NetworkLayout.none(),
            FirmwarePaths.debian(),
            Duration.ofSeconds(5));
    return new Launcher(config, driver, Clock.systemUTC());
  }

  private static JsonNode yaml(String text) throws Exception {
    return Serialization.yaml().readTree(text);
  }

  @Test
  @DisplayName("Kill destroys a running guest at once, and the launcher is done with nothing left")
  void killDestroysAtOnce() throws Exception {
    DemoGuestImage.fromBuild().makePvc(dir.resolve("pvc"));
    Launcher launcher = launcher(dir.resolve("run"));
    DomainStatus running =
        launcher.sync(
            yaml(TestVmis.demoGuest(namespace, "victim", "02:c0:7e:57:00:03", 300, true)));
    assertThat(running.state()).isEqualTo("Running");

    long before = System.nanoTime();
    DomainStatus killed = launcher.kill();
    long killMillis = (System.nanoTime() - before) / 1_000_000;
    assertThat(killed.state()).isEqualTo("Shutoff");
    assertThat(killed.reason()).isEqualTo("Destroyed");
    assertThat(killMillis).as("Kill does not wait for the 300 s grace period").isLessThan(30_000);
    assertThat(launcher.awaitDone(Duration.ofSeconds(60))).isTrue();
    assertThat(launcher.status().reason()).isEqualTo(DomainStatus.NON_EXISTENT);
  }

  @Test
  @DisplayName(
      "20 start/stop cycles (paused start; Kill, Delete and Shutdown in turn) leave no domain or QEMU")
  void startStopCycles() throws Exception {
    for (int i = 0; i < 20; i++) {
      Launcher launcher = launcher(dir.resolve("run-" + i));
      DomainStatus started = launcher.sync(yaml(TestVmis.pausedDiskless(namespace, "cycle")));
      assertThat(started.state()).as("cycle %d", i).isEqualTo("Paused");
      switch (i % 3) {
        case 0 -> launcher.kill();
        case 1 -> launcher.delete();
        default -> launcher.shutdown(); // grace 0: destroyed at once
      }
      assertThat(launcher.awaitDone(Duration.ofSeconds(60))).as("cycle %d done", i).isTrue();
      assertThat(Libvirt.domains(namespace + "_")).as("cycle %d", i).isEmpty();
      assertThat(QemuProcesses.of(namespace + "_cycle")).as("cycle %d", i).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "over the socket: Pause and Unpause, and refusals of a second VMI, a bad VMI, Sync after stop")
  void protocolAgainstRealDomain() throws Exception {
    Path run = dir.resolve("run");
    Launcher launcher = launcher(run);
    try (CommandServer server = CommandServer.start(run.resolve("launcher.sock"), launcher)) {
      LauncherClient client = LauncherClient.connect(server.socket());
      assertThatThrownBy(client::pause)
          .extracting(e -> ((CommandException) e).code())
          .isEqualTo(ErrorCodes.NO_DOMAIN);

      var gpuVmi =
          Serialization.yaml()
              .readValue(
                  TestVmis.pausedDiskless(namespace, "gpu")
                      .replace(
                          "autoattachSerialConsole: false",
                          "autoattachSerialConsole: false\n      gpus: [{name: g, deviceName: x}]"),
                  dev.convoy.api.kubevirt.v1.VirtualMachineInstance.class);
      assertThatThrownBy(() -> client.sync(gpuVmi))
          .hasMessageContaining("spec.domain.devices.gpus: not supported")
          .extracting(e -> ((CommandException) e).code())
          .isEqualTo(ErrorCodes.INVALID_VMI);
      assertThat(Libvirt.domains(namespace + "_"))
          .as("nothing defined for a refused VMI")
          .isEmpty();

      var vmi =
          Serialization.yaml()
              .readValue(
                  TestVmis.pausedDiskless(namespace, "proto"),
                  dev.convoy.api.kubevirt.v1.VirtualMachineInstance.class);
      assertThat(client.sync(vmi).state()).isEqualTo("Paused");
      assertThat(client.sync(vmi).state()).as("Sync is idempotent").isEqualTo("Paused");
      assertThat(client.unpause().reason()).isEqualTo("Unpaused");
      assertThat(client.pause().reason()).isEqualTo("User");

      var other =
          Serialization.yaml()
              .readValue(
                  TestVmis.pausedDiskless(namespace, "other"),
                  dev.convoy.api.kubevirt.v1.VirtualMachineInstance.class);
      assertThatThrownBy(() -> client.sync(other))
          .extracting(e -> ((CommandException) e).code())
          .isEqualTo(ErrorCodes.WRONG_VMI);

      client.kill();
      assertThat(launcher.awaitDone(Duration.ofSeconds(60))).isTrue();
      assertThatThrownBy(() -> client.sync(vmi))
          .extracting(e -> ((CommandException) e).code())
          .isEqualTo(ErrorCodes.CONFLICT);
    }
  }
}
