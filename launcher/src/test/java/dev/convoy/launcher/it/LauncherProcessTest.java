package dev.convoy.launcher.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.launcher.QemuProcesses;
import dev.convoy.launcher.protocol.DomainEvent;
import dev.convoy.launcher.protocol.DomainStatus;
import dev.convoy.launcher.protocol.LauncherClient;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a process, with real libvirtd + QEMU (TCG) booting the demo guest: ready marker
 * with the disk checksum and the spec's MAC, SIGTERM → ACPI shutdown the guest honours, a guest
 * that ignores ACPI destroyed after its grace period; never a domain or QEMU process left behind.
 */
class LauncherProcessTest {
  private static final Duration STARTUP = Duration.ofSeconds(90);
  // TCG on 2 shared cores: ~15 s alone, much more while other builds run.
  private static final Duration BOOT = Duration.ofSeconds(300);

  private static DemoGuestImage guest;

  @TempDir Path dir;
  private final String namespace = "convoy-lt-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<DomainEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void demoGuest() {
    guest = DemoGuestImage.fromBuild();
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

  private LauncherProcess start(String vmiYaml) throws Exception {
    Path pvc = guest.makePvc(dir.resolve("pvc"));
    Path vmi = TestVmis.write(dir, "vmi.yaml", vmiYaml);
    Path run = dir.resolve("run");
    LauncherProcess launcher =
        LauncherProcess.start(
            dir.resolve("launcher.log"),
            "--run-dir",
            run.toString(),
            "--vmi",
            vmi.toString(),
            "--pvc",
            "root-claim=" + pvc,
            "--accelerator",
            "tcg");
    return launcher;
  }

  private LauncherClient client(LauncherProcess launcher) {
    Path socket = dir.resolve("run/launcher.sock");
    return await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              assertThat(launcher.isAlive())
                  .as("launcher alive; log: %s", DemoGuestImage.read(launcher.log))
                  .isTrue();
              LauncherClient client = LauncherClient.connect(socket);
              return client.domain().active() ? client : null;
            },
            c -> c != null);
  }

  @Test
  @DisplayName(
      "boots the demo guest: ready with the disk's checksum and the spec's MAC; SIGTERM shuts it down by ACPI")
  void bootAndGracefulShutdown() throws Exception {
    String mac = "02:c0:7e:57:00:01";
    try (LauncherProcess launcher = start(TestVmis.demoGuest(namespace, "demo", mac, 120, true))) {
      LauncherClient client = client(launcher);
      client.watch(events::add, () -> {});
      StringBuffer attached = attachConsole(dir.resolve("run/console.sock"));
      Path consoleLog = dir.resolve("run/serial0.log");

      DemoGuestImage.Ready ready =
          await()
              .atMost(BOOT)
              .pollInterval(Duration.ofMillis(250))
              .until(
                  () -> DemoGuestImage.ready(DemoGuestImage.read(consoleLog)).orElse(null),
                  r -> r != null);
      assertThat(ready.diskSha256()).isEqualTo(guest.dataSha256());
      assertThat(ready.mac()).isEqualTo(mac);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> attached.toString().contains(guest.readyMarker()));

      DomainStatus running = client.domain();
      assertThat(running.name()).isEqualTo(namespace + "_demo");
      assertThat(running.state()).isEqualTo("Running");
      assertThat(running.accelerator()).isEqualTo("tcg");

      launcher.terminate();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> DemoGuestImage.read(consoleLog).contains(guest.poweroffMarker()));
      assertThat(launcher.waitFor(90)).isZero();

      assertThat(events)
          .anySatisfy(
              e -> {
                assertThat(e.domain().state()).isEqualTo("Shutoff");
                assertThat(e.domain().reason()).isEqualTo("Shutdown");
                assertThat(e.domain().gracefulShutdownStartedAt()).isNotNull();
                assertThat(e.domain().gracePeriodExpired()).isFalse();
              });
      // The watch stream is read on another thread: the last event may still be in flight when the
      // launcher has exited, so wait for it rather than read the list at once.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(events.get(events.size() - 1).event()).isEqualTo(DomainEvent.DELETED));
    }
  }

  @Test
  @DisplayName(
      "a guest that ignores the ACPI power button is destroyed once its grace period is over")
  void nonCooperatingGuestIsDestroyed() throws Exception {
    long grace = 4;
    // No ACPI in the domain: the power button does nothing, as with a hung or stubborn guest.
    try (LauncherProcess launcher =
        start(TestVmis.demoGuest(namespace, "stubborn", "02:c0:7e:57:00:02", grace, false))) {
      LauncherClient client = client(launcher);
      client.watch(events::add, () -> {});
      long sigterm = System.nanoTime();
      launcher.terminate();
      assertThat(launcher.waitFor(120)).isZero();
      long elapsedMillis = (System.nanoTime() - sigterm) / 1_000_000;

      assertThat(elapsedMillis)
          .as("the grace period was honoured")
          .isGreaterThanOrEqualTo(grace * 1000);
      assertThat(events)
          .anySatisfy(
              e -> {
                assertThat(e.domain().state()).isEqualTo("Shutoff");
                assertThat(e.domain().reason()).isEqualTo("Destroyed");
                assertThat(e.domain().gracePeriodExpired()).isTrue();
              });
      assertThat(DemoGuestImage.read(dir.resolve("run/serial0.log")))
          .doesNotContain(guest.poweroffMarker());
    }
  }

  /** Attaches to the launcher's console socket and collects what the guest writes. */
  private static StringBuffer attachConsole(Path socket) throws Exception {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    StringBuffer text = new StringBuffer();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = Channels.newInputStream(channel)) {
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) > 0) {
                  text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
              } catch (Exception e) {
                // The launcher closed the console.
              }
            });
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
