package dev.convoy.importer.demo;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.inventory.AtomicFiles;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's source side: in the simulator's default inventory, two VMs become the demo's
 * application VMs ({@link #VMS}): renamed, given memory for the demo guest, and the demo guest's
 * VMDK as their disk (uploaded into the simulator's datastore, capacity set to the image's). The
 * other VMs stay as they are. The result is saved as the inventory the demo plan migrates from.
 */
public final class DemoSource {
  /**
   * The demo VMs: new name → the simulator VM it is made from. The order is the plan's waves' (see
   * examples/plans/demo-migration.yaml).
   */
  public static final Map<String, String> VMS;

  static {
    Map<String, String> vms = new LinkedHashMap<>();
    vms.put("db-01", "DC0_H0_VM0");
    vms.put("web-01", "DC0_C0_RP0_VM0");
    VMS = java.util.Collections.unmodifiableMap(vms);
  }

  /** The simulator's topology: vcsim's default (one cluster of three hosts, one standalone). */
  public static final List<String> TOPOLOGY = List.of("-cluster", "1", "-host", "3", "-vm", "2");

  /** Memory of the demo VMs: enough for the demo guest under TCG. */
  public static final long MEMORY_MIB = 192;

  private DemoSource() {}

  /** A session to the demo simulator, pinned to its certificate. */
  public static VsphereSession login(DemoVcenter.Running vcenter) throws VsphereException {
    return VsphereSession.open(
        new VsphereEndpoint(DemoVcenter.USERNAME, "127.0.0.1", vcenter.port(), null),
        new VsphereCredentials(DemoVcenter.USERNAME, DemoVcenter.PASSWORD.toCharArray()),
        new TlsPolicy.Pinned(Thumbprint.parse(vcenter.thumbprintSha256())),
        Duration.ofSeconds(60));
  }

  /**
   * Prepares the demo VMs in the freshly started simulator and writes the inventory to {@code
   * inventoryFile}.
   *
   * @return the inventory as saved
   */
  public static Inventory prepare(DemoVcenter.Running vcenter, DemoGuest guest, Path inventoryFile)
      throws VsphereException, IOException {
    try (VsphereSession session = login(vcenter);
        VsphereOperations operations = VsphereSessionOperations.over(session)) {
      Inventory before = collect(session);
      for (Map.Entry<String, String> entry : VMS.entrySet()) {
        Vm vm = find(before, entry.getValue());
        SourceVmInstaller.install(
            session,
            operations,
            vm,
            guest.vmdk(),
            new SourceVmInstaller.Settings(entry.getKey(), MEMORY_MIB, guest.diskBytes()));
      }
      Inventory after = collect(session);
      StringWriter text = new StringWriter();
      InventoryCodec.write(after, InventoryCodec.Format.YAML, text);
      AtomicFiles.write(inventoryFile, text.toString());
      return after;
    }
  }

  /** The power states of the demo VMs, by demo name. */
  public static Map<String, VsphereOperations.PowerState> powerStates(
      DemoVcenter.Running vcenter, Inventory inventory) throws VsphereException {
    Map<String, VsphereOperations.PowerState> states = new LinkedHashMap<>();
    try (VsphereSession session = login(vcenter);
        VsphereOperations operations = VsphereSessionOperations.over(session)) {
      for (String name : VMS.keySet()) {
        states.put(name, operations.powerState(find(inventory, name).id()));
      }
    }
    return states;
  }

  private static Inventory collect(VsphereSession session) throws VsphereException {
    return new VsphereCollector(500)
        .collect(session, "vcsim", new VsphereCollector.Listener() {})
        .inventory();
  }

  private static Vm find(Inventory inventory, String name) throws VsphereException {
    return inventory.vms().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new VsphereException(
                    VsphereException.Kind.FAULT,
                    "the simulator's inventory has no VM named " + name,
                    null));
  }
}
