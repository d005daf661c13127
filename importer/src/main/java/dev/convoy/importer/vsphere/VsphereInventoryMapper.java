package dev.convoy.importer.vsphere;

import com.vmware.vim25.AboutInfo;
import com.vmware.vim25.ClusterAffinityRuleSpec;
import com.vmware.vim25.ClusterAntiAffinityRuleSpec;
import com.vmware.vim25.ClusterConfigInfoEx;
import com.vmware.vim25.ClusterGroupInfo;
import com.vmware.vim25.ClusterHostGroup;
import com.vmware.vim25.ClusterRuleInfo;
import com.vmware.vim25.ClusterVmGroup;
import com.vmware.vim25.ClusterVmHostRuleInfo;
import com.vmware.vim25.CustomFieldDef;
import com.vmware.vim25.CustomFieldStringValue;
import com.vmware.vim25.CustomFieldValue;
import com.vmware.vim25.DVPortSetting;
import com.vmware.vim25.DatastoreSummary;
import com.vmware.vim25.DynamicProperty;
import com.vmware.vim25.FaultToleranceConfigInfo;
import com.vmware.vim25.GuestNicInfo;
import com.vmware.vim25.HostHardwareSummary;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.OptionValue;
import com.vmware.vim25.VMwareDVSPortSetting;
import com.vmware.vim25.VirtualController;
import com.vmware.vim25.VirtualDevice;
import com.vmware.vim25.VirtualDeviceBackingInfo;
import com.vmware.vim25.VirtualDeviceFileBackingInfo;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer1BackingInfo;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualDiskRawDiskMappingVer1BackingInfo;
import com.vmware.vim25.VirtualDiskSeSparseBackingInfo;
import com.vmware.vim25.VirtualDiskSparseVer1BackingInfo;
import com.vmware.vim25.VirtualDiskSparseVer2BackingInfo;
import com.vmware.vim25.VirtualEthernetCard;
import com.vmware.vim25.VirtualEthernetCardDistributedVirtualPortBackingInfo;
import com.vmware.vim25.VirtualEthernetCardNetworkBackingInfo;
import com.vmware.vim25.VirtualEthernetCardOpaqueNetworkBackingInfo;
import com.vmware.vim25.VirtualHardware;
import com.vmware.vim25.VirtualMachineAffinityInfo;
import com.vmware.vim25.VirtualMachineBootOptions;
import com.vmware.vim25.VirtualMachinePowerState;
import com.vmware.vim25.VirtualMachineSnapshotInfo;
import com.vmware.vim25.VirtualMachineSnapshotTree;
import com.vmware.vim25.VirtualSCSIController;
import com.vmware.vim25.VmwareDistributedVirtualSwitchVlanIdSpec;
import dev.convoy.api.inventory.Cluster;
import dev.convoy.api.inventory.Datacenter;
import dev.convoy.api.inventory.Datastore;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.GuestInfo;
import dev.convoy.api.inventory.Host;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryNote;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Snapshot;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.inventory.VmDevice;
import dev.convoy.importer.vsphere.VsphereCollector.RawObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the objects a {@code RetrievePropertiesEx} returned into Convoy's inventory model. Pure:
 * values in, values out, no calls to vCenter.
 */
final class VsphereInventoryMapper {

  /**
   * Advanced settings copied into {@link Vm#extraConfig()} (never all: guestinfo can hold secrets).
   */
  static final Set<String> EXTRA_CONFIG_KEYS =
      Set.of(
          "disk.EnableUUID",
          "numa.nodeAffinity",
          "vhv.enable",
          "svga.present",
          "isolation.tools.copy.disable");

  private final Map<String, RawObject> byId = new HashMap<>();
  private final Map<String, RawObject> portgroupsByKey = new HashMap<>();
  private final InventorySource source;

  private VsphereInventoryMapper(List<RawObject> objects, InventorySource source) {
    this.source = source;
    for (RawObject object : objects) {
      byId.put(key(object.ref()), object);
      if ("DistributedVirtualPortgroup".equals(object.ref().type)
          && object.string("config.key") != null) {
        portgroupsByKey.put(object.string("config.key"), object);
      }
    }
  }

  static Inventory map(List<RawObject> objects, InventorySource source, List<InventoryNote> notes) {
    return new VsphereInventoryMapper(objects, source).inventory(objects, notes);
  }

  private Inventory inventory(List<RawObject> objects, List<InventoryNote> notes) {
    List<Datacenter> datacenters = new ArrayList<>();
    List<Cluster> clusters = new ArrayList<>();
    List<Host> hosts = new ArrayList<>();
    List<Network> networks = new ArrayList<>();
    List<Datastore> datastores = new ArrayList<>();
    List<Vm> vms = new ArrayList<>();
    Map<Integer, String> customFields = customFieldNames(objects);
    for (RawObject o : objects) {
      switch (o.ref().type) {
        case "Datacenter" ->
            datacenters.add(new Datacenter(o.ref().val, source.id(), o.string("name"), path(o)));
        case "ClusterComputeResource" -> clusters.add(cluster(o));
        case "HostSystem" -> hosts.add(host(o));
        case "Network", "DistributedVirtualPortgroup", "OpaqueNetwork" -> networks.add(network(o));
        case "Datastore" -> datastores.add(datastore(o));
        case "VirtualMachine" -> vms.add(vm(o, customFields));
        default -> {
          // folders, resource pools, switches, compute resources: only used for paths and names
        }
      }
    }
    Comparator<Vm> byPath =
        Comparator.comparing(v -> v.inventoryPath() == null ? "" : v.inventoryPath());
    vms.sort(byPath.thenComparing(Vm::id));
    datacenters.sort(Comparator.comparing(Datacenter::path));
    clusters.sort(Comparator.comparing(Cluster::path));
    hosts.sort(Comparator.comparing(Host::name));
    networks.sort(Comparator.comparing(Network::name).thenComparing(Network::id));
    datastores.sort(Comparator.comparing(Datastore::name).thenComparing(Datastore::id));
    List<InventoryNote> withSource = new ArrayList<>();
    for (InventoryNote note : notes) {
      withSource.add(
          note.sourceId() == null
              ? new InventoryNote(source.id(), note.level(), note.message())
              : note);
    }
    return new Inventory(
        Inventory.SCHEMA_VERSION,
        Instant.now().toString(),
        List.of(source),
        datacenters,
        clusters,
        hosts,
        networks,
        datastores,
        vms,
        withSource);
  }

  // ---- containers -------------------------------------------------------------------------

  private Cluster cluster(RawObject o) {
    List<String> hostNames = new ArrayList<>();
    if (o.get("host") instanceof ManagedObjectReference[] refs) {
      for (ManagedObjectReference ref : refs) {
        hostNames.add(name(ref));
      }
    }
    Boolean drs = null;
    String drsBehavior = null;
    Boolean dpm = null;
    Boolean ha = null;
    List<Cluster.Rule> rules = new ArrayList<>();
    if (o.get("configurationEx") instanceof ClusterConfigInfoEx config) {
      if (config.drsConfig != null) {
        drs = config.drsConfig.enabled;
        drsBehavior =
            config.drsConfig.defaultVmBehavior == null
                ? null
                : config.drsConfig.defaultVmBehavior.toString();
      }
      dpm = config.dpmConfigInfo == null ? null : config.dpmConfigInfo.enabled;
      ha = config.dasConfig == null ? null : config.dasConfig.enabled;
      rules = rules(config);
    }
    return new Cluster(
        o.ref().val,
        source.id(),
        o.string("name"),
        datacenterName(o),
        path(o),
        hostNames,
        drs,
        drsBehavior,
        dpm,
        ha,
        rules);
  }

  private static List<Cluster.Rule> rules(ClusterConfigInfoEx config) {
    Map<String, List<String>> vmGroups = new HashMap<>();
    Map<String, List<String>> hostGroups = new HashMap<>();
    for (ClusterGroupInfo group : nonNull(config.group)) {
      if (group instanceof ClusterVmGroup g) {
        vmGroups.put(g.name, ids(g.vm));
      } else if (group instanceof ClusterHostGroup g) {
        hostGroups.put(g.name, ids(g.host));
      }
    }
    List<Cluster.Rule> rules = new ArrayList<>();
    for (ClusterRuleInfo rule : nonNull(config.rule)) {
      if (rule instanceof ClusterVmHostRuleInfo r) {
        boolean affine = r.affineHostGroupName != null;
        String hostGroup = affine ? r.affineHostGroupName : r.antiAffineHostGroupName;
        rules.add(
            new Cluster.Rule(
                r.name,
                affine ? Cluster.RuleKind.VM_HOST_AFFINITY : Cluster.RuleKind.VM_HOST_ANTI_AFFINITY,
                r.enabled,
                r.mandatory,
                vmGroups.getOrDefault(r.vmGroupName, List.of()),
                hostGroups.getOrDefault(hostGroup, List.of())));
      } else if (rule instanceof ClusterAffinityRuleSpec r) {
        rules.add(
            new Cluster.Rule(
                r.name, Cluster.RuleKind.VM_AFFINITY, r.enabled, r.mandatory, ids(r.vm), null));
      } else if (rule instanceof ClusterAntiAffinityRuleSpec r) {
        rules.add(
            new Cluster.Rule(
                r.name,
                Cluster.RuleKind.VM_ANTI_AFFINITY,
                r.enabled,
                r.mandatory,
                ids(r.vm),
                null));
      }
    }
    return rules;
  }

  private Host host(RawObject o) {
    HostHardwareSummary hw = o.get("summary.hardware") instanceof HostHardwareSummary h ? h : null;
    AboutInfo product = o.get("summary.config.product") instanceof AboutInfo a ? a : null;
    RawObject parent = parent(o);
    String cluster =
        parent != null && "ClusterComputeResource".equals(parent.ref().type)
            ? parent.string("name")
            : null;
    return new Host(
        o.ref().val,
        source.id(),
        o.string("name"),
        datacenterName(o),
        cluster,
        product == null ? null : product.name,
        product == null ? null : product.version,
        product == null ? null : product.build,
        hw == null ? null : (int) hw.numCpuPkgs,
        hw == null ? null : (int) hw.numCpuCores,
        hw == null ? null : (int) hw.numCpuThreads,
        hw == null ? null : hw.memorySize,
        o.string("runtime.connectionState"),
        (Boolean) o.get("runtime.inMaintenanceMode"));
  }

  private Network network(RawObject o) {
    Network.Kind kind =
        switch (o.ref().type) {
          case "DistributedVirtualPortgroup" -> Network.Kind.DISTRIBUTED_PORTGROUP;
          case "OpaqueNetwork" -> Network.Kind.OPAQUE;
          default -> Network.Kind.STANDARD;
        };
    Integer vlan = null;
    String switchName = null;
    if (kind == Network.Kind.DISTRIBUTED_PORTGROUP) {
      DVPortSetting setting =
          o.get("config.defaultPortConfig") instanceof DVPortSetting s ? s : null;
      if (setting instanceof VMwareDVSPortSetting vmware
          && vmware.vlan instanceof VmwareDistributedVirtualSwitchVlanIdSpec id) {
        vlan = id.vlanId;
      }
      switchName = name(o.ref("config.distributedVirtualSwitch"));
    }
    return new Network(
        o.ref().val, source.id(), o.string("name"), datacenterName(o), kind, vlan, switchName);
  }

  private Datastore datastore(RawObject o) {
    DatastoreSummary s = o.get("summary") instanceof DatastoreSummary d ? d : null;
    return new Datastore(
        o.ref().val,
        source.id(),
        o.string("name"),
        datacenterName(o),
        s == null ? null : s.type,
        s == null ? null : s.capacity,
        s == null ? null : s.freeSpace,
        s == null ? null : s.url,
        s == null ? null : s.accessible,
        s == null ? null : s.maintenanceMode);
  }

  // ---- VMs --------------------------------------------------------------------------------

  private Vm vm(RawObject o, Map<Integer, String> customFields) {
    VirtualHardware hardware =
        o.get("config.hardware") instanceof VirtualHardware h ? h : new VirtualHardware();
    VirtualDevice[] devices = hardware.device != null ? hardware.device : new VirtualDevice[0];
    Map<Integer, VirtualDevice> byKey = new HashMap<>();
    for (VirtualDevice d : devices) {
      byKey.put(d.key, d);
    }
    Map<String, String> extraConfig = new LinkedHashMap<>();
    Map<String, String> allExtraConfig = new HashMap<>();
    if (o.get("config.extraConfig") instanceof OptionValue[] options) {
      for (OptionValue option : options) {
        String value = option.value == null ? null : option.value.toString();
        allExtraConfig.put(option.key, value);
        if (EXTRA_CONFIG_KEYS.contains(option.key)) {
          extraConfig.put(option.key, value);
        }
      }
    }
    List<Disk> disks = new ArrayList<>();
    List<Nic> nics = new ArrayList<>();
    List<VmDevice> others = new ArrayList<>();
    boolean tpm = false;
    for (VirtualDevice d : devices) {
      if (d instanceof VirtualDisk disk) {
        disks.add(disk(disk, byKey, allExtraConfig));
      } else if (d instanceof VirtualEthernetCard nic) {
        nics.add(nic(nic));
      } else {
        VmDevice.Kind kind = otherKind(d);
        if (kind == VmDevice.Kind.TPM) {
          tpm = true;
        }
        if (kind != null) {
          others.add(new VmDevice(d.key, kind, deviceType(d), label(d), summary(d)));
        }
      }
    }
    VirtualMachineBootOptions boot =
        o.get("config.bootOptions") instanceof VirtualMachineBootOptions b ? b : null;
    String firmware = o.string("config.firmware");
    Boolean secureBoot =
        boot == null ? null : dynamicBoolean(boot.dynamicProperty, "efiSecureBootEnabled");
    if (secureBoot == null && "efi".equals(firmware)) {
      secureBoot = Boolean.FALSE;
    }
    VirtualMachineSnapshotInfo snapshotInfo =
        o.get("snapshot") instanceof VirtualMachineSnapshotInfo s ? s : null;
    RawObject host = byId.get(key(o.ref("runtime.host")));
    RawObject pool = byId.get(key(o.ref("resourcePool")));
    RawObject folder = byId.get(key(o.ref("parent")));
    FaultToleranceConfigInfo ft =
        o.get("config.ftInfo") instanceof FaultToleranceConfigInfo f ? f : null;
    return Vm.builder()
        .id(o.ref().val)
        .sourceId(source.id())
        .name(o.string("name"))
        .biosUuid(o.string("config.uuid"))
        .instanceUuid(o.string("config.instanceUuid"))
        .inventoryPath(path(o))
        .datacenter(datacenterName(o))
        .folder(folder == null ? null : folderPath(folder))
        .cluster(clusterName(host))
        .host(host == null ? null : host.string("name"))
        .resourcePool(pool == null ? null : poolPath(pool))
        .powerState(powerState(o.get("runtime.powerState")))
        .template((Boolean) o.get("config.template"))
        .guestId(o.string("config.guestId"))
        .guestFullName(o.string("config.guestFullName"))
        .cpuCount(o.get("config.hardware") == null ? null : hardware.numCPU)
        .coresPerSocket(o.get("config.hardware") == null ? null : hardware.numCoresPerSocket)
        .memoryMiB(o.get("config.hardware") == null ? null : (long) hardware.memoryMB)
        .firmware("efi".equals(firmware) ? Firmware.EFI : firmware == null ? null : Firmware.BIOS)
        .secureBoot(secureBoot)
        .vtpm(tpm)
        .cpuHotAddEnabled((Boolean) o.get("config.cpuHotAddEnabled"))
        .cpuHotRemoveEnabled((Boolean) o.get("config.cpuHotRemoveEnabled"))
        .memoryHotAddEnabled((Boolean) o.get("config.memoryHotAddEnabled"))
        .changeTrackingEnabled((Boolean) o.get("config.changeTrackingEnabled"))
        .consolidationNeeded((Boolean) o.get("runtime.consolidationNeeded"))
        .faultToleranceRole(ft == null ? null : ft.role == 1 ? "primary" : "secondary")
        .cpuAffinity(affinity(o.get("config.cpuAffinity")))
        .numaNodeAffinity(numbers(allExtraConfig.get("numa.nodeAffinity")))
        .nestedHvEnabled((Boolean) o.get("config.nestedHVEnabled"))
        .hardwareVersion(o.string("config.version"))
        .disks(disks)
        .nics(nics)
        .devices(others)
        .snapshots(snapshotInfo == null ? List.of() : snapshots(snapshotInfo.rootSnapshotList))
        .currentSnapshot(
            snapshotInfo == null || snapshotInfo.currentSnapshot == null
                ? null
                : snapshotInfo.currentSnapshot.val)
        .annotation(emptyToNull(o.string("config.annotation")))
        .customAttributes(customAttributes(o.get("customValue"), customFields))
        .guest(guest(o))
        .extraConfig(extraConfig)
        .build();
  }

  private Disk disk(
      VirtualDisk disk, Map<Integer, VirtualDevice> byKey, Map<String, String> extraConfig) {
    VirtualDeviceBackingInfo backing = disk.backing;
    Disk.Builder b =
        Disk.builder()
            .key(disk.key)
            .label(label(disk))
            .capacityBytes(
                disk.capacityInBytes != null && disk.capacityInBytes > 0
                    ? disk.capacityInBytes
                    : disk.capacityInKB * 1024L)
            .unitNumber(disk.unitNumber)
            .backingType(backing == null ? null : typeName(backing));
    if (backing instanceof VirtualDeviceFileBackingInfo file) {
      b.fileName(file.fileName);
      RawObject ds = byId.get(key(file.datastore));
      b.datastore(ds != null ? ds.string("name") : datastoreOfPath(file.fileName));
    }
    if (backing instanceof VirtualDiskFlatVer2BackingInfo flat) {
      b.backing(Disk.Backing.FLAT)
          .diskMode(flat.diskMode)
          .sharing(flat.sharing)
          .uuid(flat.uuid)
          .provisioning(provisioning(flat.thinProvisioned, flat.eagerlyScrub));
    } else if (backing instanceof VirtualDiskFlatVer1BackingInfo flat) {
      b.backing(Disk.Backing.FLAT).diskMode(flat.diskMode);
    } else if (backing instanceof VirtualDiskRawDiskMappingVer1BackingInfo rdm) {
      b.backing(Disk.Backing.RDM)
          .rdmCompatibilityMode(rdm.compatibilityMode)
          .diskMode(rdm.diskMode)
          .sharing(rdm.sharing)
          .uuid(rdm.uuid);
    } else if (backing instanceof VirtualDiskSeSparseBackingInfo se) {
      b.backing(Disk.Backing.SE_SPARSE).diskMode(se.diskMode).uuid(se.uuid);
    } else if (backing instanceof VirtualDiskSparseVer2BackingInfo sparse) {
      b.backing(Disk.Backing.SPARSE).diskMode(sparse.diskMode).uuid(sparse.uuid);
    } else if (backing instanceof VirtualDiskSparseVer1BackingInfo sparse) {
      b.backing(Disk.Backing.SPARSE).diskMode(sparse.diskMode);
    } else {
      b.backing(Disk.Backing.OTHER);
    }
    VirtualDevice controller = disk.controllerKey == null ? null : byKey.get(disk.controllerKey);
    if (controller instanceof VirtualController c) {
      DiskController.Type type = controllerType(c);
      b.controller(
          new DiskController(
              c.key,
              type,
              c.busNumber,
              c instanceof VirtualSCSIController scsi && scsi.sharedBus != null
                  ? scsi.sharedBus.toString()
                  : null));
      String prefix = controllerPrefix(type);
      if (prefix != null && disk.unitNumber != null) {
        String ctk = extraConfig.get(prefix + c.busNumber + ":" + disk.unitNumber + ".ctkEnabled");
        if (ctk != null) {
          b.changeTrackingEnabled(Boolean.parseBoolean(ctk.trim()));
        }
      }
    }
    return b.build();
  }

  private static Disk.Provisioning provisioning(Boolean thin, Boolean eager) {
    if (Boolean.TRUE.equals(thin)) {
      return Disk.Provisioning.THIN;
    }
    if (Boolean.TRUE.equals(eager)) {
      return Disk.Provisioning.THICK_EAGER_ZEROED;
    }
    return thin == null ? null : Disk.Provisioning.THICK_LAZY_ZEROED;
  }

  static DiskController.Type controllerType(VirtualDevice controller) {
    return switch (typeName(controller)) {
      case "ParaVirtualSCSIController" -> DiskController.Type.PVSCSI;
      case "VirtualLsiLogicController" -> DiskController.Type.LSILOGIC;
      case "VirtualLsiLogicSASController" -> DiskController.Type.LSILOGIC_SAS;
      case "VirtualBusLogicController" -> DiskController.Type.BUSLOGIC;
      case "VirtualIDEController" -> DiskController.Type.IDE;
      case "VirtualAHCIController", "VirtualSATAController" -> DiskController.Type.SATA;
      case "VirtualNVMEController" -> DiskController.Type.NVME;
      default -> DiskController.Type.UNKNOWN;
    };
  }

  private static String controllerPrefix(DiskController.Type type) {
    return switch (type) {
      case PVSCSI, LSILOGIC, LSILOGIC_SAS, BUSLOGIC -> "scsi";
      case IDE -> "ide";
      case SATA -> "sata";
      case NVME -> "nvme";
      default -> null;
    };
  }

  private Nic nic(VirtualEthernetCard nic) {
    Nic.NetworkRef network = null;
    if (nic.backing instanceof VirtualEthernetCardDistributedVirtualPortBackingInfo dv
        && dv.port != null) {
      RawObject pg = portgroup(dv.port.portgroupKey);
      network =
          new Nic.NetworkRef(
              pg == null ? dv.port.portgroupKey : pg.ref().val,
              pg == null ? null : pg.string("name"),
              Network.Kind.DISTRIBUTED_PORTGROUP,
              dv.port.switchUuid);
    } else if (nic.backing instanceof VirtualEthernetCardNetworkBackingInfo std) {
      RawObject net = byId.get(key(std.network));
      network =
          new Nic.NetworkRef(
              std.network == null ? null : std.network.val,
              net != null ? net.string("name") : std.deviceName,
              std.network != null && "OpaqueNetwork".equals(std.network.type)
                  ? Network.Kind.OPAQUE
                  : Network.Kind.STANDARD,
              null);
    } else if (nic.backing instanceof VirtualEthernetCardOpaqueNetworkBackingInfo opaque) {
      network = new Nic.NetworkRef(opaque.opaqueNetworkId, null, Network.Kind.OPAQUE, null);
    }
    return new Nic(
        nic.key,
        label(nic),
        nicType(nic),
        nic.macAddress,
        nic.addressType,
        network,
        nic.connectable == null ? null : nic.connectable.connected,
        nic.connectable == null ? null : nic.connectable.startConnected);
  }

  static String nicType(VirtualDevice nic) {
    return switch (typeName(nic)) {
      case "VirtualVmxnet3", "VirtualVmxnet3Vrdma" -> "vmxnet3";
      case "VirtualVmxnet2" -> "vmxnet2";
      case "VirtualVmxnet" -> "vmxnet";
      case "VirtualE1000" -> "e1000";
      case "VirtualE1000e" -> "e1000e";
      case "VirtualPCNet32" -> "pcnet32";
      case "VirtualSriovEthernetCard" -> "sriov";
      default -> "unknown";
    };
  }

  private RawObject portgroup(String key) {
    if (key == null) {
      return null;
    }
    for (RawObject o : byId.values()) {
      if ("DistributedVirtualPortgroup".equals(o.ref().type)
          && key.equals(o.string("config.key"))) {
        return o;
      }
    }
    return byId.get("DistributedVirtualPortgroup:" + key);
  }

  static VmDevice.Kind otherKind(VirtualDevice d) {
    return switch (typeName(d)) {
      case "VirtualUSBController", "VirtualUSBXHCIController" -> VmDevice.Kind.USB_CONTROLLER;
      case "VirtualUSB" -> VmDevice.Kind.USB_DEVICE;
      case "VirtualSerialPort" -> VmDevice.Kind.SERIAL_PORT;
      case "VirtualParallelPort" -> VmDevice.Kind.PARALLEL_PORT;
      case "VirtualPCIPassthrough" -> VmDevice.Kind.PCI_PASSTHROUGH;
      case "VirtualSCSIPassthrough" -> VmDevice.Kind.SCSI_PASSTHROUGH;
      case "VirtualCdrom" -> VmDevice.Kind.CDROM;
      case "VirtualFloppy" -> VmDevice.Kind.FLOPPY;
      case "VirtualTPM" -> VmDevice.Kind.TPM;
      case "VirtualNVDIMM" -> VmDevice.Kind.NVDIMM;
      case "VirtualEnsoniq1371", "VirtualHdAudioCard", "VirtualSoundBlaster16" ->
          VmDevice.Kind.SOUND;
      default -> null; // keyboards, mice, video, VMCI, PCI/SIO/IDE controllers: not interesting
    };
  }

  private GuestInfo guest(RawObject o) {
    List<GuestInfo.Nic> nics = new ArrayList<>();
    if (o.get("guest.net") instanceof GuestNicInfo[] net) {
      for (GuestNicInfo n : net) {
        nics.add(
            new GuestInfo.Nic(
                n.macAddress,
                n.network,
                n.ipAddress == null ? List.of() : Arrays.asList(n.ipAddress),
                n.connected,
                n.deviceConfigId == 0 ? null : n.deviceConfigId));
      }
    }
    String hostname = emptyToNull(o.string("guest.hostName"));
    String ip = emptyToNull(o.string("guest.ipAddress"));
    String running = o.string("guest.toolsRunningStatus");
    String version = o.string("guest.toolsVersionStatus2");
    if (hostname == null && ip == null && nics.isEmpty() && running == null && version == null) {
      return null;
    }
    return new GuestInfo(
        hostname,
        ip,
        nics,
        running,
        version,
        emptyToNull(o.string("guest.guestId")),
        emptyToNull(o.string("guest.guestFullName")),
        emptyToNull(o.string("guest.guestFamily")));
  }

  private static List<Snapshot> snapshots(VirtualMachineSnapshotTree[] trees) {
    List<Snapshot> snapshots = new ArrayList<>();
    for (VirtualMachineSnapshotTree t : nonNull(trees)) {
      snapshots.add(
          new Snapshot(
              t.snapshot == null ? null : t.snapshot.val,
              t.name,
              emptyToNull(t.description),
              t.createTime == null ? null : t.createTime.toInstant().toString(),
              powerState(t.state),
              t.quiesced,
              snapshots(t.childSnapshotList)));
    }
    return snapshots;
  }

  private static Map<Integer, String> customFieldNames(List<RawObject> objects) {
    Map<Integer, String> names = new HashMap<>();
    for (RawObject o : objects) {
      if (o.get("field") instanceof CustomFieldDef[] defs) {
        for (CustomFieldDef def : defs) {
          names.put(def.key, def.name);
        }
      }
    }
    return names;
  }

  private static Map<String, String> customAttributes(Object values, Map<Integer, String> names) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (values instanceof CustomFieldValue[] array) {
      for (CustomFieldValue v : array) {
        if (v instanceof CustomFieldStringValue s) {
          attributes.put(names.getOrDefault(v.key, "field-" + v.key), s.value);
        }
      }
    }
    return attributes;
  }

  // ---- paths and names --------------------------------------------------------------------

  private RawObject parent(RawObject o) {
    return byId.get(key(o.ref("parent")));
  }

  /** The inventory path, e.g. {@code /DC0/vm/folder/name}. */
  private String path(RawObject o) {
    List<String> names = new ArrayList<>();
    RawObject current = o;
    int guard = 0;
    while (current != null && guard++ < 64) {
      if ("Folder".equals(current.ref().type) && current.ref("parent") == null) {
        break; // the root folder has no name in paths
      }
      names.add(0, current.string("name"));
      ManagedObjectReference parent = current.ref("parent");
      if (parent == null && "VirtualMachine".equals(current.ref().type)) {
        parent = current.ref("parentVApp");
      }
      current = byId.get(key(parent));
    }
    return "/" + String.join("/", names);
  }

  private RawObject datacenter(RawObject o) {
    RawObject current = o;
    int guard = 0;
    while (current != null && guard++ < 64) {
      if ("Datacenter".equals(current.ref().type)) {
        return current;
      }
      ManagedObjectReference parent = current.ref("parent");
      if (parent == null) {
        parent = current.ref("parentVApp");
      }
      if (parent == null && "HostSystem".equals(o.ref().type)) {
        return null;
      }
      current = byId.get(key(parent));
    }
    return null;
  }

  private String datacenterName(RawObject o) {
    RawObject dc = datacenter(o);
    return dc == null ? null : dc.string("name");
  }

  /**
   * The folder path below the datacenter's VM folder, e.g. {@code /Finance}; {@code /} at the top.
   */
  private String folderPath(RawObject folder) {
    List<String> names = new ArrayList<>();
    RawObject current = folder;
    int guard = 0;
    while (current != null && "Folder".equals(current.ref().type) && guard++ < 64) {
      RawObject parent = parent(current);
      if (parent == null || "Datacenter".equals(parent.ref().type)) {
        break; // current is the datacenter's vm folder
      }
      names.add(0, current.string("name"));
      current = parent;
    }
    return "/" + String.join("/", names);
  }

  /** The pool path inside its cluster or host, e.g. {@code Resources/Batch}. */
  private String poolPath(RawObject pool) {
    List<String> names = new ArrayList<>();
    RawObject current = pool;
    int guard = 0;
    while (current != null
        && ("ResourcePool".equals(current.ref().type) || "VirtualApp".equals(current.ref().type))
        && guard++ < 64) {
      names.add(0, current.string("name"));
      current = parent(current);
    }
    return String.join("/", names);
  }

  private String clusterName(RawObject host) {
    RawObject parent = host == null ? null : parent(host);
    return parent != null && "ClusterComputeResource".equals(parent.ref().type)
        ? parent.string("name")
        : null;
  }

  private String name(ManagedObjectReference ref) {
    RawObject o = byId.get(key(ref));
    return o == null ? (ref == null ? null : ref.val) : o.string("name");
  }

  // ---- small helpers ----------------------------------------------------------------------

  private static String key(ManagedObjectReference ref) {
    return ref == null ? null : ref.type + ":" + ref.val;
  }

  private static List<String> ids(ManagedObjectReference[] refs) {
    List<String> ids = new ArrayList<>();
    for (ManagedObjectReference ref : nonNull(refs)) {
      ids.add(ref.val);
    }
    return ids;
  }

  private static <T> List<T> nonNull(T[] array) {
    return array == null ? List.of() : Arrays.asList(array);
  }

  private static PowerState powerState(Object state) {
    if (state instanceof VirtualMachinePowerState s) {
      return switch (s) {
        case poweredOn -> PowerState.POWERED_ON;
        case poweredOff -> PowerState.POWERED_OFF;
        case suspended -> PowerState.SUSPENDED;
      };
    }
    return null;
  }

  private static List<Integer> affinity(Object value) {
    List<Integer> cpus = new ArrayList<>();
    if (value instanceof VirtualMachineAffinityInfo info && info.affinitySet != null) {
      for (int cpu : info.affinitySet) {
        cpus.add(cpu);
      }
    }
    return cpus;
  }

  private static List<Integer> numbers(String csv) {
    List<Integer> numbers = new ArrayList<>();
    if (csv != null) {
      for (String part : csv.split("[,\\s]+")) {
        if (!part.isBlank()) {
          try {
            numbers.add(Integer.parseInt(part.trim()));
          } catch (NumberFormatException e) {
            // not a node list; the raw value is in extraConfig
          }
        }
      }
    }
    return numbers;
  }

  private static Boolean dynamicBoolean(DynamicProperty[] properties, String name) {
    for (DynamicProperty p : nonNull(properties)) {
      if (name.equals(p.name) && p.val != null) {
        return Boolean.parseBoolean(p.val.toString().trim());
      }
    }
    return null;
  }

  /**
   * The vSphere type name, including types yavijava only knows as their base ({@code dynamicType}).
   */
  static String typeName(Object value) {
    if (value instanceof com.vmware.vim25.DynamicData data && data.dynamicType != null) {
      return data.dynamicType;
    }
    return value.getClass().getSimpleName();
  }

  private static String deviceType(VirtualDevice d) {
    return typeName(d);
  }

  private static String label(VirtualDevice d) {
    return d.deviceInfo == null ? null : d.deviceInfo.label;
  }

  private static String summary(VirtualDevice d) {
    return d.deviceInfo == null ? null : emptyToNull(d.deviceInfo.summary);
  }

  private static String datastoreOfPath(String fileName) {
    if (fileName != null && fileName.startsWith("[")) {
      int end = fileName.indexOf(']');
      if (end > 1) {
        return fileName.substring(1, end);
      }
    }
    return null;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @SuppressWarnings("unused")
  private static String time(Calendar calendar) {
    return calendar == null ? null : calendar.toInstant().toString();
  }
}
