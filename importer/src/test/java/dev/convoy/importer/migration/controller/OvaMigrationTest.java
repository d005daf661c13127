package dev.convoy.importer.migration.controller;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.convoy.v1alpha1.DiskMigrationStatus;
import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.VmMigrationStatus;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalRuntime;
import dev.convoy.importer.migration.ImportAnnotations;
import dev.convoy.importer.migration.LocalConsoleReadiness;
import dev.convoy.importer.migration.MigrationWorkload;
import dev.convoy.importer.ova.OvfReader;
import dev.convoy.importer.testing.ConvoyCli.Result;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OVA packages migrate end to end through {@code convoy migrate} (no vCenter at all) on the local
 * runtime: real qemu-img in the import pod reading the member in place from the package, libvirtd +
 * QEMU under TCG booting the result. A tampered member fails the manifest check and leaves nothing
 * behind; a package that is gone blocks its VM in pre-flight, before anything is created.
 */
class OvaMigrationTest {
  static final String PREFIX = "convoy-ova";
  static final String MAC = "00:50:56:3c:00:01"; // the demo OVA's NIC

  @TempDir static Path tempDir;
  static LocalMigrationRuntime local;
  static LocalRuntime runtime;
  static KubernetesClient user;
  static JsonNode guest;
  static Path root;

  @BeforeAll
  static void start() throws Exception {
    root = Path.of(System.getProperty("convoy.root", ".."));
    guest = new ObjectMapper().readTree(root.resolve("build/guest/guest.json").toFile());
    local = LocalMigrationRuntime.start(tempDir, PREFIX);
    runtime = local.runtime();
    user = local.user();
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  /** A copy of the demo OVA in its own directory, and a plan over its inventory. */
  static Path plan(String name, String namespace, Path ova) throws Exception {
    Path planDir = Files.createDirectories(tempDir.resolve("plan-" + name));
    // convoy inventory's reader: absolute paths and the manifest's digests
    Inventory inventory = OvfReader.read(ova, "ova", true);
    StringWriter text = new StringWriter();
    InventoryCodec.write(inventory, InventoryCodec.Format.YAML, text);
    Files.writeString(planDir.resolve("inventory.yaml"), text.toString());
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
                storageClass: convoy-local
                volumeMode: Filesystem
            networkMap:
              - source: VM Network
                pod: {}
          waves:
            explicit:
              - {name: w1, vms: [convoy-demo-guest]}
        """
            .formatted(name, namespace));
    user.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    return planDir.resolve("plan.yaml");
  }

  static Path ovaCopy(String name) throws IOException {
    Path dir = Files.createDirectories(tempDir.resolve("ova-" + name));
    Path ova = dir.resolve("demo-guest.ova");
    Files.copy(
        root.resolve("build/guest/demo-guest.ova"), ova, StandardCopyOption.REPLACE_EXISTING);
    return ova;
  }

  static Result migrate(Path plan, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("migrate", plan.toString(), "--kubeconfig", local.kubeconfig()));
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  static VmMigrationStatus vmStatus(String namespace, String name) {
    Migration m = user.resources(Migration.class).inNamespace(namespace).withName(name).get();
    return m.getStatus().getWaves().get(0).getVms().get(0);
  }

  static void assertNothingLeft(String namespace) {
    assertThat(user.resources(VirtualMachine.class).inNamespace(namespace).list().getItems())
        .isEmpty();
    assertThat(user.persistentVolumeClaims().inNamespace(namespace).list().getItems()).isEmpty();
    assertThat(
            user.pods()
                .inNamespace(namespace)
                .withLabel(ImportAnnotations.VM_LABEL)
                .list()
                .getItems())
        .isEmpty();
  }

  /**
   * The demo OVA through convoy migrate without a vCenter: the member is checked against the
   * manifest and converted in place, the VM boots the demo guest, which reports the source's data
   * checksum and the OVF's MAC.
   */
  @Test
  void theDemoOvaMigratesAndBootsWithTheSourceChecksumAndMac() throws Exception {
    String ns = PREFIX + "-a";
    Path ova = ovaCopy("a");
    Path plan = plan("ova", ns, ova);
    Result result = migrate(plan, "--wait-for-guest");
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("Migration Succeeded").doesNotContain("SourceShutdown");

    VmMigrationStatus vm = vmStatus(ns, "ova");
    assertThat(vm.getPhase()).isEqualTo("Completed");
    assertThat(vm.getSourceWasOn()).as("an OVA has no power state").isNull();
    assertThat(vm.getGuestChecksum())
        .isEqualTo(guest.path("disk").path("dataRegion").path("sha256").asText());
    DiskMigrationStatus disk = vm.getDisks().get(0);
    assertThat(disk.getSha256()).isEqualTo(guest.path("disk").path("sha256").asText());
    // the status names the package, the member and the manifest's digest the import checked
    assertThat(disk.getSourceIdentity())
        .startsWith("ova:" + ova.toAbsolutePath().normalize() + "!demo-guest-disk1.vmdk ")
        .containsIgnoringCase("sha256:");
    PersistentVolumeClaim claim =
        user.persistentVolumeClaims().inNamespace(ns).withName("convoy-demo-guest-disk-0").get();
    JsonNode converted =
        new ObjectMapper()
            .readTree(claim.getMetadata().getAnnotations().get(ImportAnnotations.CONVERTED));
    assertThat(converted.path("manifest").asText()).isEqualTo("demo-guest.mf");
    assertThat(converted.path("manifestVerified").asBoolean()).isTrue();
    assertThat(converted.path("verified").asBoolean()).isTrue();

    VirtualMachineInstance vmi =
        user.resources(VirtualMachineInstance.class)
            .inNamespace(ns)
            .withName("convoy-demo-guest")
            .get();
    assertThat(vmi.getStatus().getPhase()).isEqualTo("Running");
    assertThat(vmi.getSpec().getDomain().getDevices().getInterfaces().get(0).getMacAddress())
        .isEqualToIgnoringCase(MAC);
    MigrationWorkload.VmWorkload workload =
        new MigrationWorkload.VmWorkload(
            "convoy-demo-guest", ns, "x", "convoy-demo-guest", null, List.of());
    assertThat(
            new LocalConsoleReadiness(user, runtime.paths(), 56L << 20, 8L << 20)
                .reportedMac(workload))
        .contains(MAC);

    // a cancel after cutover removes the target; there is no source to power on
    Result cancel =
        run(
            "migrate",
            "cancel",
            "ova",
            "-n",
            ns,
            "--vm",
            "convoy-demo-guest",
            "--kubeconfig",
            local.kubeconfig());
    assertThat(cancel.exitCode()).as(cancel.out() + cancel.err()).isZero();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofMinutes(3))
        .until(() -> "RolledBack".equals(vmStatus(ns, "ova").getPhase()));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofMinutes(2))
        .untilAsserted(() -> assertNothingLeft(ns));
    assertThat(Files.size(ova))
        .as("the package is untouched")
        .isEqualTo(Files.size(root.resolve("build/guest/demo-guest.ova")));
  }

  /**
   * A member changed after the inventory was taken: disk-convert's manifest check refuses it in
   * every attempt, the VM fails with the rule and is rolled back, and no PVC, pod or VM is left.
   */
  @Test
  void aTamperedMemberFailsTheManifestCheckAndLeavesNothing() throws Exception {
    String ns = PREFIX + "-b";
    Path ova = ovaCopy("b");
    Path plan = plan("tampered", ns, ova);
    // flip one byte in the middle of the disk member (after the inventory read the manifest)
    long size = Files.size(ova);
    try (RandomAccessFile file = new RandomAccessFile(ova.toFile(), "rw")) {
      long at = size / 2;
      file.seek(at);
      int b = file.read();
      file.seek(at);
      file.write(b ^ 0xff);
    }
    Result result = migrate(plan, "--max-import-attempts", "2");
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(5);
    assertThat(result.out()).contains("ImportFailed");
    VmMigrationStatus vm = vmStatus(ns, "tampered");
    assertThat(vm.getPhase()).isEqualTo("RolledBack");
    assertThat(vm.getError().getMessage())
        .contains("disk-0")
        .contains("failed 2 times")
        .containsIgnoringCase("manifest");
    assertThat(vm.getDisks().get(0).getSha256()).isNull();
    assertNothingLeft(ns);
  }

  /** A package that is gone blocks its VM in pre-flight, naming the file; nothing is created. */
  @Test
  void aMissingPackageBlocksTheVmInPreFlight() throws Exception {
    String ns = PREFIX + "-c";
    Path ova = ovaCopy("c");
    Path plan = plan("missing", ns, ova);
    // the dry run gives the controller's pre-flight verdict and changes nothing
    Result dry = migrate(plan, "--dry-run");
    assertThat(dry.exitCode()).as(dry.out() + dry.err()).isZero();
    assertThat(dry.out())
        .contains("convoy-demo-guest")
        .contains(" ova ")
        .contains("every VM can start");
    Files.delete(ova);
    Result dryMissing = migrate(plan, "--dry-run");
    assertThat(dryMissing.exitCode()).as(dryMissing.out() + dryMissing.err()).isEqualTo(5);
    assertThat(dryMissing.out()).contains("source.ova.missing: OVA " + ova);
    assertThat(user.resources(Migration.class).inNamespace(ns).list().getItems()).isEmpty();
    Result result = migrate(plan);
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(5);
    VmMigrationStatus vm = vmStatus(ns, "missing");
    assertThat(vm.getPhase()).isEqualTo("RolledBack");
    assertThat(vm.getError().getMessage())
        .contains("source.ova.missing")
        .contains(ova.toString())
        .contains("does not exist");
    assertNothingLeft(ns);
  }
}
