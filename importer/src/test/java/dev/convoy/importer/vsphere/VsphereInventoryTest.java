package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.vmware.vim25.ManagedObjectReference;
import dev.convoy.api.inventory.Cluster;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.inventory.VmDevice;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Collects vcsim's default topology (1 datacenter, a cluster of 3 hosts, a standalone host, 4 VMs),
 * then reconfigures VMs through the API ({@link VcsimScenario}) and collects again.
 */
class VsphereInventoryTest {
  static VcsimServer vcsim;
  static VsphereSession session;
  static VsphereCollector.Result before;
  static VsphereCollector.Result after;

  @BeforeAll
  static void collect() throws Exception {
    vcsim = VcsimServer.start();
    session = vcsim.login();
    VsphereCollector collector = new VsphereCollector(500);
    before = collector.collect(session, "vc", new VsphereCollector.Listener() {});
    VcsimScenario.apply(session, before.inventory());
    after = collector.collect(session, "vc", new VsphereCollector.Listener() {});
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
    if (vcsim != null) {
      vcsim.close();
    }
  }

  @Test
  @DisplayName(
      "the default topology arrives complete: datacenter, cluster, hosts, networks, datastore, VMs")
  void topologyIsComplete() {
    Inventory inventory = before.inventory();
    assertThat(inventory.sources())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.location()).isEqualTo("vsphere://127.0.0.1:" + vcsim.port());
              assertThat(s.apiVersion()).isEqualTo("6.5");
              assertThat(s.product()).startsWith("VMware vCenter Server");
            });
    assertThat(inventory.datacenters())
        .extracting(d -> d.name() + " " + d.path())
        .containsExactly("DC0 /DC0");
    Cluster cluster = inventory.clusters().get(0);
    assertThat(inventory.clusters()).hasSize(1);
    assertThat(cluster.name()).isEqualTo("DC0_C0");
    assertThat(cluster.path()).isEqualTo("/DC0/host/DC0_C0");
    assertThat(cluster.hosts()).containsExactly("DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2");
    assertThat(cluster.drsEnabled()).isTrue();
    assertThat(inventory.hosts())
        .extracting(h -> h.name() + "@" + h.cluster())
        .containsExactly("DC0_C0_H0@DC0_C0", "DC0_C0_H1@DC0_C0", "DC0_C0_H2@DC0_C0", "DC0_H0@null");
    assertThat(inventory.hosts())
        .allSatisfy(
            h -> {
              assertThat(h.connectionState()).isEqualTo("connected");
              assertThat(h.memoryBytes()).isPositive();
              assertThat(h.cpuCores()).isPositive();
              assertThat(h.productVersion()).isEqualTo("6.5.0");
            });
    assertThat(inventory.networks())
        .extracting(n -> n.name() + " " + n.kind())
        .containsExactlyInAnyOrder(
            "VM Network STANDARD",
            "DC0_DVPG0 DISTRIBUTED_PORTGROUP",
            "DVS0-DVUplinks-9 DISTRIBUTED_PORTGROUP");
    assertThat(inventory.datastores())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("LocalDS_0");
              assertThat(d.capacityBytes()).isPositive();
              assertThat(d.freeBytes()).isPositive().isLessThanOrEqualTo(d.capacityBytes());
              assertThat(d.datacenter()).isEqualTo("DC0");
            });
    assertThat(inventory.vms())
        .extracting(Vm::name)
        .containsExactly("DC0_C0_RP0_VM0", "DC0_C0_RP0_VM1", "DC0_H0_VM0", "DC0_H0_VM1");
  }

  @Test
  @DisplayName("every simulator VM has its identity, placement, hardware, disk and NIC")
  void vmsCarryEveryModelledField() throws Exception {
    for (Vm vm : before.inventory().vms()) {
      assertThat(vm.inventoryPath()).isEqualTo("/DC0/vm/" + vm.name());
      assertThat(vm.datacenter()).isEqualTo("DC0");
      assertThat(vm.folder()).isEqualTo("/");
      assertThat(vm.resourcePool()).isEqualTo("Resources");
      assertThat(vm.powerState()).isEqualTo(PowerState.POWERED_ON);
      assertThat(vm.guestId()).isEqualTo("otherGuest");
      assertThat(vm.cpuCount()).isEqualTo(1);
      assertThat(vm.coresPerSocket()).isEqualTo(1);
      assertThat(vm.memoryMiB()).isEqualTo(32);
      assertThat(vm.firmware()).isEqualTo(Firmware.BIOS);
      assertThat(vm.hardwareVersion()).isEqualTo("vmx-13");
      assertThat(vm.instanceUuid()).matches("[0-9a-f-]{36}");
      if (vm.name().startsWith("DC0_C0")) {
        assertThat(vm.cluster()).isEqualTo("DC0_C0");
        assertThat(vm.host()).startsWith("DC0_C0_H");
      } else {
        assertThat(vm.cluster()).isNull();
        assertThat(vm.host()).isEqualTo("DC0_H0");
      }
      Disk disk = vm.disks().get(0);
      assertThat(vm.disks()).hasSize(1);
      assertThat(disk.capacityBytes()).isEqualTo(1024 * 1024L);
      assertThat(disk.fileName()).isEqualTo("[LocalDS_0] " + vm.name() + "/disk1.vmdk");
      assertThat(disk.datastore()).isEqualTo("LocalDS_0");
      assertThat(disk.backing()).isEqualTo(Disk.Backing.FLAT);
      assertThat(disk.provisioning()).isEqualTo(Disk.Provisioning.THIN);
      assertThat(disk.diskMode()).isEqualTo("persistent");
      assertThat(disk.controller().type()).isEqualTo(DiskController.Type.PVSCSI);
      assertThat(disk.unitNumber()).isZero();
      Nic nic = vm.nics().get(0);
      assertThat(vm.nics()).hasSize(1);
      assertThat(nic.deviceType()).isEqualTo("e1000");
      assertThat(nic.macAddress()).matches("00:0c:29(:[0-9a-f]{2}){3}");
      assertThat(nic.network().name()).isEqualTo("DC0_DVPG0");
      assertThat(nic.network().kind()).isEqualTo(Network.Kind.DISTRIBUTED_PORTGROUP);
      assertThat(vm.devices()).extracting(VmDevice::kind).containsExactly(VmDevice.Kind.CDROM);
      // Cross-check the BIOS UUID through another API path: the search index finds the VM by it.
      ManagedObjectReference found =
          session.call(
              "FindByUuid",
              () ->
                  session
                      .port()
                      .findByUuid(session.content().searchIndex, null, vm.biosUuid(), true, false));
      assertThat(found.val).isEqualTo(vm.id());
    }
  }

  @Test
  @DisplayName("round trips stay constant: view, one retrieval page, destroy view")
  void roundTripsDoNotDependOnVms() {
    assertThat(before.stats().roundTrips()).isEqualTo(3);
    assertThat(before.stats().pages()).isEqualTo(1);
    assertThat(after.stats().roundTrips()).isEqualTo(3);
    assertThat(after.stats().vms()).isEqualTo(4);
  }

  @Test
  @DisplayName("a VM reconfigured through the API shows every change")
  void reconfiguredVmShowsEveryChange() {
    Vm vm = VcsimScenario.vm(after.inventory(), VcsimScenario.HEAVY);
    assertThat(vm.inventoryPath()).isEqualTo("/DC0/vm/DB01_Finance");
    assertThat(vm.cpuCount()).isEqualTo(4);
    assertThat(vm.coresPerSocket()).isEqualTo(2);
    assertThat(vm.memoryMiB()).isEqualTo(2048);
    assertThat(vm.cpuHotAddEnabled()).isTrue();
    assertThat(vm.memoryHotAddEnabled()).isTrue();
    assertThat(vm.changeTrackingEnabled()).isTrue();
    assertThat(vm.cpuAffinity()).containsExactly(0, 1);
    assertThat(vm.numaNodeAffinity()).containsExactly(0);
    assertThat(vm.annotation()).isEqualTo("Finance database; owner: finance-team");
    assertThat(vm.firmware()).isEqualTo(Firmware.EFI);
    assertThat(vm.secureBoot()).isTrue();
    assertThat(vm.vtpm()).isTrue();
    assertThat(vm.extraConfig())
        .containsEntry("disk.EnableUUID", "TRUE")
        .doesNotContainKey("guestinfo.userdata");
    assertThat(vm.guest().hostname()).isEqualTo("db01.example.com");
    assertThat(vm.guest().ipAddress()).isEqualTo("10.1.2.3");
    assertThat(vm.customAttributes()).isEqualTo(Map.of("owner", "finance"));

    assertThat(vm.disks()).hasSize(2);
    Disk first = vm.disks().get(0);
    assertThat(first.changeTrackingEnabled()).isTrue();
    Disk shared = vm.disks().get(1);
    assertThat(shared.capacityBytes()).isEqualTo(2L << 30);
    assertThat(shared.fileName()).endsWith("/shared.vmdk");
    assertThat(shared.diskMode()).isEqualTo("independent_persistent");
    assertThat(shared.independent()).isTrue();
    assertThat(shared.sharing()).isEqualTo("sharingMultiWriter");
    assertThat(shared.provisioning()).isEqualTo(Disk.Provisioning.THICK_EAGER_ZEROED);
    assertThat(shared.unitNumber()).isEqualTo(1);

    assertThat(vm.nics()).extracting(Nic::deviceType).containsExactly("e1000", "vmxnet3", "sriov");
    assertThat(vm.nics().get(0).network().name()).isEqualTo("VM Network");
    assertThat(vm.nics().get(0).network().kind()).isEqualTo(Network.Kind.STANDARD);
    assertThat(vm.nics().get(0).macAddress())
        .isEqualTo(
            VcsimScenario.vm(before.inventory(), VcsimScenario.HEAVY_ORIGINAL)
                .nics()
                .get(0)
                .macAddress());
    assertThat(vm.nics().get(1).network().name()).isEqualTo("DC0_DVPG0");

    assertThat(vm.devices())
        .extracting(VmDevice::kind)
        .contains(
            VmDevice.Kind.USB_CONTROLLER,
            VmDevice.Kind.SERIAL_PORT,
            VmDevice.Kind.PCI_PASSTHROUGH,
            VmDevice.Kind.TPM);

    assertThat(vm.snapshots())
        .singleElement()
        .satisfies(
            root -> {
              assertThat(root.name()).isEqualTo("before-migration");
              assertThat(root.description()).isEqualTo("taken by the test");
              assertThat(root.powerState()).isEqualTo(PowerState.POWERED_ON);
              assertThat(root.children()).extracting(s -> s.name()).containsExactly("second");
              assertThat(root.count()).isEqualTo(2);
            });
    assertThat(vm.currentSnapshot()).isEqualTo(vm.snapshots().get(0).children().get(0).id());
  }

  @Test
  @DisplayName("DRS VM-host rules and many-disk VMs are collected")
  void clusterRulesAndManyDisks() {
    Cluster cluster = after.inventory().clusters().get(0);
    Vm pinned = VcsimScenario.vm(after.inventory(), VcsimScenario.PINNED);
    String host0 =
        after.inventory().hosts().stream()
            .filter(h -> h.name().equals("DC0_C0_H0"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(cluster.rules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.name()).isEqualTo("db-on-h0");
              assertThat(rule.kind()).isEqualTo(Cluster.RuleKind.VM_HOST_AFFINITY);
              assertThat(rule.mandatory()).isTrue();
              assertThat(rule.vms()).containsExactly(pinned.id());
              assertThat(rule.hosts()).containsExactly(host0);
            });
    Vm many = VcsimScenario.vm(after.inventory(), VcsimScenario.MANY_DISKS);
    assertThat(many.disks()).hasSize(166);
    Map<Integer, Long> perController =
        many.disks().stream()
            .collect(Collectors.groupingBy(d -> d.controller().busNumber(), Collectors.counting()));
    assertThat(perController).containsEntry(0, 63L).containsEntry(1, 63L).containsEntry(2, 40L);
  }

  @Test
  @DisplayName(
      "the inventory never contains the password or guestinfo secrets, and notes what yavijava lacks")
  void noSecretsAndUnknownContentNoted() {
    String json = InventoryCodec.toString(after.inventory(), InventoryCodec.Format.JSON);
    assertThat(json)
        .doesNotContain(VcsimServer.PASSWORD + "\"")
        .doesNotContain(VcsimScenario.SECRET);
    assertThat(after.inventory().notes())
        .extracting(n -> n.message())
        .anySatisfy(m -> assertThat(m).contains("VirtualMachineBootOptions.efiSecureBootEnabled"))
        .anySatisfy(m -> assertThat(m).contains("VirtualTPM"));
    List<String> names = after.inventory().vms().stream().map(Vm::name).toList();
    assertThat(names).contains(VcsimScenario.HEAVY, VcsimScenario.CLEAN);
  }
}
