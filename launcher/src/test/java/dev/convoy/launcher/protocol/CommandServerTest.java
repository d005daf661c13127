package dev.convoy.launcher.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol's wire behaviour against a recording handler: no libvirt involved. */
class CommandServerTest {
  @TempDir Path dir;

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<Consumer<DomainEvent>> watchers = new CopyOnWriteArrayList<>();
  private CommandServer server;
  private Path socket;

  static DomainStatus status(String state, String reason) {
    return new DomainStatus(
        "ns_vm",
        null,
        "ns",
        "vm",
        null,
        state,
        reason,
        "tcg",
        30L,
        null,
        false,
        "/log",
        "/console");
  }

  private final CommandHandler handler =
      new CommandHandler() {
        @Override
        public DomainStatus sync(JsonNode vmi) throws CommandException {
          calls.add("sync " + vmi.path("metadata").path("name").asText());
          if (vmi.path("metadata").path("name").asText().equals("bad")) {
            throw new CommandException(
                ErrorCodes.INVALID_VMI, "spec.domain.devices.gpus: not supported");
          }
          return status("Running", "Booted");
        }

        @Override
        public DomainStatus shutdown() {
          calls.add("shutdown");
          return status("Running", "Booted");
        }

        @Override
        public DomainStatus kill() {
          calls.add("kill");
          return status("Shutoff", "Destroyed");
        }

        @Override
        public DomainStatus delete() {
          calls.add("delete");
          return status("NoState", "NonExistent");
        }

        @Override
        public DomainStatus pause() {
          calls.add("pause");
          return status("Paused", "User");
        }

        @Override
        public DomainStatus unpause() {
          calls.add("unpause");
          return status("Running", "Unpaused");
        }

        @Override
        public DomainStatus domain() {
          calls.add("domain");
          return status("Running", "Booted");
        }

        @Override
        public AutoCloseable watch(Consumer<DomainEvent> sink) {
          watchers.add(sink);
          sink.accept(new DomainEvent(DomainEvent.ADDED, status("Running", "Booted")));
          return () -> watchers.remove(sink);
        }
      };

  @BeforeEach
  void start() throws Exception {
    socket = dir.resolve("launcher.sock");
    server = CommandServer.start(socket, handler);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static VirtualMachineInstance vmi(String name) {
    VirtualMachineInstance vmi = new VirtualMachineInstance();
    vmi.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    return vmi;
  }

  @Test
  @DisplayName("the client negotiates version 1 and every command reaches the handler")
  void commands() throws Exception {
    LauncherClient client = LauncherClient.connect(socket);
    assertThat(client.version()).isEqualTo(1);
    client.ping();
    assertThat(client.sync(vmi("vm")).state()).isEqualTo("Running");
    assertThat(client.pause().reason()).isEqualTo("User");
    assertThat(client.unpause().reason()).isEqualTo("Unpaused");
    client.shutdown();
    assertThat(client.kill().reason()).isEqualTo("Destroyed");
    assertThat(client.delete().reason()).isEqualTo("NonExistent");
    assertThat(client.domain().name()).isEqualTo("ns_vm");
    assertThat(calls)
        .containsExactly("sync vm", "pause", "unpause", "shutdown", "kill", "delete", "domain");
  }

  @Test
  @DisplayName("a failed command arrives as a CommandException with the server's code")
  void failure() throws Exception {
    LauncherClient client = LauncherClient.connect(socket);
    assertThatThrownBy(() -> client.sync(vmi("bad")))
        .isInstanceOf(CommandException.class)
        .hasMessage("spec.domain.devices.gpus: not supported")
        .extracting(e -> ((CommandException) e).code())
        .isEqualTo(ErrorCodes.INVALID_VMI);
  }

  @Test
  @DisplayName("raw wire: unknown versions, unknown commands and garbage get error responses")
  void wireErrors() throws Exception {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(channel);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      out.write("{\"command\":\"Info\",\"id\":\"a\"}\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine())
          .isEqualTo(
              "{\"id\":\"a\",\"ok\":true,\"message\":\"convoy-launcher\",\"supportedVersions\":[1]}");
      out.write(
          "{\"version\":2,\"id\":\"b\",\"command\":\"Ping\"}\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine())
          .contains("\"ok\":false")
          .contains("\"errorCode\":\"UnsupportedVersion\"");
      out.write(
          "{\"version\":1,\"id\":\"c\",\"command\":\"Reboot\"}\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine())
          .contains("\"errorCode\":\"UnknownCommand\"")
          .contains("unknown command 'Reboot'");
      out.write("{not json\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).contains("\"errorCode\":\"BadRequest\"");
      out.write(
          "{\"version\":1,\"id\":\"d\",\"command\":\"Sync\"}\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine())
          .contains("\"errorCode\":\"BadRequest\"")
          .contains("Sync needs the VMI");
    }
  }

  @Test
  @DisplayName("a watch gets the current status first, then every event, until it is closed")
  void watch() throws Exception {
    LauncherClient client = LauncherClient.connect(socket);
    List<DomainEvent> events = new CopyOnWriteArrayList<>();
    AtomicBoolean ended = new AtomicBoolean();
    LauncherClient.Watch watch = client.watch(events::add, () -> ended.set(true));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1 && watchers.size() == 1);
    watchers.get(0).accept(new DomainEvent(DomainEvent.MODIFIED, status("Shutoff", "Shutdown")));
    await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
    assertThat(events)
        .extracting(DomainEvent::event, e -> e.domain().state(), e -> e.domain().reason())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Added", "Running", "Booted"),
            org.assertj.core.groups.Tuple.tuple("Modified", "Shutoff", "Shutdown"));
    watch.close();
    await().atMost(Duration.ofSeconds(10)).untilTrue(ended);
  }

  @Test
  @DisplayName(
      "events published right before the server closes reach every watcher, the last one included,"
          + " also with an idle request connection open")
  void eventsPublishedBeforeCloseAreDelivered() throws Exception {
    // The launcher publishes Deleted and closes its server at once: a close racing a stream's
    // write must not drop that last event (LauncherProcessTest saw Modified last in CI).
    for (int round = 0; round < 30; round++) {
      server.close();
      watchers.clear();
      server = CommandServer.start(socket, handler);
      LauncherClient client = LauncherClient.connect(socket);
      List<List<DomainEvent>> seen = new CopyOnWriteArrayList<>();
      List<AtomicBoolean> ended = new CopyOnWriteArrayList<>();
      for (int w = 0; w < 3; w++) {
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        AtomicBoolean end = new AtomicBoolean();
        client.watch(events::add, () -> end.set(true));
        seen.add(events);
        ended.add(end);
      }
      SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX);
      idle.connect(UnixDomainSocketAddress.of(socket));
      await().atMost(Duration.ofSeconds(10)).until(() -> watchers.size() == 3);
      for (int i = 0; i < 20; i++) {
        DomainEvent event =
            new DomainEvent(
                i == 19 ? DomainEvent.DELETED : DomainEvent.MODIFIED, status("Shutoff", "n" + i));
        watchers.forEach(sink -> sink.accept(event));
      }
      long closing = System.nanoTime();
      server.close();
      assertThat((System.nanoTime() - closing) / 1_000_000)
          .as("close() does not wait on an idle request connection")
          .isLessThan(1_500);
      for (int w = 0; w < 3; w++) {
        int watcher = w;
        await().atMost(Duration.ofSeconds(10)).untilTrue(ended.get(watcher));
        assertThat(seen.get(watcher))
            .as("round %d, watcher %d", round, watcher)
            .hasSize(21)
            .last()
            .extracting(DomainEvent::event)
            .isEqualTo(DomainEvent.DELETED);
      }
      idle.close();
    }
  }

  @Test
  @DisplayName("no launcher at the socket: a clear IOException")
  void unreachable() {
    assertThatThrownBy(() -> LauncherClient.connect(dir.resolve("nobody.sock")))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("cannot reach the launcher at " + dir.resolve("nobody.sock"));
  }
}
