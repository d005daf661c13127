package dev.convoy.importer.migration.controller;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.convoy.v1alpha1.DiskMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.MigrationStatus;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalRuntime;
import dev.convoy.importer.migration.ImportAnnotations;
import dev.convoy.importer.migration.LocalConsoleReadiness;
import dev.convoy.importer.migration.MigrationWorkload;
import dev.convoy.importer.testing.ConvoyCli.Result;
import dev.convoy.importer.vsphere.VcsimScenario;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the CLI and the Migration controller: one vcsim, one local runtime (real
 * qemu-img in import pods, real libvirtd under TCG) and the controller as {@code convoy runtime up}
 * runs it, shared by the cases. {@code convoy migrate} submits each plan and follows the
 * Migration's status; the cases break things on the way: the controller stopped mid-transfer and
 * started again, an import pod's process killed, vCenter down mid-wave and back.
 */
class MigrationControllerTest {
  static final String PREFIX = "convoy-mc";

  @TempDir static Path tempDir;
  static VcsimServer vcsim;
  static VsphereSession session;
  static VsphereOperations operations;
  static Inventory inventory;
  static LocalMigrationRuntime local;
  static LocalRuntime runtime;
  static KubernetesClient user;
  static Path passwordFile;
  static JsonNode guest;
  static Path root;

  @BeforeAll
  static void start() throws Exception {
    root = Path.of(System.getProperty("convoy.root", ".."));
    guest = new ObjectMapper().readTree(root.resolve("build/guest/guest.json").toFile());
    // /folder requires a logged-in session, as on vCenter: import pods must open their own
    vcsim = VcsimServer.start("-vm", "3", "-folder-session");
    session = vcsim.login();
    operations = VsphereSessionOperations.over(session);
    inventory = collect();
    passwordFile = tempDir.resolve("password");
    Files.writeString(passwordFile, VcsimServer.PASSWORD + "\n");
    local = LocalMigrationRuntime.start(tempDir, PREFIX);
    runtime = local.runtime();
    user = local.user();
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
    if (operations != null) {
      operations.close();
    }
    if (session != null) {
      session.close();
    }
    if (vcsim != null) {
      vcsim.close();
    }
  }

  static Inventory collect() throws Exception {
    return new VsphereCollector(500)
        .collect(session, "vc", new VsphereCollector.Listener() {})
        .inventory();
  }

  /** Gives the vcsim VM {@code name} the demo guest's disk and enough memory to boot it. */
  static void installGuest(String name) throws Exception {
    Vm vm = VcsimScenario.vm(inventory, name);
    // 192 MiB: enough for the demo guest under TCG; the disk's capacity becomes the image's
    dev.convoy.importer.demo.SourceVmInstaller.install(
        session,
        operations,
        vm,
        root.resolve("build/guest/disk-stream.vmdk"),
        new dev.convoy.importer.demo.SourceVmInstaller.Settings(null, 192, 64L << 20));
  }

  /** A plan over the current inventory; waves are comma-separated VM names each. */
  static Path plan(String name, String namespace, String... waves) throws Exception {
    Path planDir = Files.createDirectories(tempDir.resolve("plan-" + name));
    StringWriter text = new StringWriter();
    InventoryCodec.write(collect(), InventoryCodec.Format.YAML, text);
    Files.writeString(planDir.resolve("inventory.yaml"), text.toString());
    StringBuilder waveList = new StringBuilder();
    for (int i = 0; i < waves.length; i++) {
      waveList.append("      - {name: w").append(i + 1).append(", vms: [");
      waveList.append(waves[i]).append("]}\n");
    }
    Files.writeString(
        planDir.resolve("plan.yaml"),
        """
        apiVersion: convoy.dev/v1alpha1
        kind: MigrationPlan
        metadata:
          name: %s
        spec:
          source:
            provider:
              inventory:
                file: inventory.yaml
          target:
            namespace: %s
            storageMap:
              - source: "*"
                storageClass: convoy-local  # the local runtime's class
                volumeMode: Filesystem
            networkMap:
              - source: DC0_DVPG0
                pod: {}
          defaults:
            diskBus: virtio
            nicModel: virtio
          waves:
            explicit:
        %s"""
            .formatted(name, namespace, waveList));
    if (user.namespaces().withName(namespace).get() == null) {
      user.namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    return planDir.resolve("plan.yaml");
  }

  static CompletableFuture<Result> migrateInBackground(Path plan, int vcenterPort, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                plan.toString(),
                "--source",
                "vsphere://" + VcsimServer.USERNAME + "@127.0.0.1:" + vcenterPort,
                "--thumbprint",
                vcsim.thumbprintSha256(),
                "--password-file",
                passwordFile.toString(),
                "--kubeconfig",
                local.kubeconfig(),
                "--shutdown-timeout",
                "30"));
    args.addAll(List.of(more));
    return CompletableFuture.supplyAsync(() -> run(args.toArray(new String[0])));
  }

  static Migration migration(String namespace, String name) {
    return user.resources(Migration.class).inNamespace(namespace).withName(name).get();
  }

  static Optional<VmMigrationStatus> vmStatus(String namespace, String name, String vm) {
    Migration m = migration(namespace, name);
    if (m == null || m.getStatus() == null || m.getStatus().getWaves() == null) {
      return Optional.empty();
    }
    return m.getStatus().getWaves().stream()
        .flatMap(w -> w.getVms().stream())
        .filter(v -> v.getName().equals(vm))
        .findFirst();
  }

  static String target(String sourceName) {
    return sourceName.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static String phase(String namespace, String name, String vm) {
    return vmStatus(namespace, name, vm).map(VmMigrationStatus::getPhase).orElse("");
  }

  static Pod importPod(String namespace, String vm) {
    return user
        .pods()
        .inNamespace(namespace)
        .withLabel(ImportAnnotations.VM_LABEL, vm)
        .list()
        .getItems()
        .stream()
        .findFirst()
        .orElse(null);
  }

  /** Kills the local process of pod {@code uid} (SIGKILL): the pod fails, as a killed container. */
  static void killPodProcess(String uid) throws IOException {
    Path dir = runtime.paths().pod(uid);
    try (var pids = Files.find(dir, 4, (p, a) -> p.getFileName().toString().equals("pid"))) {
      for (Path pid : pids.toList()) {
        long value = Long.parseLong(Files.readString(pid).trim());
        ProcessHandle.of(value).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * Two waves, three VMs booting the converted demo disk with the source's checksum and MACs.
   * Mid-transfer the controller is stopped and, while it is down, one VM's import pod is killed; a
   * new controller resumes: the other disk's pod is adopted (one attempt, one pod), the killed one
   * is retried (two attempts), and no VM is created twice. Then a cancel after cutover rolls one VM
   * back and powers its source on again.
   */
  @Test
  void twoWavesThroughTheControllerSurviveAControllerRestartAndAKilledImportPod() throws Exception {
    String ns = PREFIX + "-a";
    List<String> first = List.of("DC0_H0_VM0", "DC0_H0_VM1");
    String second = "DC0_C0_RP0_VM0";
    for (String name : List.of(first.get(0), first.get(1), second)) {
      installGuest(name);
    }
    Path plan = plan("e2e", ns, String.join(", ", first), second);
    Map<String, Set<String>> podUids = new ConcurrentHashMap<>();
    List<String> wavePhases = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Result> cli = migrateInBackground(plan, vcsim.port(), "--wait-for-guest");
    Thread watcher =
        new Thread(
            () -> {
              while (!cli.isDone()) {
                try {
                  for (String vm : first) {
                    Pod pod = importPod(ns, target(vm));
                    if (pod != null) {
                      podUids
                          .computeIfAbsent(vm, k -> ConcurrentHashMap.newKeySet())
                          .add(pod.getMetadata().getUid());
                    }
                  }
                  Migration m = migration(ns, "e2e");
                  if (m != null && m.getStatus() != null && m.getStatus().getWaves() != null) {
                    String now =
                        m.getStatus().getWaves().stream()
                            .map(w -> w.getPhase())
                            .toList()
                            .toString();
                    if (wavePhases.isEmpty()
                        || !wavePhases.get(wavePhases.size() - 1).equals(now)) {
                      wavePhases.add(now);
                    }
                  }
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the API server is busy; look again
                }
              }
            });
    watcher.setDaemon(true);
    watcher.start();

    // both import pods of the first wave exist: stop the controller; while it is down, kill one
    // pod's process as soon as it runs (before it can have copied the disk)
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                importPod(ns, target(first.get(0))) != null
                    && importPod(ns, target(first.get(1))) != null);
    local.stopController();
    try {
      String killedUid = importPod(ns, target(first.get(1))).getMetadata().getUid();
      Path pid = runtime.paths().pod(killedUid).resolve("containers/importer/pid");
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> Files.isRegularFile(pid) && !Files.readString(pid).isBlank());
      killPodProcess(killedUid);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                Pod p = importPod(ns, target(first.get(1)));
                // a pod the runtime has just created may have no status yet
                return p != null
                    && p.getStatus() != null
                    && "Failed".equals(p.getStatus().getPhase());
              });
    } finally {
      local.startController();
    }

    Result result = cli.get(12, TimeUnit.MINUTES);
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .contains("submitted; following its status")
        .contains("ImportRetry")
        .contains("wave wave-02: Succeeded")
        .contains("Migration Succeeded");

    MigrationStatus status = migration(ns, "e2e").getStatus();
    assertThat(status.getPhase()).isEqualTo("Succeeded");
    assertThat(status.getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Succeeded");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    // the second wave started only after the first had completed
    assertThat(wavePhases).doesNotContain("[Running, Running]");
    String regionSha = guest.path("disk").path("dataRegion").path("sha256").asText();
    String diskSha = guest.path("disk").path("sha256").asText();
    for (String name : List.of(first.get(0), first.get(1), second)) {
      VmMigrationStatus vm = vmStatus(ns, "e2e", target(name)).orElseThrow();
      assertThat(vm.getPhase()).isEqualTo("Completed");
      assertThat(vm.getGuestChecksum()).isEqualTo(regionSha);
      assertThat(vm.getStartedAt()).isNotNull();
      assertThat(vm.getCompletedAt()).isNotNull();
      DiskMigrationStatus disk = vm.getDisks().get(0);
      assertThat(disk.getSha256()).isEqualTo(diskSha);
      assertThat(disk.getBytesCopied()).isEqualTo(disk.getBytesTotal()).isPositive();
      assertThat(disk.getCompletedAt()).isNotNull();
      Vm source = VcsimScenario.vm(inventory, name);
      assertThat(operations.powerState(source.id()))
          .as(name + " is off in vcsim")
          .isEqualTo(VsphereOperations.PowerState.POWERED_OFF);
      String mac = source.nics().get(0).macAddress().toLowerCase(Locale.ROOT);
      VirtualMachineInstance vmi =
          user.resources(VirtualMachineInstance.class).inNamespace(ns).withName(target(name)).get();
      assertThat(vmi.getStatus().getPhase()).isEqualTo("Running");
      assertThat(vmi.getSpec().getDomain().getDevices().getInterfaces().get(0).getMacAddress())
          .isEqualToIgnoringCase(mac);
      MigrationWorkload.VmWorkload workload =
          new MigrationWorkload.VmWorkload(target(name), ns, source.id(), name, null, List.of());
      assertThat(
              new LocalConsoleReadiness(user, runtime.paths(), 56L << 20, 8L << 20)
                  .reportedMac(workload))
          .contains(mac);
    }
    // the adopted disk was copied once, by one pod; the killed pod's disk was retried
    VmMigrationStatus adopted = vmStatus(ns, "e2e", target(first.get(0))).orElseThrow();
    assertThat(adopted.getDisks().get(0).getAttempts()).isEqualTo(1);
    assertThat(podUids.get(first.get(0))).hasSize(1);
    VmMigrationStatus retried = vmStatus(ns, "e2e", target(first.get(1))).orElseThrow();
    assertThat(retried.getDisks().get(0).getAttempts()).isEqualTo(2);
    assertThat(podUids.get(first.get(1))).hasSize(2);
    assertThat(user.resources(VirtualMachine.class).inNamespace(ns).list().getItems()).hasSize(3);
    assertThat(user.resources(VirtualMachineInstance.class).inNamespace(ns).list().getItems())
        .hasSize(3);
    assertThat(user.pods().inNamespace(ns).withLabel(ImportAnnotations.VM_LABEL).list().getItems())
        .isEmpty();
    // events on the Migration, metrics of the controller that finished it
    assertThat(
            user.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Migration".equals(e.getInvolvedObject().getKind()))
                .map(e -> e.getReason())
                .toList())
        .contains("Started", "DiskTransferred", "ImportRetry", "Completed", "MigrationSucceeded");
    assertThat(local.controller().metrics().bytesTransferred()).isPositive();
    assertThat(local.controller().metrics().render())
        .contains("convoy_migration_vms{phase=\"Completed\"} 3");

    Result shown = run("migrate", "status", "e2e", "-n", ns, "--kubeconfig", local.kubeconfig());
    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).contains(target(second)).contains("Completed");

    // the same command again resumes the finished Migration: nothing more to do, nothing doubled
    Result again =
        migrateInBackground(plan, vcsim.port(), "--wait-for-guest").get(3, TimeUnit.MINUTES);
    assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    assertThat(again.out()).contains("Migration Succeeded").doesNotContain("DiskTransferred");
    assertThat(user.resources(VirtualMachine.class).inNamespace(ns).list().getItems()).hasSize(3);

    // cancel after cutover: the target goes, the source runs again, the others stay migrated
    String canceled = target(second);
    Result cancel =
        run(
            "migrate",
            "cancel",
            "e2e",
            "-n",
            ns,
            "--vm",
            canceled,
            "--kubeconfig",
            local.kubeconfig());
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> phase(ns, "e2e", canceled).equals("RolledBack"));
    VmMigrationStatus rolledBack = vmStatus(ns, "e2e", canceled).orElseThrow();
    assertThat(rolledBack.getRollbackReason()).isEqualTo("CANCELED");
    assertThat(rolledBack.getError().getReason()).isEqualTo("Canceled");
    assertThat(operations.powerState(VcsimScenario.vm(inventory, second).id()))
        .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
    assertThat(user.resources(VirtualMachine.class).inNamespace(ns).withName(canceled).get())
        .isNull();
    assertThat(
            user.persistentVolumeClaims()
                .inNamespace(ns)
                .withLabel("convoy.dev/vm", canceled)
                .list()
                .getItems())
        .isEmpty();
    assertThat(phase(ns, "e2e", target(first.get(0)))).isEqualTo("Completed");
    assertThat(migration(ns, "e2e").getStatus().getPhase()).isEqualTo("Canceled");
  }

  /**
   * A disk that cannot be converted (vcsim's 0-byte placeholder) fails its import pods, the VM
   * fails, its PVC and pods are removed and the source, which was on, is powered on again; the CLI
   * exits with the blocked code and names the reason.
   */
  @Test
  void failedImportRollsBackAndPowersTheSourceOnAgain() throws Exception {
    String ns = PREFIX + "-b";
    String name = "DC0_C0_RP0_VM1";
    Path plan = plan("broken", ns, name);
    Result result =
        migrateInBackground(plan, vcsim.port(), "--max-import-attempts", "2")
            .get(6, TimeUnit.MINUTES);
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(5);
    assertThat(result.out()).contains("ImportFailed").contains("Migration Failed");
    VmMigrationStatus vm = vmStatus(ns, "broken", target(name)).orElseThrow();
    assertThat(vm.getPhase()).isEqualTo("RolledBack");
    assertThat(vm.getRollbackReason()).isEqualTo("FAILURE");
    assertThat(vm.getError().getReason()).isEqualTo("ImportFailed");
    assertThat(vm.getError().getPhase()).isEqualTo("TransferDisks");
    assertThat(vm.getError().getMessage()).contains("disk disk-0: import failed 2 times");
    assertThat(vm.getDisks().get(0).getAttempts()).isEqualTo(2);
    assertThat(operations.powerState(VcsimScenario.vm(inventory, name).id()))
        .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
    assertThat(user.persistentVolumeClaims().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(user.pods().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(user.resources(VirtualMachine.class).inNamespace(ns).list().getItems()).isEmpty();
    assertThat(migration(ns, "broken").getStatus().getPhase()).isEqualTo("Failed");
  }

  /**
   * vCenter goes down while a VM's disk transfers: the simulator process closes its listener and
   * every connection (new ones are refused) and later listens again on the same port with the same
   * inventory (its SIGUSR1/SIGUSR2 control; a restarted simulator would come back with a fresh one,
   * every VM on). The import fails naming vCenter, the VM fails with that reason, its target is
   * removed, and its source (off since the cutover) stays off until vCenter is back, then is
   * powered on.
   */
  @Test
  void vcenterDownMidWaveFailsTheVmAndPowersTheSourceOnWhenItReturns() throws Exception {
    String ns = PREFIX + "-c";
    String name = "DC0_C0_RP0_VM2";
    installGuest(name);
    Path plan = plan("outage", ns, name);
    String vmId = VcsimScenario.vm(inventory, name).id();
    boolean down = false;
    try {
      CompletableFuture<Result> cli =
          migrateInBackground(plan, vcsim.port(), "--max-import-attempts", "2");
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> phase(ns, "outage", target(name)).equals("TransferDisks"));
      vcsim.goDown();
      down = true;
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> phase(ns, "outage", target(name)).equals("Rollback"));
      VmMigrationStatus failed = vmStatus(ns, "outage", target(name)).orElseThrow();
      assertThat(failed.getError().getReason()).isEqualTo("ImportFailed");
      assertThat(failed.getError().getMessage())
          .contains("import failed 2 times")
          .contains("127.0.0.1:" + vcsim.port())
          .doesNotContain(": null");
      // the controller cannot see vCenter: it removes the target but does not guess the power
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> user.persistentVolumeClaims().inNamespace(ns).list().getItems().isEmpty());
      // while vCenter is down the rollback waits for it: the source's power-on is not assumed
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(10))
          .until(() -> phase(ns, "outage", target(name)).equals("Rollback"));
      vcsim.comeBack();
      down = false;
      Result result = cli.get(5, TimeUnit.MINUTES);
      assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(5);
      assertThat(phase(ns, "outage", target(name))).isEqualTo("RolledBack");
      assertThat(operations.powerState(vmId)).isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      assertThat(result.out()).contains("import failed 2 times");
      assertThat(user.resources(VirtualMachine.class).inNamespace(ns).list().getItems()).isEmpty();
    } finally {
      if (down) {
        vcsim.comeBack(); // the other cases share the simulator
      }
    }
  }

  /** A Migration the controller cannot run fails at once, naming the field; nothing is created. */
  @Test
  void aMigrationWithoutItsManifestsFailsNamingTheField() throws Exception {
    String ns = PREFIX + "-b";
    plan("unused", ns, "DC0_C0_RP0_VM1");
    Migration migration = new Migration();
    migration.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("handmade")
            .withNamespace(ns)
            .build());
    dev.convoy.api.convoy.v1alpha1.MigrationSpec spec =
        new dev.convoy.api.convoy.v1alpha1.MigrationSpec();
    spec.setPlanRef(new io.fabric8.kubernetes.api.model.LocalObjectReference("unused"));
    migration.setSpec(spec);
    user.resource(migration).create();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              Migration m = migration(ns, "handmade");
              return m.getStatus() != null && "Failed".equals(m.getStatus().getPhase());
            });
    MigrationStatus status = migration(ns, "handmade").getStatus();
    assertThat(status.getError().getReason()).isEqualTo("InvalidSpec");
    assertThat(status.getError().getMessage()).contains("spec.manifestsRef");
    Result shown =
        run("migrate", "status", "handmade", "-n", ns, "--kubeconfig", local.kubeconfig());
    assertThat(shown.exitCode()).isZero();
    assertThat(shown.out()).contains("spec.manifestsRef");
  }
}
