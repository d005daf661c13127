package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.MigrationSpec;
import dev.convoy.importer.migration.MigrationState;
import dev.convoy.importer.migration.controller.MigrationController;
import dev.convoy.importer.migration.controller.MigrationReconciler;
import dev.convoy.importer.migration.controller.MigrationResources;
import dev.convoy.importer.migration.controller.MigrationStatusMapper;
import dev.convoy.importer.testing.ConvoyCli.Result;
import dev.convoy.importer.testing.TargetClusterFixture;
import dev.convoy.importer.testing.VcsimFixture;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.plans.execution.DiskMigration;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.VmMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convoy migrate}: the dry run against vcsim and a Kubernetes API (fabric8's mock in CRUD
 * mode) changes nothing and names what would block; status and cancel read and write the saved
 * state with clear errors for unknown names.
 */
@EnableKubernetesMockClient(crud = true)
class MigrateCommandTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static VcsimServer vcsim;
  @TempDir static Path dir;
  static Path kubeconfig;
  static Path passwordFile;

  @BeforeAll
  static void start() throws Exception {
    vcsim = VcsimServer.start();
    TargetClusterFixture.on(client).namespace("apps").storageClass("gold", false);
    kubeconfig = TargetClusterFixture.on(client).kubeconfig(dir.resolve("kubeconfig"), "apps");
    passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, VcsimServer.PASSWORD + "\n");
    VcsimFixture.saveInventory(vcsim, dir.resolve("inventory.yaml"));
  }

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  static Path plan(String namespace) throws Exception {
    return VcsimFixture.shopPlan(dir, namespace);
  }

  String[] migrate(Path plan, String... more) {
    return VcsimFixture.migrateArgs(vcsim, passwordFile, kubeconfig, plan, more);
  }

  @Test
  void dryRunChecksEveryVmAndChangesNothing() throws Exception {
    Result result = run(migrate(plan("apps"), "--dry-run"));
    assertThat(result.exitCode()).as(result.err() + result.out()).isZero();
    assertThat(result.out())
        .contains("dc0-h0-vm0")
        .contains("dc0-c0-rp0-vm0")
        .contains("powered_on")
        .contains("Dry run: nothing changed; every VM can start.");
    assertThat(client.persistentVolumeClaims().inNamespace("apps").list().getItems()).isEmpty();
    assertThat(client.pods().inNamespace("apps").list().getItems()).isEmpty();
    assertThat(client.configMaps().inNamespace("apps").list().getItems()).isEmpty();
  }

  @Test
  void dryRunNamesAMissingNamespaceAndBlocks() throws Exception {
    Result result = run(migrate(plan("nowhere"), "--dry-run"));
    assertThat(result.exitCode()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(result.out())
        .contains("target namespace nowhere does not exist")
        .contains("2 VM(s) would be blocked");
  }

  @Test
  void waveOutOfRangeIsAUsageError() throws Exception {
    Result result = run(migrate(plan("apps"), "--wave", "3"));
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("--wave 3: the plan has 2 waves");
    Result noPlan = run("migrate");
    assertThat(noPlan.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noPlan.err()).contains("Missing PLAN.yaml");
  }

  /**
   * The assessment {@code convoy migrate} stores beside the manifests reaches the controller: a VM
   * with a Critical finding (a PCI passthrough device) ends blocked with the rule's id and its
   * source untouched; a bad assessment document fails the Migration naming the ConfigMap.
   */
  @Test
  void aCriticalAssessmentFindingBlocksTheVmInTheControllersPreflight() throws Exception {
    TargetClusterFixture.on(client).namespace("guarded");
    var yaml = dev.convoy.api.Serialization.yaml();
    var inventory =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            yaml.readTree(Files.readString(dir.resolve("inventory.yaml")));
    String sourceId = null;
    for (var vm : inventory.withArray("vms")) {
      if (vm.path("name").asText().equals("DC0_H0_VM0")) {
        sourceId = vm.path("id").asText();
        ((com.fasterxml.jackson.databind.node.ObjectNode) vm)
            .withArray("devices")
            .addObject()
            .put("key", 13000)
            .put("kind", "pciPassthrough")
            .put("type", "VirtualPCIPassthrough")
            .put("label", "PCI device 0")
            .put("summary", "GPU");
      }
    }
    assertThat(sourceId).isNotNull();
    Files.writeString(
        dir.resolve("inventory-passthrough.yaml"), yaml.writeValueAsString(inventory));
    Path plan = dir.resolve("plan-guarded.yaml");
    Files.writeString(
        plan,
        Files.readString(plan("guarded"))
            .replace("name: shop", "name: guarded")
            .replace("file: inventory.yaml", "file: inventory-passthrough.yaml"));

    // the dry run gives the controller's pre-flight verdicts, the assessment's findings included
    Result dryRun = run(migrate(plan, "--dry-run"));
    assertThat(dryRun.exitCode()).as(dryRun.err() + dryRun.out()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(dryRun.out())
        .containsPattern("dc0-h0-vm0 .*passthrough_device.detected: ")
        .contains("1 VM(s) would be blocked");

    try (MigrationController controller =
        MigrationController.start(
            client,
            new MigrationReconciler.Settings(
                Duration.ofMillis(200), "latest", dir.resolve("scratch"), null),
            java.util.Set.of("guarded"),
            Clock.systemUTC())) {
      Result result = run(migrate(plan, "--wave", "1"));
      assertThat(result.exitCode()).as(result.err() + result.out()).isEqualTo(ExitCodes.BLOCKED);
      assertThat(result.out())
          .contains("dc0-h0-vm0")
          .contains("BlockedByPreflight: blocked by pre-flight: passthrough_device.detected");
      assertThat(
              client
                  .configMaps()
                  .inNamespace("guarded")
                  .withName(MigrationResources.manifestsName("guarded-wave-1"))
                  .get()
                  .getData())
          .containsKey(MigrationResources.ASSESSMENT_KEY);
      // nothing was touched: the source still runs, no PVC or import pod was created
      try (VsphereSession session = vcsim.login()) {
        assertThat(VsphereSessionOperations.over(session).powerState(sourceId))
            .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      }
      assertThat(client.persistentVolumeClaims().inNamespace("guarded").list().getItems())
          .isEmpty();
      assertThat(client.pods().inNamespace("guarded").list().getItems()).isEmpty();

      // the same Migration with an assessment that is not one fails naming the ConfigMap
      ConfigMap manifests =
          client
              .configMaps()
              .inNamespace("guarded")
              .withName(MigrationResources.manifestsName("guarded-wave-1"))
              .get();
      client
          .configMaps()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("bad-manifests")
                  .withNamespace("guarded")
                  .endMetadata()
                  .withBinaryData(manifests.getBinaryData())
                  .addToData(MigrationResources.ASSESSMENT_KEY, "{}")
                  .build())
          .create();
      Migration good =
          client.resources(Migration.class).inNamespace("guarded").withName("guarded-wave-1").get();
      Migration bad = new Migration();
      bad.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withName("bad")
              .withNamespace("guarded")
              .build());
      MigrationSpec spec = good.getSpec();
      spec.setManifestsRef(
          new io.fabric8.kubernetes.api.model.LocalObjectReference("bad-manifests"));
      bad.setSpec(spec);
      client.resource(bad).create();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                var status =
                    client
                        .resources(Migration.class)
                        .inNamespace("guarded")
                        .withName("bad")
                        .get()
                        .getStatus();
                assertThat(status).isNotNull();
                assertThat(status.getPhase()).isEqualTo("Failed");
                assertThat(status.getError().getReason()).isEqualTo("InvalidSpec");
                assertThat(status.getError().getMessage())
                    .startsWith(
                        "ConfigMap guarded/bad-manifests key assessment.json: schemaVersion is ''");
              });
    }
  }

  @Test
  void theProgressNamesWhatAWaitingVmWaitsForOnceUntilItChanges() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    MigrationState state =
        new MigrationState(
            "orders",
            "apps",
            now,
            List.of(
                new MigrationRound.Wave(
                    "wave-01",
                    List.of(
                        VmMigration.pending(
                            "web",
                            "vm-1",
                            "web",
                            List.of(DiskMigration.pending("disk-0", "web-disk-0", "id", 1024)),
                            now)))));
    StringWriter text = new StringWriter();
    MigrateCommand.ProgressPrinter printer =
        new MigrateCommand.ProgressPrinter(new PrintWriter(text, true));
    String reason = "waits for source host esx-1 (2 of 2 transfers in use or reserved)";
    for (int round = 0; round < 3; round++) {
      printer.round(
          MigrationStatusMapper.toStatus(
              null,
              state,
              MigrationRound.phases(state.waves()),
              java.util.Map.of("web", reason),
              now,
              1L));
    }
    assertThat(text.toString().lines().filter(l -> l.contains(reason)))
        .hasSize(1)
        .allMatch(l -> l.contains("web"));
  }

  @Test
  void statusAndCancelReadAndPatchTheMigration() {
    Migration migration = new Migration();
    migration.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("orders")
            .withNamespace("apps")
            .build());
    MigrationSpec spec = new MigrationSpec();
    spec.setPlanRef(new io.fabric8.kubernetes.api.model.LocalObjectReference("orders"));
    migration.setSpec(spec);
    Migration created = client.resource(migration).create();
    Result notStarted =
        run("migrate", "status", "orders", "-n", "apps", "--kubeconfig", kubeconfig.toString());
    assertThat(notStarted.exitCode()).as(notStarted.err()).isZero();
    assertThat(notStarted.out()).contains("has not started yet");

    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    MigrationState state =
        new MigrationState(
            "orders",
            "apps",
            now,
            List.of(
                new MigrationRound.Wave(
                    "wave-01",
                    List.of(
                        VmMigration.pending(
                            "web",
                            "vm-1",
                            "web",
                            List.of(DiskMigration.pending("disk-0", "web-disk-0", "id", 1024)),
                            now)))));
    created.setStatus(
        MigrationStatusMapper.toStatus(null, state, MigrationRound.phases(state.waves()), now, 1L));
    client.resource(created).updateStatus();

    Result status =
        run("migrate", "status", "orders", "-n", "apps", "--kubeconfig", kubeconfig.toString());
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("wave-01").contains("web").contains("Pending");

    Result unknown =
        run("migrate", "status", "nope", "-n", "apps", "--kubeconfig", kubeconfig.toString());
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(unknown.err()).contains("no migration nope in namespace apps");
    // status and cancel share NAME, -n and --kubeconfig (one mixin): both require the namespace
    for (String command : List.of("status", "cancel")) {
      Result noNamespace = run("migrate", command, "orders", "--kubeconfig", kubeconfig.toString());
      assertThat(noNamespace.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(noNamespace.err()).contains("Missing required option: '--namespace=NS'");
      Result help = run("migrate", command, "--help");
      assertThat(help.out())
          .contains("NAME")
          .contains("-n, --namespace=NS")
          .contains("--kubeconfig");
    }

    Result badVm =
        run(
            "migrate",
            "cancel",
            "orders",
            "-n",
            "apps",
            "--vm",
            "db",
            "--kubeconfig",
            kubeconfig.toString());
    assertThat(badVm.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(badVm.err()).contains("--vm db: not in migration orders (VMs: web)");

    Result cancel =
        run(
            "migrate",
            "cancel",
            "orders",
            "-n",
            "apps",
            "--vm",
            "web",
            "--wave",
            "wave-01",
            "--kubeconfig",
            kubeconfig.toString());
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(
            client
                .resources(Migration.class)
                .inNamespace("apps")
                .withName("orders")
                .get()
                .getSpec()
                .getCancel())
        .containsExactly("web", "wave:wave-01");
    // the status was left alone
    assertThat(
            client
                .resources(Migration.class)
                .inNamespace("apps")
                .withName("orders")
                .get()
                .getStatus()
                .getWaves())
        .hasSize(1);
  }
}
