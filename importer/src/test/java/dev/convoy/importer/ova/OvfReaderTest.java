package dev.convoy.importer.ova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.inventory.InventoryNote;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.inventory.VmDevice;
import dev.convoy.importer.inventory.InventoryException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OvfReaderTest {
  @TempDir Path dir;

  private Map<String, byte[]> multiDisk() throws Exception {
    Map<String, byte[]> disks = new LinkedHashMap<>();
    disks.put("db01-disk1.vmdk", OvfFixtures.fakeDisk("disk1", 4096));
    disks.put("db01-disk2.vmdk", OvfFixtures.fakeDisk("disk2", 8192));
    return OvfFixtures.files("db01.ovf", "multi-disk-multi-nic.ovf", disks);
  }

  @Test
  void theDemoGuestOvaReadsCompletelyWithItsDiskInPlace() throws Exception {
    Path ova =
        Path.of(System.getProperty("convoy.root", "..")).resolve("build/guest/demo-guest.ova");
    assumeThat(Files.isRegularFile(ova))
        .as("the demo guest OVA is built by scripts/setup into " + ova)
        .isTrue();
    Inventory inventory = OvfReader.read(ova, "demo", true);
    assertThat(inventory.sources().get(0).kind()).isEqualTo(InventorySource.Kind.OVA);
    assertThat(inventory.notes()).isEmpty(); // the manifest covers everything and matches
    Vm vm = inventory.vms().get(0);
    assertThat(inventory.vms()).hasSize(1);
    assertThat(vm.name()).isEqualTo("convoy-demo-guest");
    assertThat(vm.cpuCount()).isEqualTo(1);
    assertThat(vm.memoryMiB()).isEqualTo(256);
    assertThat(vm.firmware()).isEqualTo(Firmware.BIOS);
    assertThat(vm.hardwareVersion()).isEqualTo("vmx-14");
    Disk disk = vm.disks().get(0);
    assertThat(disk.capacityBytes()).isEqualTo(64L << 20);
    assertThat(disk.controller().type()).isEqualTo(DiskController.Type.PVSCSI);
    assertThat(disk.source().entry()).isEqualTo("demo-guest-disk1.vmdk");
    assertThat(disk.source().format()).isEqualTo("vmdk-streamOptimized");
    assertThat(disk.source().checksum()).startsWith("SHA256:");
    // The byte range really is the VMDK inside the tar: it starts with the VMDK magic.
    try (RandomAccessFile file = new RandomAccessFile(ova.toFile(), "r")) {
      byte[] magic = new byte[4];
      file.seek(disk.source().offset());
      file.readFully(magic);
      assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("KDMV");
      assertThat(disk.source().offset() + disk.source().length())
          .isLessThanOrEqualTo(file.length());
    }
    Nic nic = vm.nics().get(0);
    assertThat(nic.deviceType()).isEqualTo("vmxnet3");
    assertThat(nic.macAddress()).isEqualTo("00:50:56:3c:00:01");
    assertThat(nic.network().name()).isEqualTo("VM Network");
  }

  @Test
  void multiDiskMultiNicOvaWithAVerifiedManifest() throws Exception {
    Map<String, byte[]> files = multiDisk();
    Path ova = OvfFixtures.ova(dir.resolve("db01.ova"), files, OvfFixtures.manifest(files));
    Inventory inventory = OvfReader.read(ova, "db", true);
    assertThat(inventory.notes()).isEmpty();
    Vm vm = inventory.vms().get(0);
    assertThat(vm.name()).isEqualTo("db01");
    assertThat(vm.guestId()).isEqualTo("rhel8_64Guest");
    assertThat(vm.guestFullName()).isEqualTo("Red Hat Enterprise Linux 8 (64-bit)");
    assertThat(vm.cpuCount()).isEqualTo(4);
    assertThat(vm.coresPerSocket()).isEqualTo(2);
    assertThat(vm.memoryMiB()).isEqualTo(8192);
    assertThat(vm.cpuHotAddEnabled()).isTrue();
    assertThat(vm.extraConfig()).containsOnlyKeys("disk.EnableUUID");
    assertThat(vm.disks()).hasSize(2);
    Disk first = vm.disks().get(0);
    Disk second = vm.disks().get(1);
    assertThat(first.capacityBytes()).isEqualTo(20L << 30);
    assertThat(first.controller().type()).isEqualTo(DiskController.Type.PVSCSI);
    assertThat(first.unitNumber()).isZero();
    assertThat(first.source().populatedBytes()).isEqualTo(4096);
    assertThat(first.source().length()).isEqualTo(4096);
    assertThat(second.capacityBytes()).isEqualTo(107374182400L);
    assertThat(second.controller().type()).isEqualTo(DiskController.Type.SATA);
    assertThat(second.unitNumber()).isEqualTo(1);
    assertThat(second.fileName()).isEqualTo("db01-disk2.vmdk");
    try (RandomAccessFile file = new RandomAccessFile(ova.toFile(), "r")) {
      byte[] head = new byte[13];
      file.seek(second.source().offset() + 0);
      file.readFully(head);
      assertThat(new String(head, 8, 5, StandardCharsets.UTF_8)).isEqualTo("disk2");
    }
    assertThat(vm.nics())
        .extracting(Nic::deviceType, Nic::macAddress, n -> n.network().name(), Nic::startConnected)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vmxnet3", "00:50:56:aa:00:01", "Frontend", true),
            org.assertj.core.groups.Tuple.tuple("e1000e", "00:50:56:aa:00:02", "Backend", false),
            org.assertj.core.groups.Tuple.tuple("e1000", null, "Backend", true));
    assertThat(vm.devices())
        .extracting(VmDevice::kind)
        .containsExactly(VmDevice.Kind.CDROM, VmDevice.Kind.USB_CONTROLLER);
    assertThat(inventory.networks())
        .extracting(n -> n.name())
        .containsExactly("Frontend", "Backend");
    assertThat(InventoryCodec.toString(inventory, InventoryCodec.Format.JSON))
        .doesNotContain("do-not-copy");
  }

  @Test
  void virtualSystemCollectionWithEfiFromAFolder() throws Exception {
    Map<String, byte[]> disks = new LinkedHashMap<>();
    disks.put("web01.vmdk", OvfFixtures.fakeDisk("web01", 2048));
    disks.put("app01.vmdk", OvfFixtures.fakeDisk("app01", 2048));
    Path folder =
        OvfFixtures.folder(
            dir.resolve("shop"), OvfFixtures.files("shop.ovf", "collection-efi.ovf", disks), null);
    Inventory inventory = OvfReader.read(folder, "shop", true);
    assertThat(inventory.sources().get(0).kind()).isEqualTo(InventorySource.Kind.OVF);
    assertThat(inventory.sources().get(0).product()).isEqualTo("Shop 2.1");
    assertThat(inventory.vms())
        .extracting(Vm::name, Vm::inventoryPath, Vm::folder)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web01", "/shop/web01", "/shop"),
            org.assertj.core.groups.Tuple.tuple("app01", "/shop/app01", "/shop"));
    Vm web = inventory.vms().get(0);
    assertThat(web.firmware()).isEqualTo(Firmware.EFI);
    assertThat(web.secureBoot()).isTrue();
    assertThat(web.memoryMiB()).isEqualTo(4096);
    assertThat(web.disks().get(0).capacityBytes()).isEqualTo(10240L << 20);
    assertThat(web.disks().get(0).controller().type()).isEqualTo(DiskController.Type.LSILOGIC_SAS);
    assertThat(web.disks().get(0).source().path())
        .isEqualTo(folder.resolve("web01.vmdk").toString());
    assertThat(web.disks().get(0).source().entry()).isNull();
    Vm app = inventory.vms().get(1);
    assertThat(app.firmware()).isEqualTo(Firmware.BIOS);
    assertThat(app.secureBoot()).isNull();
    assertThat(app.disks().get(0).controller().type()).isEqualTo(DiskController.Type.IDE);
    assertThat(inventory.notes())
        .extracting(InventoryNote::message)
        .anySatisfy(m -> assertThat(m).contains("no .mf manifest"));
  }

  @Test
  void badXmlNamesLineAndColumn() throws Exception {
    Path ova =
        OvfFixtures.ova(
            dir.resolve("bad.ova"),
            OvfFixtures.files("bad.ovf", "bad-xml.ovf", Map.of("x.vmdk", new byte[512])),
            null);
    assertThatThrownBy(() -> OvfReader.read(ova, "bad", true))
        .isInstanceOf(InventoryException.class)
        .hasMessageStartingWith("bad.ova!bad.ovf:8:")
        .hasMessageContaining("not well-formed XML")
        .hasMessageContaining("must be terminated by the matching end-tag");
  }

  @Test
  void aDiskReferencingAnUndeclaredFileNamesItsLine() throws Exception {
    Path folder =
        OvfFixtures.folder(
            dir.resolve("orphan"),
            OvfFixtures.files(
                "orphan.ovf", "missing-file-ref.ovf", Map.of("disk1.vmdk", new byte[512])),
            null);
    assertThatThrownBy(() -> OvfReader.read(folder, "o", true))
        .isInstanceOf(InventoryException.class)
        .hasMessageEndingWith(
            "orphan.ovf:10: Disk 'vmdisk1' references file 'file2', which References does not declare");
  }

  @Test
  void aReferencedFileMissingFromTheOvaIsAnError() throws Exception {
    Map<String, byte[]> files = multiDisk();
    files.remove("db01-disk2.vmdk");
    Path ova = OvfFixtures.ova(dir.resolve("short.ova"), files, null);
    assertThatThrownBy(() -> OvfReader.read(ova, "s", true))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("short.ova!db01.ovf:9:")
        .hasMessageContaining(
            "File 'file2' references 'db01-disk2.vmdk', which the package does not contain");
  }

  @Test
  void aChecksumMismatchIsAnErrorNamingTheFile() throws Exception {
    Map<String, byte[]> files = multiDisk();
    String manifest = OvfFixtures.manifest(files);
    files.put("db01-disk2.vmdk", OvfFixtures.fakeDisk("tampered", 8192));
    Path ova = OvfFixtures.ova(dir.resolve("tampered.ova"), files, manifest);
    assertThatThrownBy(() -> OvfReader.read(ova, "t", true))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("checksum mismatch for 'db01-disk2.vmdk'")
        .hasMessageContaining("SHA-256");
    // Explicitly not verifying reads it, and says so.
    Inventory unverified = OvfReader.read(ova, "t", false);
    assertThat(unverified.notes())
        .extracting(InventoryNote::message)
        .anySatisfy(m -> assertThat(m).contains("not verified"));
  }

  @Test
  void aManifestListingAMissingFileIsAnError() throws Exception {
    Map<String, byte[]> files = multiDisk();
    Map<String, byte[]> more = new LinkedHashMap<>(files);
    more.put("ghost.vmdk", new byte[10]);
    Path ova = OvfFixtures.ova(dir.resolve("ghost.ova"), files, OvfFixtures.manifest(more));
    assertThatThrownBy(() -> OvfReader.read(ova, "g", true))
        .hasMessageContaining(
            "the manifest lists 'ghost.vmdk', which the package does not contain");
  }

  @Test
  void aFileThatIsNotATarIsRefused() throws Exception {
    Path notOva = Files.write(dir.resolve("random.ova"), new byte[] {1, 2, 3, 4, 5});
    assertThatThrownBy(() -> OvfReader.read(notOva, "r", true))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("random.ova");
  }
}
