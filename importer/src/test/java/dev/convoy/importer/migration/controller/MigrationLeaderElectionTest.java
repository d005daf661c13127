package dev.convoy.importer.migration.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.importer.migration.ImportAnnotations;
import dev.convoy.importer.testing.ConvoyCli;
import dev.convoy.importer.testing.TargetClusterFixture;
import dev.convoy.importer.testing.VcsimFixture;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.kubemock.testing.LeaseRules;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Migration controllers with leader election against one API server (fabric8's mock in CRUD
 * mode) and vcsim: only the Lease holder reconciles, so a migration gets one import pod per disk
 * from one controller; when the leader stops, the other takes the Lease and carries on (here: the
 * cancel of the migration it did not start, rolled back and the source powered on again).
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Migration controller leader election: one of two reconciles; the other takes over")
class MigrationLeaderElectionTest {
  static KubernetesClient client;
  static KubernetesMockServer server;
  static VcsimServer vcsim;
  @TempDir static Path dir;
  static Path kubeconfig;
  static Path passwordFile;
  static Path plan;

  @BeforeAll
  static void start() throws Exception {
    // JOSDK asks the API server whether it may use Leases before it campaigns: grant what
    // deploy/rbac/importer.yaml's Role does
    LeaseRules.grant(server);
    vcsim = VcsimServer.start();
    TargetClusterFixture.on(client)
        .namespace("apps")
        .namespace("convoy-system")
        .storageClass("gold", true);
    kubeconfig = TargetClusterFixture.on(client).kubeconfig(dir.resolve("kubeconfig"), "apps");
    passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, VcsimServer.PASSWORD + "\n");
    VcsimFixture.saveInventory(vcsim, dir.resolve("inventory.yaml"));
    plan = VcsimFixture.shopPlan(dir, "apps");
  }

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  static MigrationController controller(AtomicInteger lost) {
    return MigrationController.start(
        server.createClient(),
        new MigrationReconciler.Settings(
            Duration.ofMillis(300), "latest", dir.resolve("scratch"), null),
        Set.of("apps"),
        Clock.systemUTC(),
        new MigrationController.LeaderElection(
            "convoy-system",
            MigrationController.LeaderElection.DEFAULT_NAME,
            Duration.ofSeconds(3)),
        lost::incrementAndGet);
  }

  static int run(StringWriter out, String... args) {
    return ConvoyCli.run(out, args);
  }

  static List<Pod> importPods() {
    return client
        .pods()
        .inNamespace("apps")
        .withLabel(ImportAnnotations.VM_LABEL, "dc0-h0-vm0")
        .list()
        .getItems();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOver() throws Exception {
    AtomicInteger lost = new AtomicInteger();
    MigrationController a = controller(lost);
    MigrationController b = controller(lost);
    StringWriter migrateOut = new StringWriter();
    CompletableFuture<Integer> migrate = null;
    try {
      migrate =
          CompletableFuture.supplyAsync(
              () ->
                  run(
                      migrateOut,
                      VcsimFixture.migrateArgs(
                          vcsim,
                          passwordFile,
                          kubeconfig,
                          plan,
                          "--wave",
                          "1",
                          "--shutdown-timeout",
                          "5")));
      // the mock has no kubelet: the import pod stays as created, the VM in TransferDisks
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(importPods()).as(migrateOut.toString()).hasSize(1));
      Lease lease =
          client
              .leases()
              .inNamespace("convoy-system")
              .withName(MigrationController.LeaderElection.DEFAULT_NAME)
              .get();
      assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
      // a few more rounds of the leader: the other still never reconciles
      long before = a.metrics().reconciliations() + b.metrics().reconciliations();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.metrics().reconciliations() + b.metrics().reconciliations() > before + 3);
      assertThat(a.metrics().reconciliations() == 0 || b.metrics().reconciliations() == 0)
          .as(
              "only the leader reconciles (a: %d, b: %d)",
              a.metrics().reconciliations(), b.metrics().reconciliations())
          .isTrue();
      assertThat(importPods()).hasSize(1);
      // the import pod runs as the Migration's importer account, allowed its own PVC only, and
      // reserves scratch space for the staged source
      Pod pod = importPods().get(0);
      assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("shop-wave-1-importer");
      assertThat(pod.getSpec().getAutomountServiceAccountToken()).isTrue();
      assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
          .containsKey("ephemeral-storage");
      String claim = pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName();
      Role role = client.rbac().roles().inNamespace("apps").withName("shop-wave-1-importer").get();
      assertThat(role.getRules().get(0).getResourceNames()).containsExactly(claim);
      assertThat(role.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getKind()).isEqualTo("Migration"));

      MigrationController leader = a.metrics().reconciliations() > 0 ? a : b;
      MigrationController follower = leader == a ? b : a;
      leader.close();

      StringWriter cancelOut = new StringWriter();
      assertThat(
              run(
                  cancelOut,
                  "migrate",
                  "cancel",
                  "shop-wave-1",
                  "-n",
                  "apps",
                  "--vm",
                  "dc0-h0-vm0",
                  "--kubeconfig",
                  kubeconfig.toString()))
          .as(cancelOut.toString())
          .isZero();
      // the follower takes the Lease and rolls the VM back: import pod gone, source on again
      assertThat(migrate.get(90, TimeUnit.SECONDS)).as(migrateOut.toString()).isEqualTo(5);
      assertThat(follower.metrics().reconciliations()).isPositive();
      Migration migration =
          client.resources(Migration.class).inNamespace("apps").withName("shop-wave-1").get();
      assertThat(migration.getStatus().getPhase()).isEqualTo("Canceled");
      assertThat(importPods()).isEmpty();
      // finished: the importer account goes too (the mock has no garbage collector)
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(client.rbac().roles().inNamespace("apps").list().getItems()).isEmpty();
                assertThat(client.rbac().roleBindings().inNamespace("apps").list().getItems())
                    .isEmpty();
                assertThat(client.serviceAccounts().inNamespace("apps").list().getItems())
                    .isEmpty();
              });
      String sourceId = migration.getStatus().getWaves().get(0).getVms().get(0).getSourceId();
      try (VsphereSession session = vcsim.login()) {
        assertThat(VsphereSessionOperations.over(session).powerState(sourceId))
            .isEqualTo(VsphereOperations.PowerState.POWERED_ON);
      }
      assertThat(lost.get()).as("an orderly stop is not a lost Lease").isZero();
    } finally {
      a.close();
      b.close();
      if (migrate != null) {
        migrate.cancel(true);
      }
    }
  }
}
