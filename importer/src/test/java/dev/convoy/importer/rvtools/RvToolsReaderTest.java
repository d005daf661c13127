package dev.convoy.importer.rvtools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.inventory.InventoryException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RvToolsReaderTest {
  @TempDir Path dir;

  @BeforeEach
  void copyExport() throws Exception {
    for (String tab : new String[] {"vInfo", "vDisk", "vNetwork"}) {
      try (InputStream in = getClass().getResourceAsStream("/rvtools/RVTools_tab" + tab + ".csv")) {
        Files.copy(in, dir.resolve("RVTools_tab" + tab + ".csv"));
      }
    }
  }

  @Test
  void anExportFolderGivesVmsWithDisksAndNics() throws Exception {
    Inventory inventory = RvToolsReader.read(dir, "rv");
    assertThat(inventory.sources().get(0).kind()).isEqualTo(InventorySource.Kind.RVTOOLS);
    assertThat(inventory.vms()).extracting(Vm::name).containsExactly("db01", "web_01");
    Vm db = inventory.vms().get(0);
    assertThat(db.id()).isEqualTo("vm-101");
    assertThat(db.biosUuid()).isEqualTo("4211aaaa-0000-0000-0000-000000000101");
    assertThat(db.instanceUuid()).isEqualTo("50110000-0000-0000-0000-000000000101");
    assertThat(db.powerState()).isEqualTo(PowerState.POWERED_ON);
    assertThat(db.cpuCount()).isEqualTo(8);
    assertThat(db.memoryMiB()).isEqualTo(32768);
    assertThat(db.firmware()).isEqualTo(Firmware.EFI);
    assertThat(db.changeTrackingEnabled()).isTrue();
    assertThat(db.hardwareVersion()).isEqualTo("vmx-19");
    assertThat(db.annotation()).isEqualTo("Primary database, \"prod\"");
    assertThat(db.datacenter()).isEqualTo("DC-East");
    assertThat(db.cluster()).isEqualTo("Cluster-A");
    assertThat(db.host()).isEqualTo("esx01.corp.example");
    assertThat(db.folder()).isEqualTo("Databases");
    assertThat(db.inventoryPath()).isEqualTo("/DC-East/vm/Databases/db01");
    assertThat(db.guest().ipAddress()).isEqualTo("10.20.0.11");
    assertThat(db.guest().hostname()).isEqualTo("db01.corp.example");
    assertThat(db.guestFullName()).isEqualTo("Red Hat Enterprise Linux 8 (64-bit)");

    assertThat(db.disks()).hasSize(2);
    Disk os = db.disks().get(0);
    assertThat(os.capacityBytes()).isEqualTo(100L << 30);
    assertThat(os.provisioning()).isEqualTo(Disk.Provisioning.THIN);
    assertThat(os.datastore()).isEqualTo("SAN-01");
    assertThat(os.controller().busNumber()).isZero();
    Disk shared = db.disks().get(1);
    assertThat(shared.backing()).isEqualTo(Disk.Backing.RDM);
    assertThat(shared.rdmCompatibilityMode()).isEqualTo("physicalMode");
    assertThat(shared.independent()).isTrue();
    assertThat(shared.sharing()).isEqualTo("sharingMultiWriter");
    assertThat(shared.controller().busSharing()).isEqualTo("physicalSharing");
    assertThat(db.nics())
        .extracting(Nic::deviceType, Nic::macAddress)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vmxnet3", "00:50:56:01:01:01"),
            org.assertj.core.groups.Tuple.tuple("sriov", "00:50:56:01:01:02"));
    assertThat(db.nics().get(0).network().kind()).isEqualTo(Network.Kind.DISTRIBUTED_PORTGROUP);

    Vm web = inventory.vms().get(1);
    assertThat(web.consolidationNeeded()).isTrue();
    assertThat(web.disks().get(0).controller().type()).isEqualTo(DiskController.Type.SATA);
    assertThat(web.nics().get(0).deviceType()).isEqualTo("e1000e");
    assertThat(web.nics().get(0).network().kind()).isEqualTo(Network.Kind.STANDARD);
    assertThat(web.nics().get(0).connected()).isFalse();

    assertThat(inventory.notes())
        .singleElement()
        .satisfies(
            note ->
                assertThat(note.message())
                    .contains("RVTools_tabvNetwork.csv:5")
                    .contains("'ghost'")
                    .contains("skipped"));
  }

  @Test
  void theVInfoFileFindsItsSiblingTabs() throws Exception {
    Inventory inventory = RvToolsReader.read(dir.resolve("RVTools_tabvInfo.csv"), "rv");
    assertThat(inventory.vms().get(0).disks()).hasSize(2);
    assertThat(inventory.vms().get(0).nics()).hasSize(2);
  }

  @Test
  void semicolonSeparatedExportsFromOtherLocalesParse() throws Exception {
    Path other = Files.createDirectories(dir.resolve("de"));
    Files.writeString(
        other.resolve("export.csv"),
        "VM;Powerstate;CPUs;Memory;Firmware\r\n\"app;01\";poweredOn;2;2048;bios\r\n");
    Inventory inventory = RvToolsReader.read(other.resolve("export.csv"), "de");
    assertThat(inventory.vms())
        .singleElement()
        .satisfies(
            vm -> {
              assertThat(vm.name()).isEqualTo("app;01");
              assertThat(vm.memoryMiB()).isEqualTo(2048);
            });
    assertThat(inventory.notes()).hasSize(2); // no vDisk, no vNetwork
  }

  @Test
  void malformedRowsNameTheirLine() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(bad.resolve("vinfo.csv"), "VM,Powerstate,CPUs,Memory\ndb,poweredOn,2\n");
    assertThatThrownBy(() -> RvToolsReader.read(bad, "b"))
        .isInstanceOf(InventoryException.class)
        .hasMessageEndingWith("vinfo.csv:2: the row has 3 fields, the header has 4");
    Files.writeString(bad.resolve("vinfo.csv"), "VM,Powerstate,CPUs,Memory\ndb,poweredOn,two,4\n");
    assertThatThrownBy(() -> RvToolsReader.read(bad, "b"))
        .hasMessageEndingWith("vinfo.csv:2: column 'CPUs' is 'two', not a number");
    Files.writeString(
        bad.resolve("vinfo.csv"), "VM,Powerstate,CPUs,Memory\n\"db,poweredOn,2,4\nx,y,1,1\n");
    assertThatThrownBy(() -> RvToolsReader.read(bad, "b"))
        .hasMessageEndingWith(
            "vinfo.csv:2: a quoted field is not closed before the end of the file");
  }

  @Test
  void aCsvThatIsNotAVInfoTabIsRefused() throws Exception {
    assertThatThrownBy(() -> RvToolsReader.read(dir.resolve("RVTools_tabvDisk.csv"), "x"))
        .hasMessageContaining("no RVTools vInfo table found");
  }
}
