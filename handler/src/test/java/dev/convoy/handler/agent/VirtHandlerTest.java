package dev.convoy.handler.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Annotations;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.api.AdmissionHook;
import dev.convoy.handler.local.api.LocalApiServer;
import dev.convoy.launcher.protocol.CommandServer;
import dev.convoy.launcher.protocol.LauncherClient;
import dev.convoy.operator.node.NodeController;
import dev.convoy.operator.vmi.VmiReasons;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtHandlerTest {
  private static final String NODE = "node-a";

  @TempDir Path dataDir;
  private LocalPaths paths;
  private LocalApiServer api;
  private KubernetesClient client;
  private VirtHandler handler;
  private final List<CommandServer> servers = new ArrayList<>();

  /** The domains the agent reaped (name and uuid), in order. */
  private final List<String> reaped = new CopyOnWriteArrayList<>();

  /** While set, every connect to a launcher counts itself in and waits for the gate to open. */
  private volatile Gate connectGate;

  private record Gate(CountDownLatch open, Semaphore entered) {}

  @BeforeEach
  void start() throws Exception {
    paths = new LocalPaths(dataDir);
    api = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    client = api.client();
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build())
        .create();
    handler = newHandler();
    handler.start();
  }

  private VirtHandler newHandler() {
    return new VirtHandler(
        client,
        new VirtHandler.Config(NODE, paths.pods()),
        socket -> {
          Gate gate = connectGate;
          if (gate != null) {
            gate.entered().release();
            try {
              gate.open().await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return LauncherClient.connect(socket);
        },
        (name, uuid) -> reaped.add(name + " " + uuid),
        Clock.systemUTC());
  }

  @AfterEach
  void stop() throws IOException {
    handler.close();
    for (CommandServer server : servers) {
      server.close();
    }
    api.close();
    if (Files.exists(paths.shortRoot())) {
      try (Stream<Path> files = Files.walk(paths.shortRoot())) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** A Scheduled VMI with its Ready launcher pod, and a fake launcher serving its socket. */
  private FakeLauncher scheduledVmi(String name, long grace) throws Exception {
    VirtualMachineInstance vmi =
        Serialization.yaml()
            .readValue(
                """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachineInstance
            metadata:
              name: %s
              namespace: default
              labels:
                kubevirt.io/nodeName: %s
            spec:
              terminationGracePeriodSeconds: %d
              domain:
                devices:
                  interfaces:
                  - name: default
                    macAddress: 02:00:00:AA:BB:CC
                    masquerade: {}
              networks:
              - name: default
                pod: {}
            status:
              phase: Scheduled
              nodeName: %s
            """
                    .formatted(name, NODE, grace, NODE),
                VirtualMachineInstance.class);
    VirtualMachineInstance created = client.resource(vmi).create();
    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("virt-launcher-" + name + "-abcde")
                    .withNamespace("default")
                    .withLabels(
                        Map.of(
                            Labels.APP,
                            "virt-launcher",
                            Labels.CREATED_BY,
                            created.getMetadata().getUid()))
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName(NODE)
                    .addNewContainer()
                    .withName("compute")
                    .withImage("launcher")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .build());
    pod = client.pods().resource(pod).updateStatus();
    // the socket lives under a short path; the kubelet layout links to it, as the runtime does
    String uid = pod.getMetadata().getUid();
    Path storage = paths.emptyDirStorage(uid, VirtHandler.SOCKETS_VOLUME);
    Files.createDirectories(storage);
    Path link = paths.emptyDir(uid, VirtHandler.SOCKETS_VOLUME);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, storage);
    FakeLauncher launcher = new FakeLauncher("default_" + name);
    servers.add(CommandServer.start(storage.resolve("launcher-sock"), launcher));
    return launcher;
  }

  private VirtualMachineInstance vmi(String name) {
    return client
        .resources(VirtualMachineInstance.class)
        .inNamespace("default")
        .withName(name)
        .get();
  }

  private String phase(String name) {
    VirtualMachineInstance vmi = vmi(name);
    return vmi == null || vmi.getStatus() == null ? null : vmi.getStatus().getPhase();
  }

  @Test
  @DisplayName("a Scheduled VMI is synced to its launcher and becomes Running with its interfaces")
  void scheduledBecomesRunning() throws Exception {
    FakeLauncher launcher = scheduledVmi("vm1", 30);

    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm1")));
    VirtualMachineInstance vmi = vmi("vm1");
    assertThat(launcher.syncs.get()).isEqualTo(1);
    assertThat(vmi.getStatus().getPhaseTransitionTimestamps())
        .extracting(PhaseTransitionTimestamp::getPhase)
        .containsExactly("Running");
    assertThat(vmi.getStatus().getInterfaces()).hasSize(1);
    assertThat(vmi.getStatus().getInterfaces().get(0).getName()).isEqualTo("default");
    assertThat(vmi.getStatus().getInterfaces().get(0).getMac()).isEqualTo("02:00:00:aa:bb:cc");

    // pausing shows as the Paused condition, the phase stays Running
    launcher.set("Paused", "User");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                vmi("vm1").getStatus().getConditions() != null
                    && vmi("vm1").getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Paused".equals(c.getType()) && "True".equals(c.getStatus())));
    assertThat(phase("vm1")).isEqualTo("Running");
  }

  @Test
  @DisplayName("a guest that shuts down makes the VMI Succeeded, and its domain is deleted")
  void guestShutdownSucceeds() throws Exception {
    FakeLauncher launcher = scheduledVmi("vm2", 30);
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm2")));

    launcher.set("Shutoff", "Shutdown");

    await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(phase("vm2")));
    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.deletes.get() == 1);
  }

  @Test
  @DisplayName(
      "deleting a VMI presses ACPI every 5 s and destroys after the grace period; a restarted agent keeps the deadline")
  void gracefulShutdownSurvivesRestart() throws Exception {
    FakeLauncher launcher = scheduledVmi("vm3", 8);
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm3")));
    client
        .resources(VirtualMachineInstance.class)
        .inNamespace("default")
        .withName("vm3")
        .edit(
            v -> {
              v.getMetadata().setFinalizers(List.of("test.convoy.dev/keep"));
              return v;
            });

    client.resources(VirtualMachineInstance.class).inNamespace("default").withName("vm3").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.presses.get() >= 1);
    Instant started =
        Instant.parse(vmi("vm3").getMetadata().getAnnotations().get(VirtHandler.SHUTDOWN_STARTED));
    // the agent restarts in the middle of the grace period
    handler.close();
    handler = newHandler();
    handler.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(phase("vm3")));
    Instant failedAt = Instant.now();
    assertThat(launcher.kills.get()).isEqualTo(1);
    assertThat(launcher.presses.get()).isGreaterThanOrEqualTo(2);
    assertThat(vmi("vm3").getStatus().getReason()).isEqualTo("GracePeriodExpired");
    // destroyed about 8 s after the first press, not 8 s after the restart
    assertThat(Duration.between(started, failedAt))
        .isBetween(Duration.ofSeconds(7), Duration.ofSeconds(13));
    assertThat(vmi("vm3").getMetadata().getAnnotations().get(VirtHandler.SHUTDOWN_STARTED))
        .isEqualTo(started.toString());
    client
        .resources(VirtualMachineInstance.class)
        .inNamespace("default")
        .withName("vm3")
        .edit(
            v -> {
              v.getMetadata().setFinalizers(List.of());
              return v;
            });
  }

  @Test
  @DisplayName("a guest that honours ACPI on deletion ends Succeeded")
  void acpiShutdownSucceeds() throws Exception {
    FakeLauncher launcher = scheduledVmi("vm4", 30);
    launcher.pressesToPowerOff = 1;
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm4")));
    client
        .resources(VirtualMachineInstance.class)
        .inNamespace("default")
        .withName("vm4")
        .edit(
            v -> {
              v.getMetadata().setFinalizers(List.of("test.convoy.dev/keep"));
              return v;
            });

    client.resources(VirtualMachineInstance.class).inNamespace("default").withName("vm4").delete();

    await().atMost(Duration.ofSeconds(15)).until(() -> "Succeeded".equals(phase("vm4")));
    assertThat(launcher.kills.get()).isZero();
    client
        .resources(VirtualMachineInstance.class)
        .inNamespace("default")
        .withName("vm4")
        .edit(
            v -> {
              v.getMetadata().setFinalizers(List.of());
              return v;
            });
  }

  @Test
  @DisplayName("a restarted agent re-adopts running launchers: no second Sync, no phase change")
  void restartReadopts() throws Exception {
    FakeLauncher launcher = scheduledVmi("vm5", 30);
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm5")));
    String version = vmi("vm5").getMetadata().getResourceVersion();

    handler.close();
    handler = newHandler();
    handler.start();

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> "Running".equals(phase("vm5")));
    assertThat(launcher.syncs.get()).isEqualTo(1);
    assertThat(vmi("vm5").getMetadata().getResourceVersion()).isEqualTo(version);
    // and it still follows the domain
    launcher.set("Shutoff", "Shutdown");
    await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(phase("vm5")));
  }

  @Test
  @DisplayName("a launcher that dies (socket gone, pod failed) makes a Running VMI Failed")
  void deadLauncherFails() throws Exception {
    scheduledVmi("vm6", 30);
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm6")));

    servers.get(0).close(); // the launcher process is gone
    Pod pod = client.pods().inNamespace("default").withName("virt-launcher-vm6-abcde").get();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName("compute")
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    client.pods().resource(pod).updateStatus();

    await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(phase("vm6")));
    assertThat(vmi("vm6").getStatus().getReason()).isEqualTo("LauncherUnresponsive");
  }

  @Test
  @DisplayName(
      "a VMI whose launcher died and that was replaced by a new one of its name before the agent"
          + " came to it: the dead launcher's domain is reaped")
  void replacedVmiOfDeadLauncherIsReaped() throws Exception {
    scheduledVmi("vm8", 30);
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm8")));
    String oldUid = vmi("vm8").getMetadata().getUid();

    // every worker of the agent is busy connecting to another launcher (a loaded node)
    Gate gate = new Gate(new CountDownLatch(1), new Semaphore(0));
    connectGate = gate;
    for (int i = 0; i < 4; i++) {
      scheduledVmi("busy" + i, 30);
    }
    assertThat(gate.entered().tryAcquire(4, 20, TimeUnit.SECONDS)).isTrue();

    // meanwhile the launcher is killed, the VMI controller fails and removes the VMI and its pod,
    // and the restarted VM's next VMI of the same name is there
    servers.get(0).close();
    Pod pod = client.pods().inNamespace("default").withName("virt-launcher-vm8-abcde").get();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Failed")
            .addNewContainerStatus()
            .withName("compute")
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .build());
    client.pods().resource(pod).updateStatus();
    client.pods().resource(pod).delete();
    client.resources(VirtualMachineInstance.class).inNamespace("default").withName("vm8").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> vmi("vm8") == null);
    scheduledVmi("vm8", 30);
    assertThat(vmi("vm8").getMetadata().getUid()).isNotEqualTo(oldUid);
    assertThat(reaped).isEmpty();

    connectGate = null;
    gate.open().countDown();
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm8")));
    await().atMost(Duration.ofSeconds(10)).until(() -> !reaped.isEmpty());
    assertThat(reaped).containsExactly("default_vm8 null");
  }

  @Test
  @DisplayName("the heartbeat labels the node schedulable; a stale heartbeat fails the node's VMIs")
  void heartbeatAndNodeUnresponsive() throws Exception {
    try (NodeHeartbeat heartbeat = new NodeHeartbeat(client, NODE, () -> true, Clock.systemUTC())) {
      heartbeat.beat();
    }
    var node = client.nodes().withName(NODE).get();
    assertThat(node.getMetadata().getLabels()).containsEntry(Labels.SCHEDULABLE, "true");
    assertThat(node.getMetadata().getAnnotations()).containsKey(Annotations.HEARTBEAT);
    scheduledVmi("vm7", 30);
    await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("vm7")));
    handler.close(); // the agent stops beating and watching

    Clock sixMinutesLater = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
    // The operator's node controller (it runs in-process in the local runtime).
    try (NodeController nodes =
        new NodeController(client, Duration.ofMinutes(5), sixMinutesLater)) {
      assertThat(nodes.checkOnce()).containsExactly("default/vm7");
    }
    assertThat(phase("vm7")).isEqualTo("Failed");
    assertThat(vmi("vm7").getStatus().getReason()).isEqualTo(VmiReasons.NODE_UNRESPONSIVE);
    assertThat(client.nodes().withName(NODE).get().getMetadata().getLabels())
        .containsEntry(Labels.SCHEDULABLE, "false");
    handler = newHandler(); // for @AfterEach
  }
}
