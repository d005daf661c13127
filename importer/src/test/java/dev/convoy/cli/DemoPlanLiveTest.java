package dev.convoy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.testing.ConvoyCli;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereSession;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo plan against a live inventory: vcsim's VMs collected over the vSphere API, merged with
 * the demo OVA's VM, planned into two waves and generated into manifests by the CLI.
 */
class DemoPlanLiveTest {
  static final Path ROOT = Path.of(System.getProperty("convoy.root", ".."));

  @Test
  @DisplayName("examples/plans/demo.yaml plans live vcsim VMs plus the demo OVA into two waves")
  void demoPlanOnLiveVcsim(@TempDir Path dir) throws Exception {
    Inventory live;
    try (VcsimServer vcsim = VcsimServer.start();
        VsphereSession session = vcsim.login()) {
      live =
          new VsphereCollector(500)
              .collect(session, "vcsim", new VsphereCollector.Listener() {})
              .inventory();
    }
    // The OVA's VM from the saved demo inventory (the OVA reader is not part of this test).
    Inventory saved = InventoryCodec.read(ROOT.resolve("examples/plans/demo-inventory.yaml"));
    Inventory ova =
        new Inventory(
            Inventory.SCHEMA_VERSION,
            saved.generatedAt(),
            saved.sources().stream().filter(s -> s.id().equals("demo-ova")).toList(),
            null,
            null,
            null,
            saved.networks().stream().filter(n -> "demo-ova".equals(n.sourceId())).toList(),
            null,
            saved.vms().stream().filter(v -> "demo-ova".equals(v.sourceId())).toList(),
            null);
    Path inventoryFile = dir.resolve("inventory.yaml");
    StringWriter text = new StringWriter();
    InventoryCodec.write(live.merge(ova), InventoryCodec.Format.YAML, text);
    Files.writeString(inventoryFile, text.toString());
    // -Dconvoy.dumpInventory=FILE writes the live vcsim part, to refresh the saved demo inventory.
    if (System.getProperty("convoy.dumpInventory") != null) {
      StringWriter vcsimOnly = new StringWriter();
      InventoryCodec.write(live, InventoryCodec.Format.YAML, vcsimOnly);
      Files.writeString(Path.of(System.getProperty("convoy.dumpInventory")), vcsimOnly.toString());
    }

    String plan = ROOT.resolve("examples/plans/demo.yaml").toString();
    ConvoyCli.Result planned =
        ConvoyCli.run("plan", plan, "--inventory", inventoryFile.toString(), "-o", "json");
    assertThat(planned.exitCode()).as(planned.err()).isZero();
    assertThat(planned.out()).contains("\"waveCount\" : 2", "\"vmCount\" : 5");

    Path out = dir.resolve("manifests");
    ConvoyCli.Result generated =
        ConvoyCli.run(
            "generate", plan, "--inventory", inventoryFile.toString(), "--out", out.toString());
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    for (String vm :
        List.of(
            "dc0-h0-vm0", "dc0-h0-vm1", "dc0-c0-rp0-vm0", "dc0-c0-rp0-vm1", "convoy-demo-guest")) {
      try (var files = Files.walk(out)) {
        assertThat(files.map(p -> p.getFileName().toString())).as(vm).contains(vm + ".yaml");
      }
    }
    String guest = Files.readString(out.resolve("wave-02/convoy-demo-guest.yaml"));
    assertThat(guest).contains("macAddress: \"00:50:56:3c:00:01\"", "kind: VirtualMachine");
  }
}
