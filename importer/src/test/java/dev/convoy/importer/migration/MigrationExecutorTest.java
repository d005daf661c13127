package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualMachineConfigSpec;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalRuntime;
import dev.convoy.handler.local.pods.LocalImages;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.importer.vsphere.VcsimScenario;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.importer.vsphere.VsphereTasks;
import dev.convoy.plans.PlanWorkflow;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.ItinerarySettings;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.execution.VmPhase;
import dev.convoy.plans.manifests.ManifestGenerator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: vcsim + the local runtime + real qemu-img + real libvirtd (TCG). Three vcsim VMs get
 * the demo guest's VMDK as their disk; a two-wave plan migrates them: each source is shut down in
 * vcsim, its disk is downloaded through {@code /folder} by an import pod and converted into a PVC,
 * and the VirtualMachine boots and prints the source disk's checksum and its preserved MAC.
 */
class MigrationExecutorTest {
  static final String NAMESPACE = "convoy-mig";
  static final List<String> FIRST = List.of("DC0_H0_VM0", "DC0_H0_VM1");
  static final List<String> SECOND = List.of("DC0_C0_RP0_VM0");

  @TempDir Path tempDir;
  LocalRuntime runtime;
  KubernetesClient user;

  @AfterEach
  void stop() throws Exception {
    if (user != null) {
      try {
        // the launchers stop their domains; whatever is left is destroyed below
        user.resources(VirtualMachine.class).inNamespace(NAMESPACE).delete();
      } catch (RuntimeException e) {
        // fall through to the forced cleanup
      }
      user.close();
    }
    if (runtime != null) {
      Path pods = runtime.paths().pods();
      Path shortRoot = runtime.paths().shortRoot();
      runtime.close();
      killLocalPods(pods);
      destroyDomains(NAMESPACE + "_");
      deleteTree(shortRoot);
    }
  }

  @Test
  void twoWavesMigrateThreeVmsThatBootWithTheSourceChecksumAndMac() throws Exception {
    Path root = Path.of(System.getProperty("convoy.root", ".."));
    Path vmdk = root.resolve("build/guest/disk-stream.vmdk");
    JsonNode guest = new ObjectMapper().readTree(root.resolve("build/guest/guest.json").toFile());
    String diskSha = guest.path("disk").path("sha256").asText();
    JsonNode region = guest.path("disk").path("dataRegion");
    String regionSha = region.path("sha256").asText();

    try (VcsimServer vcsim = VcsimServer.start();
        VsphereSession session = vcsim.login();
        VsphereOperations operations = VsphereSessionOperations.over(session)) {
      Inventory before =
          new VsphereCollector(500)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory();
      List<String> migrated = new ArrayList<>(FIRST);
      migrated.addAll(SECOND);
      for (String name : migrated) {
        Vm vm = VcsimScenario.vm(before, name);
        operations.upload(vmdk, DatastoreFile.parse(vm.datacenter(), vm.disks().get(0).fileName()));
        VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
        spec.memoryMB = 192L; // enough for the demo guest under TCG
        ManagedObjectReference ref = VcsimScenario.ref("VirtualMachine", vm.id());
        VsphereTasks.await(
            session,
            session.call("ReconfigVM_Task", () -> session.port().reconfigVM_Task(ref, spec)),
            Duration.ofSeconds(30));
        assertThat(operations.powerState(vm.id()))
            .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      }
      Inventory inventory =
          new VsphereCollector(500)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory();
      MigrationWorkload workload =
          workload(inventory, "e2e", String.join(", ", FIRST), String.join(", ", SECOND));
      assertThat(workload.waves()).hasSize(2);

      startRuntime();
      LocalConsoleReadiness readiness =
          new LocalConsoleReadiness(
              user,
              runtime.paths(),
              region.path("offsetMiB").asLong() << 20,
              region.path("sizeMiB").asLong() << 20);
      MigrationExecutor executor =
          new MigrationExecutor(
              operations, new Fabric8TargetCluster(user, "test"), readiness, Clock.systemUTC());
      MigrationExecutor.Options options =
          new MigrationExecutor.Options(
              "e2e",
              NAMESPACE,
              new ItinerarySettings(
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(60),
                      2,
                      Duration.ofMinutes(4),
                      false,
                      Duration.ZERO)
                  .withReadiness(Duration.ofMinutes(5)),
              new Admission.Limits(0, 2, 0),
              Duration.ofSeconds(1),
              false);
      List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<String> waveOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
      MigrationExecutor.Listener listener =
          new MigrationExecutor.Listener() {
            @Override
            public void round(MigrationState state, List<MigrationRound.WavePhase> phases) {
              String now = phases.toString();
              if (waveOrder.isEmpty() || !waveOrder.get(waveOrder.size() - 1).equals(now)) {
                waveOrder.add(now);
              }
            }

            @Override
            public void event(String vm, String type, String reason, String message) {
              events.add(vm + " " + type + " " + reason + ": " + message);
            }
          };
      MigrationState result = runToEnd(executor, workload, options, listener);

      List<VmMigration> vms = result.waves().stream().flatMap(w -> w.vms().stream()).toList();
      assertThat(vms)
          .as("events: %s", events)
          .extracting(VmMigration::phase)
          .containsOnly(VmPhase.COMPLETED)
          .hasSize(3);
      // the second wave started only after the first had completed
      assertThat(waveOrder).doesNotContain("[RUNNING, RUNNING]");
      assertThat(waveOrder.get(waveOrder.size() - 1)).isEqualTo("[SUCCEEDED, SUCCEEDED]");
      for (VmMigration vm : vms) {
        // the guest hashes its data region: the source image's, as build-guest.sh recorded it
        assertThat(vm.guestChecksum()).isEqualTo(regionSha);
        assertThat(vm.disks()).allSatisfy(d -> assertThat(d.sha256()).isEqualTo(diskSha));
      }
      for (String name : migrated) {
        Vm source = VcsimScenario.vm(inventory, name);
        assertThat(operations.powerState(source.id()))
            .as(name + " is off in vcsim")
            .isEqualTo(VsphereOperations.PowerState.POWERED_OFF);
        MigrationWorkload.VmWorkload target =
            workload.waves().stream()
                .flatMap(w -> w.vms().stream())
                .filter(v -> v.sourceId().equals(source.id()))
                .findFirst()
                .orElseThrow();
        String mac = source.nics().get(0).macAddress().toLowerCase(java.util.Locale.ROOT);
        VirtualMachineInstance vmi =
            user.resources(VirtualMachineInstance.class)
                .inNamespace(NAMESPACE)
                .withName(target.name())
                .get();
        assertThat(vmi.getStatus().getPhase()).isEqualTo("Running");
        assertThat(vmi.getSpec().getDomain().getDevices().getInterfaces().get(0).getMacAddress())
            .isEqualToIgnoringCase(mac);
        assertThat(readiness.reportedMac(target)).contains(mac);
      }
      // import pods and their secrets are gone, PVCs stay with the VMs
      assertThat(
              user.pods()
                  .inNamespace(NAMESPACE)
                  .withLabel(ImportAnnotations.VM_LABEL)
                  .list()
                  .getItems())
          .isEmpty();
      assertThat(user.configMaps().inNamespace(NAMESPACE).withName("convoy-migration-e2e").get())
          .isNotNull();

      // cancel after cutover: a new executor resumes from the saved state, removes the target
      // and powers the source on again; the other VMs stay migrated
      Vm canceledSource = VcsimScenario.vm(inventory, SECOND.get(0));
      String canceled =
          vms.stream()
              .filter(v -> v.sourceId().equals(canceledSource.id()))
              .findFirst()
              .orElseThrow()
              .name();
      new Fabric8TargetCluster(user, "test")
          .saveState(
              NAMESPACE,
              MigrationState.cancelKey("e2e"),
              new MigrationState.CancelRequests(java.util.Set.of(canceled)).toJson());
      MigrationState afterCancel =
          runToEnd(
              new MigrationExecutor(
                  operations, new Fabric8TargetCluster(user, "test"), readiness, Clock.systemUTC()),
              workload,
              options,
              listener);
      java.util.Map<String, VmMigration> byName = new java.util.HashMap<>();
      afterCancel.waves().forEach(w -> w.vms().forEach(v -> byName.put(v.name(), v)));
      assertThat(byName.get(canceled).phase())
          .as("events: %s", events)
          .isEqualTo(VmPhase.ROLLED_BACK);
      assertThat(byName.get(canceled).rollbackReason())
          .isEqualTo(VmMigration.RollbackReason.CANCELED);
      assertThat(operations.powerState(canceledSource.id()))
          .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      assertThat(
              user.resources(VirtualMachine.class).inNamespace(NAMESPACE).withName(canceled).get())
          .isNull();
      assertThat(
              user.persistentVolumeClaims()
                  .inNamespace(NAMESPACE)
                  .withLabel("convoy.dev/vm", canceled)
                  .list()
                  .getItems())
          .isEmpty();
      assertThat(byName.values())
          .filteredOn(v -> !v.name().equals(canceled))
          .extracting(VmMigration::phase)
          .containsOnly(VmPhase.COMPLETED);
    }
  }

  /** Plans {@code waves} (comma-separated VM names each) over {@code inventory}. */
  MigrationWorkload workload(Inventory inventory, String name, String... waves) throws Exception {
    Path planDir = Files.createDirectories(tempDir.resolve("plan-" + name));
    StringWriter text = new StringWriter();
    InventoryCodec.write(inventory, InventoryCodec.Format.YAML, text);
    Files.writeString(planDir.resolve("inventory.yaml"), text.toString());
    StringBuilder waveList = new StringBuilder();
    for (int i = 0; i < waves.length; i++) {
      waveList
          .append("      - {name: w")
          .append(i + 1)
          .append(", vms: [")
          .append(waves[i])
          .append("]}\n");
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
            .formatted(name, NAMESPACE, waveList));
    PlanWorkflow.Planned planned = PlanWorkflow.plan(planDir.resolve("plan.yaml"), List.of());
    return MigrationWorkload.from(
        ManifestGenerator.generate(
            planned.resolved(), planned.waves(), ManifestGenerator.DiskMode.PVC));
  }

  void startRuntime() throws Exception {
    Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    runtime =
        LocalRuntime.start(
            LocalRuntime.Options.defaults(tempDir.resolve("runtime"))
                .withNodeName("convoy-mig")
                .withAccelerator("tcg")
                .withImages(
                    LocalImages.defaults()
                        .with(
                            Fabric8TargetCluster.IMPORTER_IMAGE,
                            Fabric8TargetCluster.IMPORTER_MAIN)));
    user =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(runtime.paths().kubeconfig())))
            .build();
    user.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  static MigrationState runToEnd(
      MigrationExecutor executor,
      MigrationWorkload workload,
      MigrationExecutor.Options options,
      MigrationExecutor.Listener listener)
      throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return executor.run(workload, options, listener);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            })
        .get(12, TimeUnit.MINUTES);
  }

  /**
   * A disk that cannot be converted (vcsim's 0-byte placeholder) fails its import pods, the VM
   * fails, its PVC and pods are removed and the source, which was on, is powered on again.
   */
  @Test
  void failedImportRollsBackAndPowersTheSourceOnAgain() throws Exception {
    try (VcsimServer vcsim = VcsimServer.start();
        VsphereSession session = vcsim.login();
        VsphereOperations operations = VsphereSessionOperations.over(session)) {
      Inventory inventory =
          new VsphereCollector(500)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory();
      Vm source = VcsimScenario.vm(inventory, "DC0_H0_VM1");
      MigrationWorkload workload = workload(inventory, "broken", "DC0_H0_VM1");
      startRuntime();
      List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      MigrationExecutor executor =
          new MigrationExecutor(
              operations,
              new Fabric8TargetCluster(user, "test"),
              GuestReadiness.NONE,
              Clock.systemUTC());
      MigrationState result =
          runToEnd(
              executor,
              workload,
              new MigrationExecutor.Options(
                  "broken",
                  NAMESPACE,
                  new ItinerarySettings(
                      Duration.ofSeconds(30),
                      Duration.ofSeconds(60),
                      2,
                      Duration.ofMinutes(4),
                      false,
                      Duration.ZERO),
                  Admission.Limits.defaults(),
                  Duration.ofSeconds(1),
                  false),
              new MigrationExecutor.Listener() {
                @Override
                public void event(String vm, String type, String reason, String message) {
                  events.add(reason + ": " + message);
                }
              });
      VmMigration vm = result.waves().get(0).vms().get(0);
      assertThat(vm.phase()).as("events: %s", events).isEqualTo(VmPhase.ROLLED_BACK);
      assertThat(vm.rollbackReason()).isEqualTo(VmMigration.RollbackReason.FAILURE);
      assertThat(vm.error()).contains("disk disk-0: import failed 2 times");
      assertThat(events).anyMatch(e -> e.startsWith("ImportRetry"));
      assertThat(operations.powerState(source.id()))
          .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      assertThat(user.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()).isEmpty();
      assertThat(user.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
      assertThat(user.resources(VirtualMachine.class).inNamespace(NAMESPACE).list().getItems())
          .isEmpty();
    }
  }

  /**
   * The executor is stopped while the import pod copies; a new one resumes from the saved state: it
   * adopts the running pod (no second pod, no second copy) and creates one VirtualMachine.
   */
  @Test
  void restartMidTransferResumesWithoutCopyingTwice() throws Exception {
    Path root = Path.of(System.getProperty("convoy.root", ".."));
    try (VcsimServer vcsim = VcsimServer.start();
        VsphereSession session = vcsim.login();
        VsphereOperations operations = VsphereSessionOperations.over(session)) {
      Inventory before =
          new VsphereCollector(500)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory();
      Vm source = VcsimScenario.vm(before, "DC0_H0_VM0");
      operations.upload(
          root.resolve("build/guest/disk-stream.vmdk"),
          DatastoreFile.parse(source.datacenter(), source.disks().get(0).fileName()));
      VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
      spec.memoryMB = 192L;
      ManagedObjectReference ref = VcsimScenario.ref("VirtualMachine", source.id());
      VsphereTasks.await(
          session,
          session.call("ReconfigVM_Task", () -> session.port().reconfigVM_Task(ref, spec)),
          Duration.ofSeconds(30));
      Inventory inventory =
          new VsphereCollector(500)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory();
      MigrationWorkload workload = workload(inventory, "restart", "DC0_H0_VM0");
      startRuntime();
      MigrationExecutor.Options options =
          new MigrationExecutor.Options(
              "restart",
              NAMESPACE,
              new ItinerarySettings(
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(60),
                  2,
                  Duration.ofMinutes(4),
                  false,
                  Duration.ZERO),
              Admission.Limits.defaults(),
              Duration.ofMillis(500),
              false);
      String podName =
          workload.waves().get(0).vms().get(0).disks().get(0).claim().getMetadata().getName()
              + "-import";
      Thread first =
          new Thread(
              () -> {
                try {
                  new MigrationExecutor(
                          operations,
                          new Fabric8TargetCluster(user, "test"),
                          GuestReadiness.NONE,
                          Clock.systemUTC())
                      .run(workload, options, new MigrationExecutor.Listener() {});
                } catch (InterruptedException e) {
                  // stopped, as intended
                }
              });
      first.start();
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> user.pods().inNamespace(NAMESPACE).withName(podName).get() != null);
      String podUid =
          user.pods().inNamespace(NAMESPACE).withName(podName).get().getMetadata().getUid();
      first.interrupt();
      first.join(60_000);
      assertThat(first.isAlive()).isFalse();

      java.util.Set<String> podUids = java.util.concurrent.ConcurrentHashMap.newKeySet();
      MigrationState result =
          runToEnd(
              new MigrationExecutor(
                  operations,
                  new Fabric8TargetCluster(user, "test"),
                  GuestReadiness.NONE,
                  Clock.systemUTC()),
              workload,
              options,
              new MigrationExecutor.Listener() {
                @Override
                public void round(MigrationState state, List<MigrationRound.WavePhase> phases) {
                  var pod = user.pods().inNamespace(NAMESPACE).withName(podName).get();
                  if (pod != null) {
                    podUids.add(pod.getMetadata().getUid());
                  }
                }
              });
      VmMigration vm = result.waves().get(0).vms().get(0);
      assertThat(vm.phase()).isEqualTo(VmPhase.COMPLETED);
      assertThat(vm.disks().get(0).attempts()).as("one import pod in all").isEqualTo(1);
      assertThat(podUids).isSubsetOf(java.util.Set.of(podUid));
      assertThat(user.resources(VirtualMachine.class).inNamespace(NAMESPACE).list().getItems())
          .hasSize(1);
      assertThat(
              user.resources(VirtualMachineInstance.class).inNamespace(NAMESPACE).list().getItems())
          .hasSize(1);
      assertThat(operations.powerState(source.id()))
          .isEqualTo(VsphereOperations.PowerState.POWERED_OFF);
    }
  }

  static void destroyDomains(String prefix) {
    try {
      Process list =
          new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name").start();
      String names = new String(list.getInputStream().readAllBytes());
      list.waitFor(30, TimeUnit.SECONDS);
      for (String name : names.split("\n")) {
        if (name.trim().startsWith(prefix)) {
          run("virsh", "-c", "qemu:///system", "destroy", name.trim());
          run("virsh", "-c", "qemu:///system", "undefine", "--nvram", name.trim());
        }
      }
    } catch (IOException e) {
      // nothing to clean
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  static void killLocalPods(Path podsDir) throws IOException {
    if (!Files.isDirectory(podsDir)) {
      return;
    }
    try (var pids = Files.find(podsDir, 4, (p, a) -> p.getFileName().toString().equals("pid"))) {
      pids.forEach(
          pid -> {
            try {
              long value = Long.parseLong(Files.readString(pid).trim());
              ProcessHandle.of(value).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
              // already gone
            }
          });
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
