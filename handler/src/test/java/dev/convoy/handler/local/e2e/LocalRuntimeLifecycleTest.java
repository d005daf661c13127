package dev.convoy.handler.local.e2e;

import static dev.convoy.handler.local.e2e.DemoGuestRuntime.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.api.kubevirt.v1.PhaseTransitionTimestamp;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalRuntime;
import dev.convoy.operator.vm.VirtualMachineActions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime end to end with real libvirtd and QEMU (TCG): a VirtualMachine whose claim
 * holds the demo guest's disk boots to the guest's ready marker, stops (guest shuts down on ACPI,
 * Succeeded, Stopped), starts again, and leaves nothing behind when deleted.
 */
class LocalRuntimeLifecycleTest {
  private static final String PREFIX = "hdl-life-" + UUID.randomUUID().toString().substring(0, 6);

  @TempDir Path tempDir;
  private LocalRuntime runtime;
  private KubernetesClient user;
  private SharedIndexInformer<VirtualMachineInstance> watcher;

  /** Every phase each VMI (by uid) was seen in, in order. */
  private final Map<String, List<String>> phases = new ConcurrentHashMap<>();

  /**
   * The VMIs (by uid) whose deletion the watcher delivered: their recorded phases are complete. The
   * watcher's thread records after the API server answers, so a GET that finds a VMI gone (or
   * Running) may come before the watcher recorded its last phases; assertions on {@link #phases}
   * wait for the watcher first.
   */
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    runtime =
        LocalRuntime.start(
            LocalRuntime.Options.defaults(DemoGuestRuntime.dataDir(tempDir))
                .withNodeName("convoy-e2e")
                .withAccelerator("tcg"));
    user = DemoGuestRuntime.userClient(runtime);
    watcher =
        user.resources(VirtualMachineInstance.class)
            .inNamespace(NAMESPACE)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(VirtualMachineInstance vmi) {
                    record(vmi);
                  }

                  @Override
                  public void onUpdate(VirtualMachineInstance old, VirtualMachineInstance vmi) {
                    record(vmi);
                  }

                  @Override
                  public void onDelete(VirtualMachineInstance vmi, boolean unknown) {
                    record(vmi);
                    deleted.add(vmi.getMetadata().getUid());
                  }
                });
  }

  private void record(VirtualMachineInstance vmi) {
    String phase = vmi.getStatus() == null ? null : vmi.getStatus().getPhase();
    if (phase == null) {
      return;
    }
    List<String> seen =
        phases.computeIfAbsent(vmi.getMetadata().getUid(), uid -> new CopyOnWriteArrayList<>());
    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(phase)) {
      seen.add(phase);
    }
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
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
      "a VM boots the demo guest (Scheduled, Running, ready marker), stops, starts again, and leaves nothing when deleted")
  void lifecycle() throws Exception {
    DemoGuestRuntime.Guest guest = DemoGuestRuntime.guest();
    String name = PREFIX;
    String domain = NAMESPACE + "_" + name;
    String mac = "02:c0:11:00:00:01";
    DemoGuestRuntime.claimWithGuestDisk(user, name + "-disk", guest);
    VirtualMachine vm = DemoGuestRuntime.virtualMachine(name, name + "-disk", "Always", mac);
    user.resource(vm).create();

    // Scheduled -> Running -> the guest's ready marker on the console
    VirtualMachineInstance first = awaitReady(name, guest, mac);
    assertThat(phasesSeen(first)).containsSubsequence("Scheduled", "Running");
    assertThat(first.getStatus().getPhaseTransitionTimestamps())
        .extracting(PhaseTransitionTimestamp::getPhase)
        .containsSubsequence("Scheduled", "Running");
    assertThat(first.getStatus().getNodeName()).isEqualTo("convoy-e2e");
    assertThat(first.getStatus().getInterfaces())
        .singleElement()
        .satisfies(i -> assertThat(i.getMac()).isEqualTo(mac));
    await().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(printableStatus(name)));
    assertThat(DemoGuestRuntime.qemuPids(domain)).hasSize(1);

    // stop: the guest powers off on ACPI, the VMI ends Succeeded and goes, the VM is Stopped
    Pod firstPod = DemoGuestRuntime.launcherPod(user, first).orElseThrow();
    Path firstConsole = DemoGuestRuntime.consoleLog(runtime, firstPod);
    new VirtualMachineActions(user).stop(NAMESPACE, name);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                DemoGuestRuntime.vmi(user, name) == null
                    && "Stopped".equals(printableStatus(name)));
    assertThat(phasesUntilDeleted(first)).contains("Succeeded").doesNotContain("Failed");
    assertThat(DemoGuestRuntime.qemuPids(domain)).isEmpty();
    assertThat(DemoGuestRuntime.domainExists(domain)).isFalse();
    assertThat(user.pods().inNamespace(NAMESPACE).withName(firstPod.getMetadata().getName()).get())
        .isNull();
    // the launcher's log outlives its pod and shows the guest's power-off
    String launcherLog = launcherLog(firstPod);
    assertThat(launcherLog).isNotEmpty();
    assertThat(DemoGuestRuntime.read(firstConsole))
        .doesNotContain("ERROR"); // console gone with the pod dir or clean

    // start again: a new VMI boots the same disk
    new VirtualMachineActions(user).start(NAMESPACE, name);
    VirtualMachineInstance second = awaitReady(name, guest, mac);
    assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());

    // delete: no QEMU process, domain, socket or pod left
    Pod secondPod = DemoGuestRuntime.launcherPod(user, second).orElseThrow();
    Path socketDir = runtime.paths().emptyDirStorage(secondPod.getMetadata().getUid(), "sockets");
    assertThat(socketDir.resolve("launcher-sock")).exists();
    user.resource(vm).delete();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                user.resources(VirtualMachine.class).inNamespace(NAMESPACE).withName(name).get()
                        == null
                    && DemoGuestRuntime.vmi(user, name) == null
                    && user.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
    await().atMost(Duration.ofSeconds(30)).until(() -> DemoGuestRuntime.qemuPids(domain).isEmpty());
    assertThat(DemoGuestRuntime.domainExists(domain)).isFalse();
    assertThat(socketDir).doesNotExist();
    assertThat(runtime.paths().pod(secondPod.getMetadata().getUid())).doesNotExist();
    assertThat(phasesUntilDeleted(second)).contains("Succeeded");
  }

  /** The phases the watcher recorded for {@code vmi} once it delivered the phase it has now. */
  private List<String> phasesSeen(VirtualMachineInstance vmi) {
    String uid = vmi.getMetadata().getUid();
    String now = phase(vmi);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> phases.getOrDefault(uid, List.of()).contains(now));
    return phases.get(uid);
  }

  /** All phases the watcher recorded for {@code vmi}, once it delivered the VMI's deletion. */
  private List<String> phasesUntilDeleted(VirtualMachineInstance vmi) {
    String uid = vmi.getMetadata().getUid();
    await().atMost(Duration.ofSeconds(30)).until(() -> deleted.contains(uid));
    return phases.get(uid);
  }

  private String launcherLog(Pod pod) throws Exception {
    Path dir =
        runtime.paths().podLogs(NAMESPACE, pod.getMetadata().getName(), pod.getMetadata().getUid());
    return Files.readString(dir.resolve("compute.log"));
  }

  private String printableStatus(String name) {
    VirtualMachine vm =
        user.resources(VirtualMachine.class).inNamespace(NAMESPACE).withName(name).get();
    return vm == null || vm.getStatus() == null ? null : vm.getStatus().getPrintableStatus();
  }

  /** Waits until the VM's VMI runs and its guest printed the ready marker with the right data. */
  private VirtualMachineInstance awaitReady(String name, DemoGuestRuntime.Guest guest, String mac) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              VirtualMachineInstance vmi = DemoGuestRuntime.vmi(user, name);
              if (vmi == null || !"Running".equals(phase(vmi))) {
                return false;
              }
              return DemoGuestRuntime.launcherPod(user, vmi)
                  .map(pod -> DemoGuestRuntime.read(DemoGuestRuntime.consoleLog(runtime, pod)))
                  .filter(
                      console ->
                          console.contains(
                              guest.readyMarker() + " disk-sha256=" + guest.dataSha256()))
                  .filter(console -> console.contains("mac=" + mac))
                  .isPresent();
            });
    return DemoGuestRuntime.vmi(user, name);
  }

  private static String phase(VirtualMachineInstance vmi) {
    return vmi.getStatus() == null ? null : vmi.getStatus().getPhase();
  }
}
