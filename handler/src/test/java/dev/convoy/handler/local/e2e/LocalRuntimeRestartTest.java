package dev.convoy.handler.local.e2e;

import static dev.convoy.handler.local.e2e.DemoGuestRuntime.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalRuntime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts with real VMs: the whole runtime (API, operator, node agent, pod runner) restarts while
 * three VMs run and none of them restarts; a launcher killed with SIGKILL makes its VMI Failed, its
 * orphaned domain is reaped, and the VM (runStrategy Always) comes back.
 */
class LocalRuntimeRestartTest {
  private static final String PREFIX = "hdl-rst-" + UUID.randomUUID().toString().substring(0, 6);
  private static final Pattern HEARTBEAT = Pattern.compile("CONVOY-GUEST-HEARTBEAT n=(\\d+)");

  @TempDir Path tempDir;
  private LocalRuntime runtime;
  private KubernetesClient user;

  private LocalRuntime startRuntime() throws Exception {
    return LocalRuntime.start(
        LocalRuntime.Options.defaults(DemoGuestRuntime.dataDir(tempDir))
            .withNodeName("convoy-e2e")
            .withAccelerator("tcg"));
  }

  @AfterEach
  void stop() {
    if (user != null) {
      user.close();
    }
    if (runtime != null) {
      Path pods = runtime.paths().pods();
      Path shortRoot = runtime.paths().shortRoot();
      runtime.close();
      DemoGuestRuntime.killLocalPods(pods);
      DemoGuestRuntime.destroyDomains(NAMESPACE + "_" + PREFIX);
      DemoGuestRuntime.deleteTree(shortRoot);
    }
  }

  @Test
  @DisplayName(
      "a runtime restart re-adopts three running VMs; a killed launcher fails its VMI and the VM restarts")
  void restarts() throws Exception {
    runtime = startRuntime();
    user = DemoGuestRuntime.userClient(runtime);
    DemoGuestRuntime.Guest guest = DemoGuestRuntime.guest();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String name = PREFIX + "-" + i;
      names.add(name);
      DemoGuestRuntime.claimWithGuestDisk(user, name + "-disk", guest);
      user.resource(
              DemoGuestRuntime.virtualMachine(
                  name, name + "-disk", "Always", "02:c0:22:00:00:0" + i))
          .create();
    }
    for (String name : names) {
      awaitConsole(
          name,
          guest.readyMarker() + " disk-sha256=" + guest.dataSha256(),
          Duration.ofSeconds(180));
    }
    Map<String, String> uids = new LinkedHashMap<>();
    Map<String, List<Long>> qemu = new LinkedHashMap<>();
    Map<String, List<PhaseTransitionTimestamp>> transitions = new LinkedHashMap<>();
    for (String name : names) {
      VirtualMachineInstance vmi = DemoGuestRuntime.vmi(user, name);
      uids.put(name, vmi.getMetadata().getUid());
      transitions.put(name, vmi.getStatus().getPhaseTransitionTimestamps());
      qemu.put(name, DemoGuestRuntime.qemuPids(NAMESPACE + "_" + name));
      assertThat(qemu.get(name)).hasSize(1);
    }

    // the whole runtime restarts (its API state comes back from the journal)
    user.close();
    runtime.close();
    runtime = startRuntime();
    user = DemoGuestRuntime.userClient(runtime);

    // the guests keep running through it: same VMIs, same QEMU processes, no new phase, heartbeats
    // go on
    Map<String, Integer> beats = new LinkedHashMap<>();
    for (String name : names) {
      beats.put(name, lastHeartbeat(name));
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> names.stream().allMatch(name -> lastHeartbeat(name) > beats.get(name)));
    for (String name : names) {
      VirtualMachineInstance vmi = DemoGuestRuntime.vmi(user, name);
      assertThat(vmi.getMetadata().getUid()).as(name).isEqualTo(uids.get(name));
      assertThat(vmi.getStatus().getPhase()).as(name).isEqualTo("Running");
      assertThat(Serialization.toJson(vmi.getStatus().getPhaseTransitionTimestamps()))
          .as(name)
          .isEqualTo(Serialization.toJson(transitions.get(name)));
      assertThat(DemoGuestRuntime.qemuPids(NAMESPACE + "_" + name))
          .as(name)
          .isEqualTo(qemu.get(name));
    }

    // a launcher killed with SIGKILL: its VMI fails, its QEMU is reaped, the VM comes back
    String victim = names.get(0);
    VirtualMachineInstance before = DemoGuestRuntime.vmi(user, victim);
    Pod pod = DemoGuestRuntime.launcherPod(user, before).orElseThrow();
    long launcherPid =
        Long.parseLong(
            pod.getStatus()
                .getContainerStatuses()
                .get(0)
                .getContainerID()
                .substring("convoy-local://".length()));
    ProcessHandle.of(launcherPid).orElseThrow().destroyForcibly();

    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                VirtualMachineInstance vmi = DemoGuestRuntime.vmi(user, victim);
                return vmi != null
                    && !vmi.getMetadata().getUid().equals(uids.get(victim))
                    && "Running"
                        .equals(vmi.getStatus() == null ? null : vmi.getStatus().getPhase());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      dumpState(victim); // failed once in ~10 runs of the handler suite: keep what explains it
      throw e;
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> qemu.get(victim).stream().noneMatch(pid -> ProcessHandle.of(pid).isPresent()));
    awaitConsole(
        victim,
        guest.readyMarker() + " disk-sha256=" + guest.dataSha256(),
        Duration.ofSeconds(180));
    assertThat(DemoGuestRuntime.qemuPids(NAMESPACE + "_" + victim))
        .hasSize(1)
        .doesNotContainAnyElementsOf(qemu.get(victim));
    // the others were not touched
    for (String name : names.subList(1, 3)) {
      assertThat(DemoGuestRuntime.vmi(user, name).getMetadata().getUid()).isEqualTo(uids.get(name));
      assertThat(DemoGuestRuntime.qemuPids(NAMESPACE + "_" + name)).isEqualTo(qemu.get(name));
    }
  }

  /** Prints the VMI, the VM, the pods and every log of the runtime (for a failed wait). */
  private void dumpState(String name) {
    System.err.println("STATE VMI " + Serialization.toJson(DemoGuestRuntime.vmi(user, name)));
    System.err.println(
        "STATE VM "
            + Serialization.toJson(
                user.resources(dev.convoy.api.kubevirt.v1.VirtualMachine.class)
                    .inNamespace(NAMESPACE)
                    .withName(name)
                    .get()));
    user.pods()
        .inNamespace(NAMESPACE)
        .list()
        .getItems()
        .forEach(pod -> System.err.println("STATE POD " + Serialization.toJson(pod)));
    try (Stream<Path> files = Files.walk(runtime.paths().root())) {
      files
          .filter(f -> f.toString().endsWith(".log"))
          .forEach(f -> System.err.println("STATE LOG " + f + "\n" + DemoGuestRuntime.read(f)));
    } catch (IOException | RuntimeException e) {
      System.err.println("STATE logs unreadable: " + e);
    }
  }

  private String console(String name) {
    VirtualMachineInstance vmi = DemoGuestRuntime.vmi(user, name);
    if (vmi == null) {
      return "";
    }
    return DemoGuestRuntime.launcherPod(user, vmi)
        .map(pod -> DemoGuestRuntime.read(DemoGuestRuntime.consoleLog(runtime, pod)))
        .orElse("");
  }

  private void awaitConsole(String name, String text, Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  "Running".equals(DemoGuestRuntime.phase(user, name))
                      && console(name).contains(text));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // timed out once in a fresh-clone run at load ~20 with all three VMIs Running: keep the
      // consoles and logs that tell a slow boot from a lost console
      dumpState(name);
      throw e;
    }
  }

  private int lastHeartbeat(String name) {
    Matcher matcher = HEARTBEAT.matcher(console(name));
    int last = 0;
    while (matcher.find()) {
      last = Integer.parseInt(matcher.group(1));
    }
    return last;
  }
}
