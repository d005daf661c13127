package dev.convoy.importer.testing;

import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.importer.vsphere.VcsimScenario;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A simulator's inventory, collected as {@code convoy inventory} does, and a plan over it. */
public final class VcsimFixture {
  private VcsimFixture() {}

  /** Collects {@code vcsim}'s inventory (source name {@code vc}) and writes it as YAML to file. */
  public static Path saveInventory(VcsimServer vcsim, Path file) throws Exception {
    try (VsphereSession session = vcsim.login()) {
      var inventory =
          new VsphereCollector(500)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory();
      StringWriter text = new StringWriter();
      InventoryCodec.write(inventory, InventoryCodec.Format.YAML, text);
      Files.writeString(file, text.toString());
    }
    return file;
  }

  /** The demo guest's streamOptimized VMDK (18 MiB; {@code scripts/setup} builds it). */
  public static Path demoDiskVmdk() {
    return Path.of(System.getProperty("convoy.root", "..")).resolve("build/guest/disk-stream.vmdk");
  }

  /**
   * Uploads the demo guest's streamOptimized VMDK through vCenter's {@code /folder} endpoint as the
   * first disk file of vcsim's VM {@code vmName} (vcsim's own disk files are empty placeholders);
   * returns that file.
   */
  public static DatastoreFile uploadDemoDisk(VsphereSession session, String vmName)
      throws Exception {
    var inventory =
        new VsphereCollector(500)
            .collect(session, "vc", new VsphereCollector.Listener() {})
            .inventory();
    Vm vm = VcsimScenario.vm(inventory, vmName);
    DatastoreFile file = DatastoreFile.parse(vm.datacenter(), vm.disks().get(0).fileName());
    VsphereSessionOperations.over(session).upload(demoDiskVmdk(), file);
    return file;
  }

  /**
   * The arguments of {@code convoy migrate plan} against {@code vcsim} (its certificate pinned, its
   * password in {@code passwordFile}) and the cluster of {@code kubeconfig}, then {@code more}.
   */
  public static String[] migrateArgs(
      VcsimServer vcsim, Path passwordFile, Path kubeconfig, Path plan, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                plan.toString(),
                "--source",
                vcsim.url(),
                "--thumbprint",
                vcsim.thumbprintSha256(),
                "--password-file",
                passwordFile.toString(),
                "--kubeconfig",
                kubeconfig.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /**
   * Writes {@code plan-<namespace>.yaml} beside {@code inventory.yaml} in {@code dir}: the plan
   * {@code shop} moving vcsim's DC0_H0_VM0 (wave {@code first}) and DC0_C0_RP0_VM0 (wave {@code
   * second}) into {@code namespace}, storage class {@code gold}.
   */
  public static Path shopPlan(Path dir, String namespace) throws Exception {
    Path file = dir.resolve("plan-" + namespace + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: convoy.dev/v1alpha1
        kind: MigrationPlan
        metadata:
          name: shop
        spec:
          source:
            provider:
              inventory:
                file: inventory.yaml
          target:
            namespace: %s
            storageMap:
              - source: "*"
                storageClass: gold
            networkMap:
              - source: DC0_DVPG0
                pod: {}
          waves:
            explicit:
              - {name: first, vms: [DC0_H0_VM0]}
              - {name: second, vms: [DC0_C0_RP0_VM0]}
        """
            .formatted(namespace));
    return file;
  }
}
