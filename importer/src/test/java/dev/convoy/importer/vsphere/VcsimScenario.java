package dev.convoy.importer.vsphere;

import com.vmware.vim25.ArrayUpdateOperation;
import com.vmware.vim25.ClusterConfigSpecEx;
import com.vmware.vim25.ClusterGroupSpec;
import com.vmware.vim25.ClusterHostGroup;
import com.vmware.vim25.ClusterRuleSpec;
import com.vmware.vim25.ClusterVmGroup;
import com.vmware.vim25.ClusterVmHostRuleInfo;
import com.vmware.vim25.CustomFieldDef;
import com.vmware.vim25.Description;
import com.vmware.vim25.DistributedVirtualSwitchPortConnection;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.ParaVirtualSCSIController;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecFileOperation;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualE1000;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualMachineAffinityInfo;
import com.vmware.vim25.VirtualMachineConfigSpec;
import com.vmware.vim25.VirtualPCIPassthrough;
import com.vmware.vim25.VirtualPCIPassthroughDeviceBackingInfo;
import com.vmware.vim25.VirtualSCSISharing;
import com.vmware.vim25.VirtualSerialPort;
import com.vmware.vim25.VirtualSerialPortFileBackingInfo;
import com.vmware.vim25.VirtualSriovEthernetCard;
import com.vmware.vim25.VirtualUSBController;
import com.vmware.vim25.VirtualVmxnet3;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconfigures VMs of vcsim's default topology ({@code -cluster 1 -vm 2}) through the vSphere API
 * so that every condition the assessment flags and vcsim can model is present, the way a test would
 * prepare a real vCenter:
 *
 * <ul>
 *   <li>{@link #HEAVY} (standalone host VM, renamed {@code DB01_Finance}): 4 vCPU / 2 cores per
 *       socket / 2 GiB, CPU and memory hot-add, CBT on the VM and its first disk, CPU and NUMA
 *       affinity, annotation, guest IP and host name, an added independent multi-writer eager
 *       zeroed disk (no RDM: vcsim cannot model one), its NIC moved to the standard network, an
 *       added vmxnet3 on the distributed port group, an SR-IOV NIC, a USB controller, a serial
 *       port, a PCI passthrough device, a snapshot tree of two, a custom attribute, EFI with secure
 *       boot and a vTPM (these last two through {@link VsphereSession#callXml}, yavijava 6.0 cannot
 *       express them);
 *   <li>{@link #PINNED}: cluster VM bound to host {@code DC0_C0_H0} by a mandatory DRS VM-host
 *       rule;
 *   <li>{@link #MANY_DISKS}: cluster VM with three more PVSCSI controllers and 166 disks in all.
 * </ul>
 */
public final class VcsimScenario {
  public static final String HEAVY = "DB01_Finance";
  public static final String HEAVY_ORIGINAL = "DC0_H0_VM0";
  public static final String PINNED = "DC0_C0_RP0_VM0";
  public static final String MANY_DISKS = "DC0_C0_RP0_VM1";
  public static final String CLEAN = "DC0_H0_VM1";
  public static final String SECRET = "s3cret-guestinfo-value";

  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

  private VcsimScenario() {}

  /** Applies every change; {@code baseline} is an inventory collected before. */
  public static void apply(VsphereSession session, Inventory baseline) throws Exception {
    heavy(session, vm(baseline, HEAVY_ORIGINAL), baseline);
    pinned(session, vm(baseline, PINNED), baseline);
    manyDisks(session, vm(baseline, MANY_DISKS));
  }

  public static Vm vm(Inventory inventory, String name) {
    return inventory.vms().stream()
        .filter(v -> v.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no VM " + name));
  }

  private static void heavy(VsphereSession session, Vm vm, Inventory baseline) throws Exception {
    ManagedObjectReference ref = ref("VirtualMachine", vm.id());
    int scsiKey = vm.disks().get(0).controller().key();
    String dir = vm.disks().get(0).fileName().replaceAll("/[^/]*$", "");
    Nic e1000 = vm.nics().get(0);

    VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
    spec.name = HEAVY;
    spec.numCPUs = 4;
    spec.numCoresPerSocket = 2;
    spec.memoryMB = 2048L;
    spec.cpuHotAddEnabled = true;
    spec.memoryHotAddEnabled = true;
    spec.changeTrackingEnabled = true;
    spec.annotation = "Finance database; owner: finance-team";
    VirtualMachineAffinityInfo affinity = new VirtualMachineAffinityInfo();
    affinity.affinitySet = new int[] {0, 1};
    spec.cpuAffinity = affinity;
    spec.extraConfig =
        new OptionValue[] {
          option("scsi0:0.ctkEnabled", "TRUE"),
          option("numa.nodeAffinity", "0"),
          option("disk.EnableUUID", "TRUE"),
          option("guestinfo.userdata", SECRET),
          option("SET.guest.ipAddress", "10.1.2.3"),
          option("SET.guest.hostName", "db01.example.com")
        };

    List<VirtualDeviceConfigSpec> changes = new ArrayList<>();
    VirtualDisk shared = new VirtualDisk();
    shared.key = -101;
    shared.controllerKey = scsiKey;
    shared.unitNumber = 1;
    shared.capacityInKB = 2L * 1024 * 1024;
    VirtualDiskFlatVer2BackingInfo flat = new VirtualDiskFlatVer2BackingInfo();
    flat.fileName = dir + "/shared.vmdk";
    flat.diskMode = "independent_persistent";
    flat.thinProvisioned = false;
    flat.eagerlyScrub = true;
    flat.sharing = "sharingMultiWriter";
    shared.backing = flat;
    changes.add(add(shared, true));

    // No RDM: vcsim 0.24 panics on raw-device-mapping backings (updateDiskLayouts).

    VirtualE1000 moved = new VirtualE1000();
    moved.key = e1000.key();
    moved.macAddress = e1000.macAddress();
    moved.addressType = "generated";
    moved.backing = networkBacking("VM Network");
    moved.deviceInfo = new Description();
    moved.deviceInfo.label = e1000.label();
    moved.deviceInfo.summary = "";
    VirtualDeviceConfigSpec edit = new VirtualDeviceConfigSpec();
    edit.operation = VirtualDeviceConfigSpecOperation.edit;
    edit.device = moved;
    changes.add(edit);

    var portgroup =
        baseline.networks().stream()
            .filter(n -> n.name().equals("DC0_DVPG0"))
            .findFirst()
            .orElseThrow();
    VirtualVmxnet3 vmxnet3 = new VirtualVmxnet3();
    vmxnet3.key = -103;
    VirtualEthernetCardDistributedVirtualPortBackingInfo dv =
        new VirtualEthernetCardDistributedVirtualPortBackingInfo();
    dv.port = new DistributedVirtualSwitchPortConnection();
    dv.port.portgroupKey = portgroup.id();
    dv.port.switchUuid = e1000.network().switchUuid();
    vmxnet3.backing = dv;
    changes.add(add(vmxnet3, false));

    VirtualSriovEthernetCard sriov = new VirtualSriovEthernetCard();
    sriov.key = -104;
    sriov.backing = networkBacking("VM Network");
    changes.add(add(sriov, false));

    VirtualUSBController usb = new VirtualUSBController();
    usb.key = -105;
    changes.add(add(usb, false));

    VirtualSerialPort serial = new VirtualSerialPort();
    serial.key = -106;
    VirtualSerialPortFileBackingInfo serialFile = new VirtualSerialPortFileBackingInfo();
    serialFile.fileName = dir + "/serial.log";
    serial.backing = serialFile;
    serial.yieldOnPoll = true;
    changes.add(add(serial, false));

    VirtualPCIPassthrough gpu = new VirtualPCIPassthrough();
    gpu.key = -107;
    VirtualPCIPassthroughDeviceBackingInfo pci = new VirtualPCIPassthroughDeviceBackingInfo();
    pci.id = "0000:3b:00.0";
    pci.deviceId = "1db4";
    pci.systemId = "5c8a1f2e-aaaa-bbbb-cccc-001122334455";
    pci.vendorId = (short) 0x10de;
    pci.deviceName = "NVIDIA Tesla V100";
    gpu.backing = pci;
    changes.add(add(gpu, false));

    spec.deviceChange = changes.toArray(new VirtualDeviceConfigSpec[0]);
    reconfigure(session, ref, spec);

    // EFI, secure boot and a vTPM: vSphere 6.5/6.7 API that yavijava 6.0 cannot marshal.
    ManagedObjectReference task =
        (ManagedObjectReference)
            session.callXml(
                "ReconfigVM_Task",
                "<_this type=\"VirtualMachine\">"
                    + vm.id()
                    + "</_this><spec><firmware>efi</firmware><bootOptions>"
                    + "<efiSecureBootEnabled>true</efiSecureBootEnabled></bootOptions>"
                    + "<deviceChange><operation>add</operation>"
                    + "<device xsi:type=\"VirtualTPM\"><key>-108</key></device>"
                    + "</deviceChange></spec>",
                "ManagedObjectReference");
    VsphereTasks.await(session, task, TASK_TIMEOUT);

    var port = session.port();
    ManagedObjectReference root =
        session.call(
            "CreateSnapshot_Task",
            () ->
                port.createSnapshot_Task(
                    ref, "before-migration", "taken by the test", false, false));
    VsphereTasks.await(session, root, TASK_TIMEOUT);
    ManagedObjectReference child =
        session.call(
            "CreateSnapshot_Task",
            () -> port.createSnapshot_Task(ref, "second", null, false, false));
    VsphereTasks.await(session, child, TASK_TIMEOUT);

    ManagedObjectReference fields = session.content().customFieldsManager;
    CustomFieldDef owner =
        session.call(
            "AddCustomFieldDef",
            () -> port.addCustomFieldDef(fields, "owner", "VirtualMachine", null, null));
    session.call(
        "SetField",
        () -> {
          port.setField(fields, ref, owner.key, "finance");
          return null;
        });
  }

  private static void pinned(VsphereSession session, Vm vm, Inventory baseline) throws Exception {
    var cluster =
        baseline.clusters().stream()
            .filter(c -> c.name().equals(vm.cluster()))
            .findFirst()
            .orElseThrow();
    var host =
        baseline.hosts().stream()
            .filter(h -> h.name().equals("DC0_C0_H0"))
            .findFirst()
            .orElseThrow();
    ClusterVmGroup vms = new ClusterVmGroup();
    vms.name = "db-vms";
    vms.vm = new ManagedObjectReference[] {ref("VirtualMachine", vm.id())};
    ClusterHostGroup hosts = new ClusterHostGroup();
    hosts.name = "db-hosts";
    hosts.host = new ManagedObjectReference[] {ref("HostSystem", host.id())};
    ClusterVmHostRuleInfo rule = new ClusterVmHostRuleInfo();
    rule.name = "db-on-h0";
    rule.enabled = true;
    rule.mandatory = true;
    rule.vmGroupName = "db-vms";
    rule.affineHostGroupName = "db-hosts";
    ClusterConfigSpecEx spec = new ClusterConfigSpecEx();
    spec.groupSpec = new ClusterGroupSpec[] {groupSpec(vms), groupSpec(hosts)};
    ClusterRuleSpec ruleSpec = new ClusterRuleSpec();
    ruleSpec.operation = ArrayUpdateOperation.add;
    ruleSpec.info = rule;
    spec.rulesSpec = new ClusterRuleSpec[] {ruleSpec};
    ManagedObjectReference task =
        session.call(
            "ReconfigureComputeResource_Task",
            () ->
                session
                    .port()
                    .reconfigureComputeResource_Task(
                        ref("ClusterComputeResource", cluster.id()), spec, true));
    VsphereTasks.await(session, task, TASK_TIMEOUT);
  }

  private static void manyDisks(VsphereSession session, Vm vm) throws Exception {
    String dir = vm.disks().get(0).fileName().replaceAll("/[^/]*$", "");
    List<VirtualDeviceConfigSpec> changes = new ArrayList<>();
    List<Integer> controllers = new ArrayList<>(List.of(vm.disks().get(0).controller().key()));
    for (int bus = 1; bus <= 3; bus++) {
      ParaVirtualSCSIController controller = new ParaVirtualSCSIController();
      controller.key = -200 - bus;
      controller.busNumber = bus;
      controller.sharedBus = VirtualSCSISharing.noSharing;
      changes.add(add(controller, false));
      controllers.add(controller.key);
    }
    int disks = 1;
    for (int c = 0; c < controllers.size() && disks < 166; c++) {
      for (int unit = c == 0 ? 1 : 0; unit < 64 && disks < 166; unit++) {
        if (unit == 7) {
          continue; // the controller's own unit
        }
        VirtualDisk disk = new VirtualDisk();
        disk.key = -1000 - disks;
        disk.controllerKey = controllers.get(c);
        disk.unitNumber = unit;
        disk.capacityInKB = 1024;
        VirtualDiskFlatVer2BackingInfo backing = new VirtualDiskFlatVer2BackingInfo();
        backing.fileName = dir + "/data-" + disks + ".vmdk";
        backing.diskMode = "persistent";
        backing.thinProvisioned = true;
        disk.backing = backing;
        changes.add(add(disk, true));
        disks++;
      }
    }
    VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
    spec.deviceChange = changes.toArray(new VirtualDeviceConfigSpec[0]);
    reconfigure(session, ref("VirtualMachine", vm.id()), spec);
  }

  private static void reconfigure(
      VsphereSession session, ManagedObjectReference vm, VirtualMachineConfigSpec spec)
      throws VsphereException {
    ManagedObjectReference task =
        session.call("ReconfigVM_Task", () -> session.port().reconfigVM_Task(vm, spec));
    VsphereTasks.await(session, task, TASK_TIMEOUT);
  }

  private static ClusterGroupSpec groupSpec(com.vmware.vim25.ClusterGroupInfo info) {
    ClusterGroupSpec spec = new ClusterGroupSpec();
    spec.operation = ArrayUpdateOperation.add;
    spec.info = info;
    return spec;
  }

  private static VirtualDeviceConfigSpec add(VirtualDevice device, boolean createFile) {
    if (device.deviceInfo == null) {
      device.deviceInfo = new Description();
      device.deviceInfo.label = "";
      device.deviceInfo.summary = "";
    }
    VirtualDeviceConfigSpec spec = new VirtualDeviceConfigSpec();
    spec.operation = VirtualDeviceConfigSpecOperation.add;
    if (createFile) {
      spec.fileOperation = VirtualDeviceConfigSpecFileOperation.create;
    }
    spec.device = device;
    return spec;
  }

  private static VirtualEthernetCardNetworkBackingInfo networkBacking(String name) {
    VirtualEthernetCardNetworkBackingInfo backing = new VirtualEthernetCardNetworkBackingInfo();
    backing.deviceName = name;
    return backing;
  }

  private static OptionValue option(String key, String value) {
    OptionValue option = new OptionValue();
    option.key = key;
    option.value = value;
    return option;
  }

  public static ManagedObjectReference ref(String type, String value) {
    ManagedObjectReference ref = new ManagedObjectReference();
    ref.type = type;
    ref.val = value;
    return ref;
  }
}
