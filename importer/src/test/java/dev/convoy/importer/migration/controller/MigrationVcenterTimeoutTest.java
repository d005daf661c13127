package dev.convoy.importer.migration.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.cli.ExitCodes;
import dev.convoy.importer.migration.ImportAnnotations;
import dev.convoy.importer.migration.ImportPodMain;
import dev.convoy.importer.testing.ConvoyCli;
import dev.convoy.importer.testing.TargetClusterFixture;
import dev.convoy.importer.testing.VcsimFixture;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Migration's vCenter timeout ({@code spec.sourceTimeoutSeconds}) and the import pods' scratch
 * quota, with the Migration controller on fabric8's mock API server (CRUD mode) and a real vcsim: a
 * hung vCenter (SIGSTOP) fails the controller's own calls within the configured timeout, naming
 * vCenter, and the VM is rolled back (its source powered on) once vCenter answers again; a
 * ResourceQuota too small for the import pods' scratch space blocks the VM in pre-flight, in a dry
 * run and in the controller, naming the quota, namespace and amounts.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Migration controller: vCenter timeout and scratch quota")
class MigrationVcenterTimeoutTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static VcsimServer vcsim;
  @TempDir static Path dir;
  static Path passwordFile;

  @BeforeAll
  static void start() throws Exception {
    vcsim = VcsimServer.start();
    TargetClusterFixture.on(client)
        .namespace("apps")
        .namespace("tight")
        .storageClass("gold", true)
        .quota(
            "tight",
            "scratch",
            Map.of("requests.ephemeral-storage", "100Mi"),
            Map.of("requests.ephemeral-storage", "0"));
    passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, VcsimServer.PASSWORD + "\n");
    // DC0_H0_VM0's disk file becomes the demo guest's streamOptimized VMDK (18 MiB), larger than
    // the 1 MiB capacity vcsim reports: the import pods' scratch must follow the file, not that
    try (VsphereSession session = vcsim.login()) {
      VcsimFixture.uploadDemoDisk(session, "DC0_H0_VM0");
    }
    Path stream = VcsimFixture.demoDiskVmdk();
    scratchMib = (Files.size(stream) + (512L << 20) + (1L << 20) - 1) >> 20;
    VcsimFixture.saveInventory(vcsim, dir.resolve("inventory.yaml"));
  }

  /** The import pod's scratch: the uploaded file's size + 512 MiB, in MiB rounded up. */
  static long scratchMib;

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  static MigrationController controller(String namespace) {
    return MigrationController.start(
        server.createClient(),
        new MigrationReconciler.Settings(
            Duration.ofMillis(300), "latest", dir.resolve("scratch"), null),
        Set.of(namespace),
        Clock.systemUTC());
  }

  static int run(StringWriter out, String... args) {
    return ConvoyCli.run(out, args);
  }

  /** {@code convoy migrate plan --wave 1} against vcsim and the mock, then {@code more}. */
  static String[] migrate(Path plan, Path kubeconfig, String... more) {
    List<String> wave = new java.util.ArrayList<>(List.of("--wave", "1"));
    wave.addAll(List.of(more));
    return VcsimFixture.migrateArgs(
        vcsim, passwordFile, kubeconfig, plan, wave.toArray(String[]::new));
  }

  static Optional<VmMigrationStatus> vm(String namespace) {
    Migration m =
        client.resources(Migration.class).inNamespace(namespace).withName("shop-wave-1").get();
    if (m == null || m.getStatus() == null || m.getStatus().getWaves() == null) {
      return Optional.empty();
    }
    return m.getStatus().getWaves().get(0).getVms().stream().findFirst();
  }

  static List<Event> events(String namespace, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  static VsphereOperations.PowerState power(String vmId) throws Exception {
    try (VsphereSession session = vcsim.login()) {
      return VsphereSessionOperations.over(session).powerState(vmId);
    }
  }

  @Test
  void aHungVcenterFailsTheControllersCallsWithinTheTimeoutAndTheVmIsRolledBackWhenItResumes()
      throws Exception {
    Path plan = VcsimFixture.shopPlan(dir, "apps");
    Path kubeconfig = TargetClusterFixture.on(client).kubeconfig(dir.resolve("kc-apps"), "apps");
    StringWriter out = new StringWriter();
    CompletableFuture<Integer> migrate =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    out,
                    migrate(
                        plan,
                        kubeconfig,
                        "--shutdown-timeout",
                        "5",
                        "--source-timeout",
                        "3",
                        "--max-import-attempts",
                        "1")));
    MigrationController controller = null;
    try {
      // convoy migrate wrote --source-timeout into the Migration
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  client
                          .resources(Migration.class)
                          .inNamespace("apps")
                          .withName("shop-wave-1")
                          .get()
                      != null);
      assertThat(
              client
                  .resources(Migration.class)
                  .inNamespace("apps")
                  .withName("shop-wave-1")
                  .get()
                  .getSpec()
                  .getSourceTimeoutSeconds())
          .isEqualTo(3);
      controller = controller("apps");
      // the mock has no kubelet: the import pod stays as created, the VM in TransferDisks
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .untilAsserted(() -> assertThat(importPods()).as(out.toString()).hasSize(1));
      Pod pod = importPods().get(0);
      assertThat(pod.getSpec().getContainers().get(0).getEnv())
          .filteredOn(e -> e.getName().equals(ImportPodMain.TIMEOUT_ENV))
          .extracting(EnvVar::getValue)
          .containsExactly("3");
      // sized from the file vCenter's HEAD reports
      assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
          .containsEntry(
              "ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity(scratchMib + "Mi"));
      String sourceId = vm("apps").orElseThrow().getSourceId();
      assertThat(vm("apps").orElseThrow().getPhase()).isEqualTo("TransferDisks");

      vcsim.hang(); // SIGSTOP: connections open, nothing answers
      long hung = System.nanoTime();
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(50))
            .until(() -> !events("apps", "SourceUnavailable").isEmpty());
        long seconds = Duration.ofNanos(System.nanoTime() - hung).toSeconds();
        String message = events("apps", "SourceUnavailable").get(0).getMessage();
        assertThat(message).contains("127.0.0.1:" + vcsim.port()).containsIgnoringCase("timed out");
        // 3 s per call and a round or two, not the 60 s of the default
        System.out.printf("vCenter hung: SourceUnavailable after %d s (timeout 3 s)%n", seconds);
        assertThat(seconds).as("seconds until the controller's call gave up").isLessThan(20);

        // the import fails meanwhile: the VM fails, its target goes, and its source waits for
        // vCenter to be powered on again
        failImport(pod);
        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () -> {
                  assertThat(vm("apps").orElseThrow().getPhase()).isEqualTo("Rollback");
                  assertThat(client.persistentVolumeClaims().inNamespace("apps").list().getItems())
                      .isEmpty();
                  assertThat(importPods()).isEmpty();
                });
        Thread.sleep(5000); // more rounds while vCenter hangs: nothing is decided without it
        assertThat(vm("apps").orElseThrow().getPhase()).isEqualTo("Rollback");
      } finally {
        vcsim.resume();
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () -> assertThat(vm("apps").orElseThrow().getPhase()).isEqualTo("RolledBack"));
      assertThat(vm("apps").orElseThrow().getError().getReason()).isEqualTo("ImportFailed");
      assertThat(power(sourceId)).isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      assertThat(migrate.get(60, TimeUnit.SECONDS)).as(out.toString()).isEqualTo(ExitCodes.BLOCKED);
    } finally {
      if (controller != null) {
        controller.close();
      }
      migrate.cancel(true);
    }
  }

  @Test
  void aSourceTimeoutOutsideOneToAnHourIsAUsageErrorNamingTheOption() throws Exception {
    Path plan = VcsimFixture.shopPlan(dir, "apps");
    Path kubeconfig = TargetClusterFixture.on(client).kubeconfig(dir.resolve("kc-usage"), "apps");
    for (String seconds : List.of("0", "3601")) {
      StringWriter out = new StringWriter();
      assertThat(run(out, migrate(plan, kubeconfig, "--source-timeout", seconds)))
          .as(out.toString())
          .isEqualTo(ExitCodes.USAGE);
      assertThat(out.toString())
          .contains("--source-timeout must be between 1 and 3600 seconds, not " + seconds)
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aQuotaTooSmallForTheImportPodsScratchBlocksTheVmInTheDryRunAndInPreflight()
      throws Exception {
    Path plan = VcsimFixture.shopPlan(dir, "tight");
    Path kubeconfig = TargetClusterFixture.on(client).kubeconfig(dir.resolve("kc-tight"), "tight");
    StringWriter dry = new StringWriter();
    assertThat(run(dry, migrate(plan, kubeconfig, "--dry-run")))
        .as(dry.toString())
        .isEqualTo(ExitCodes.BLOCKED);
    // convoy migrate's dry run asks vCenter for the file's size, as the controller's pre-flight
    assertThat(dry.toString())
        .contains(
            "ResourceQuota scratch in namespace tight requests.ephemeral-storage: its 1 import"
                + " pod(s) need "
                + scratchMib
                + " MiB")
        .contains("100 MiB left of 100 MiB");
    assertThat(client.resources(Migration.class).inNamespace("tight").list().getItems()).isEmpty();

    MigrationController controller = controller("tight");
    try {
      StringWriter out = new StringWriter();
      assertThat(run(out, migrate(plan, kubeconfig, "--shutdown-timeout", "5")))
          .as(out.toString())
          .isEqualTo(ExitCodes.BLOCKED);
      VmMigrationStatus vm = vm("tight").orElseThrow();
      assertThat(vm.getPhase()).isEqualTo("RolledBack");
      assertThat(vm.getError().getReason()).isEqualTo("BlockedByPreflight");
      assertThat(vm.getError().getMessage())
          .contains("ResourceQuota scratch in namespace tight requests.ephemeral-storage")
          .contains("need " + scratchMib + " MiB"); // the controller asks vCenter for the size
      assertThat(client.pods().inNamespace("tight").list().getItems()).isEmpty();
      assertThat(power(vm.getSourceId())).isEqualTo(VsphereOperations.PowerState.POWERED_ON);
    } finally {
      controller.close();
    }
  }

  static List<Pod> importPods() {
    return client
        .pods()
        .inNamespace("apps")
        .withLabel(ImportAnnotations.VM_LABEL, "dc0-h0-vm0")
        .list()
        .getItems();
  }

  /** What a kubelet and the import would record of a failed conversion. */
  static void failImport(Pod pod) {
    String claim = pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName();
    client
        .persistentVolumeClaims()
        .inNamespace("apps")
        .withName(claim)
        .edit(
            p -> {
              p.getMetadata()
                  .setAnnotations(
                      new java.util.HashMap<>(
                          p.getMetadata().getAnnotations() == null
                              ? Map.of()
                              : p.getMetadata().getAnnotations()));
              p.getMetadata()
                  .getAnnotations()
                  .put(ImportAnnotations.ERROR, "the source is not a disk image (test)");
              return p;
            });
    Pod failed = client.pods().inNamespace("apps").withName(pod.getMetadata().getName()).get();
    failed.setStatus(new PodStatusBuilder().withPhase("Failed").build());
    client.pods().inNamespace("apps").resource(failed).updateStatus();
  }
}
