package dev.convoy.api.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.api.inventory.InventoryCodec.Format;
import dev.convoy.api.inventory.InventoryCodec.InvalidInventoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCodecTest {

  static Inventory sample() {
    Disk disk =
        Disk.builder()
            .key(2000)
            .label("Hard disk 1")
            .capacityBytes(10L << 30)
            .datastore("datastore-1")
            .fileName("[ds1] db01/db01.vmdk")
            .backing(Disk.Backing.FLAT)
            .provisioning(Disk.Provisioning.THIN)
            .diskMode("independent_persistent")
            .sharing("sharingMultiWriter")
            .controller(new DiskController(1000, DiskController.Type.PVSCSI, 0, "noSharing"))
            .unitNumber(0)
            .build();
    Nic nic =
        new Nic(
            4000,
            "Network adapter 1",
            "vmxnet3",
            "00:50:56:aa:bb:cc",
            "assigned",
            new Nic.NetworkRef(
                "dvportgroup-11", "DC0_DVPG0", Network.Kind.DISTRIBUTED_PORTGROUP, "u"),
            true,
            true);
    Vm vm =
        Vm.builder()
            .id("vm-42")
            .sourceId("vc1")
            .name("db01")
            .powerState(PowerState.POWERED_ON)
            .firmware(Firmware.EFI)
            .secureBoot(true)
            .cpuCount(4)
            .coresPerSocket(2)
            .memoryMiB(8192L)
            .disks(List.of(disk))
            .nics(List.of(nic))
            .snapshots(
                List.of(
                    new Snapshot(
                        "snapshot-1",
                        "before",
                        null,
                        "2024-01-01T00:00:00Z",
                        PowerState.POWERED_OFF,
                        false,
                        List.of(
                            new Snapshot("snapshot-2", "after", null, null, null, null, null)))))
            .customAttributes(Map.of("owner", "finance", "app", "db"))
            .guest(
                new GuestInfo(
                    "db01.example.com",
                    "10.0.0.5",
                    List.of(
                        new GuestInfo.Nic(
                            "00:50:56:aa:bb:cc",
                            "DC0_DVPG0",
                            List.of("10.0.0.5", "fe80::1"),
                            true,
                            4000)),
                    "guestToolsRunning",
                    null,
                    null,
                    null,
                    null))
            .build();
    return new Inventory(
        Inventory.SCHEMA_VERSION,
        "2024-01-01T00:00:00Z",
        List.of(
            new InventorySource(
                "vc1",
                InventorySource.Kind.VSPHERE,
                "vsphere://vc.example.com",
                null,
                "7.0",
                null,
                null)),
        List.of(new Datacenter("datacenter-2", "vc1", "DC0", "/DC0")),
        null,
        null,
        null,
        null,
        List.of(vm),
        null);
  }

  @Test
  void jsonAndYamlRoundTripToEqualValues() {
    Inventory inventory = sample();
    for (Format format : Format.values()) {
      String text = InventoryCodec.toString(inventory, format);
      assertThat(InventoryCodec.parse(text, format, "x")).isEqualTo(inventory);
    }
  }

  @Test
  void jsonUsesTheDocumentedNames() {
    String json = InventoryCodec.toString(sample(), Format.JSON);
    assertThat(json)
        .contains("\"schemaVersion\" : \"convoy.dev/inventory/v1\"")
        .contains("\"powerState\" : \"poweredOn\"")
        .contains("\"firmware\" : \"efi\"")
        .contains("\"provisioning\" : \"thin\"")
        .contains("\"independent\" : true")
        .contains("\"type\" : \"pvscsi\"")
        .contains("\"kind\" : \"distributedPortgroup\"")
        .doesNotContain("allIpAddresses")
        .doesNotContain("count");
    // custom attributes are sorted, so output is stable
    assertThat(json.indexOf("\"app\"")).isLessThan(json.indexOf("\"owner\""));
  }

  @Test
  void wrongSchemaVersionIsRefused() {
    assertThatThrownBy(
            () -> InventoryCodec.parse("{\"schemaVersion\":\"v0\"}", Format.JSON, "inv.json"))
        .isInstanceOf(InvalidInventoryException.class)
        .hasMessage("inv.json: schemaVersion is 'v0', expected 'convoy.dev/inventory/v1'");
  }

  @Test
  void unknownFieldNamesLineColumnAndPath(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("inv.yaml");
    Files.writeString(
        file, "schemaVersion: convoy.dev/inventory/v1\nvms:\n- id: vm-1\n  nmae: x\n");
    assertThatThrownBy(() -> InventoryCodec.read(file))
        .isInstanceOf(InvalidInventoryException.class)
        .hasMessageStartingWith(file + ":4:")
        .hasMessageContaining("unknown field 'nmae'")
        .hasMessageContaining("vms[0].nmae");
  }

  @Test
  void brokenSyntaxNamesTheLine() {
    assertThatThrownBy(
            () ->
                InventoryCodec.parse(
                    "{\"schemaVersion\": \"convoy.dev/inventory/v1\",\n \"vms\": [}",
                    Format.JSON,
                    "inv.json"))
        .isInstanceOf(InvalidInventoryException.class)
        .hasMessageStartingWith("inv.json:2:");
  }

  @Test
  void inventoriesMergeBySource() {
    Inventory a = sample();
    Inventory merged = a.merge(a);
    assertThat(merged.vms()).hasSize(2);
    assertThat(merged.sources()).hasSize(2);
  }
}
