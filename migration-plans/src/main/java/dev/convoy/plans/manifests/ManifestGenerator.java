package dev.convoy.plans.manifests;

import dev.convoy.api.Serialization;
import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.cdi.v1beta1.DataVolumeSource;
import dev.convoy.api.cdi.v1beta1.DataVolumeSourceUpload;
import dev.convoy.api.cdi.v1beta1.DataVolumeSourceVddk;
import dev.convoy.api.cdi.v1beta1.DataVolumeSpec;
import dev.convoy.api.cdi.v1beta1.StorageSpec;
import dev.convoy.api.convoy.v1alpha1.NetworkMapping;
import dev.convoy.api.convoy.v1alpha1.StorageMapping;
import dev.convoy.api.convoy.v1alpha1.VmDefaults;
import dev.convoy.api.convoy.v1alpha1.VsphereProvider;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.kubevirt.v1.Bios;
import dev.convoy.api.kubevirt.v1.Bootloader;
import dev.convoy.api.kubevirt.v1.Clock;
import dev.convoy.api.kubevirt.v1.ClockOffsetUtc;
import dev.convoy.api.kubevirt.v1.ClockTimer;
import dev.convoy.api.kubevirt.v1.Cpu;
import dev.convoy.api.kubevirt.v1.DataVolumeVolumeSource;
import dev.convoy.api.kubevirt.v1.Devices;
import dev.convoy.api.kubevirt.v1.DiskTarget;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.Efi;
import dev.convoy.api.kubevirt.v1.FeatureApic;
import dev.convoy.api.kubevirt.v1.FeatureHyperv;
import dev.convoy.api.kubevirt.v1.FeatureSpinlocks;
import dev.convoy.api.kubevirt.v1.FeatureState;
import dev.convoy.api.kubevirt.v1.Features;
import dev.convoy.api.kubevirt.v1.Firmware;
import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.InterfaceBridge;
import dev.convoy.api.kubevirt.v1.InterfaceMasquerade;
import dev.convoy.api.kubevirt.v1.Machine;
import dev.convoy.api.kubevirt.v1.Memory;
import dev.convoy.api.kubevirt.v1.MultusNetwork;
import dev.convoy.api.kubevirt.v1.Network;
import dev.convoy.api.kubevirt.v1.PersistentVolumeClaimVolumeSource;
import dev.convoy.api.kubevirt.v1.PodNetwork;
import dev.convoy.api.kubevirt.v1.Timer;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceTemplateSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineSpec;
import dev.convoy.api.kubevirt.v1.Volume;
import dev.convoy.plans.resolve.KubernetesNames;
import dev.convoy.plans.resolve.ResolvedPlan;
import dev.convoy.plans.waves.Wave;
import dev.convoy.plans.waves.WavePlan;
import dev.convoy.plans.waves.WaveVm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a resolved plan and its waves into GitOps-ready manifests: per wave a folder ({@code
 * wave-01/}) with a {@code kustomization.yaml} and, per VM, one file with its disks (PVCs for
 * Convoy's own import path, or CDI DataVolumes) followed by its {@code kubevirt.io/v1}
 * VirtualMachine. A pure function: values in, file contents out, the same bytes on every run.
 *
 * <p>Hardware mapping, in the spirit of Forklift's vSphere builder: sockets and cores from {@code
 * numCPU}/{@code coresPerSocket}; memory; BIOS or EFI (+ secure boot, which needs SMM); SMBIOS UUID
 * and a VMware-style serial; disks in source order, SCSI/NVMe disks on virtio (or scsi, or sata in
 * compatibility mode), IDE/SATA disks on sata; the first disk boots; NICs in order with their MACs,
 * model from the plan, pod network with masquerade or Multus with bridge.
 */
public final class ManifestGenerator {
  /** Where the disks of a generated VM come from. */
  public enum DiskMode {
    /** PersistentVolumeClaims that Convoy's importer fills (annotated with the source disk). */
    PVC,
    /** CDI DataVolumes: VDDK from vCenter, or an upload for file-based (OVA/OVF) disks. */
    CDI
  }

  /** Label and annotation keys that trace an object to its source. */
  public static final String PREFIX = "convoy.dev/";

  private static final long MIB = 1024L * 1024;

  /** CDI's default filesystem overhead: a Filesystem PVC holds the image plus the filesystem. */
  private static final double FILESYSTEM_OVERHEAD = 0.055;

  private final ResolvedPlan plan;
  private final DiskMode diskMode;
  private final VmDefaults defaults;
  private final Map<String, Vm> vmsByKey = new HashMap<>();
  private final Map<String, InventorySource> sources = new HashMap<>();

  private ManifestGenerator(ResolvedPlan plan, DiskMode diskMode) {
    this.plan = plan;
    this.diskMode = diskMode;
    VmDefaults given = plan.parsed().plan().getSpec().getDefaults();
    this.defaults = given == null ? new VmDefaults() : given;
    plan.vms().forEach(vm -> vmsByKey.put(ResolvedPlan.key(vm), vm));
    plan.inventory().sources().forEach(s -> sources.put(s.id(), s));
  }

  /** The manifests of every wave, ordered by path. */
  public static List<GeneratedFile> generate(ResolvedPlan plan, WavePlan waves, DiskMode mode) {
    return new ManifestGenerator(plan, mode).all(waves);
  }

  private List<GeneratedFile> all(WavePlan waves) {
    List<GeneratedFile> files = new ArrayList<>();
    for (Wave wave : waves.waves()) {
      String folder = String.format("wave-%02d", wave.number());
      List<String> resources = new ArrayList<>();
      List<WaveVm> vms = new ArrayList<>(wave.vms());
      vms.sort((a, b) -> targetName(a.id()).compareTo(targetName(b.id())));
      for (WaveVm waveVm : vms) {
        Vm vm = vmsByKey.get(waveVm.id());
        String file = targetName(waveVm.id()) + ".yaml";
        resources.add(file);
        files.add(new GeneratedFile(folder + "/" + file, vmFile(vm, wave)));
      }
      files.add(new GeneratedFile(folder + "/kustomization.yaml", kustomization(wave, resources)));
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return files;
  }

  private String targetName(String key) {
    return plan.targetNames().get(key);
  }

  private String kustomization(Wave wave, List<String> resources) {
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(PREFIX + "plan", plan.planName());
    annotations.put(PREFIX + "wave", wave.name());
    annotations.put(PREFIX + "wave-number", Integer.toString(wave.number()));
    annotations.put(
        PREFIX + "estimated-duration",
        java.time.Duration.ofSeconds(wave.estimatedDuration().getSeconds()).toString());
    if (wave.window() != null) {
      annotations.put(PREFIX + "window-start", wave.window().start().toOffsetDateTime().toString());
      annotations.put(PREFIX + "window-end", wave.window().end().toOffsetDateTime().toString());
      annotations.put(PREFIX + "window-zone", wave.window().start().getZone().getId());
    }
    return Serialization.toYaml(
        new Kustomization(
            "kustomize.config.k8s.io/v1beta1",
            "Kustomization",
            plan.namespace(),
            annotations,
            resources));
  }

  /** A wave's kustomization.yaml, fields in the order people write them. */
  record Kustomization(
      String apiVersion,
      String kind,
      String namespace,
      Map<String, String> commonAnnotations,
      List<String> resources) {}

  private String vmFile(Vm vm, Wave wave) {
    String key = ResolvedPlan.key(vm);
    String name = targetName(key);
    List<StorageMapping> storage = plan.diskStorage().get(key);
    StringBuilder out = new StringBuilder();
    List<String> claimNames = new ArrayList<>();
    for (int i = 0; i < vm.disks().size(); i++) {
      Disk disk = vm.disks().get(i);
      String claim = name + "-disk-" + i;
      claimNames.add(claim);
      Object object =
          diskMode == DiskMode.PVC
              ? pvc(vm, disk, i, claim, storage.get(i), wave)
              : dataVolume(vm, disk, i, claim, storage.get(i), wave);
      out.append(Serialization.toYaml(object)).append("---\n");
    }
    out.append(Serialization.toYaml(virtualMachine(vm, name, claimNames, wave)));
    return out.toString();
  }

  // ---- disks ----------------------------------------------------------------------------------

  private PersistentVolumeClaim pvc(
      Vm vm, Disk disk, int index, String claim, StorageMapping mapping, Wave wave) {
    return new PersistentVolumeClaimBuilder()
        .withMetadata(diskMetadata(vm, disk, index, claim, wave))
        .withNewSpec()
        .withStorageClassName(mapping.getStorageClass())
        .withVolumeMode(mapping.getVolumeMode())
        .withAccessModes(
            mapping.getAccessMode() == null ? "ReadWriteOnce" : mapping.getAccessMode())
        .withResources(resources(disk, mapping))
        .endSpec()
        .build();
  }

  private DataVolume dataVolume(
      Vm vm, Disk disk, int index, String claim, StorageMapping mapping, Wave wave) {
    DataVolume dv = new DataVolume();
    ObjectMeta metadata = diskMetadata(vm, disk, index, claim, wave);
    DataVolumeSource source = new DataVolumeSource();
    VsphereProvider vsphere = vsphereProvider();
    if (vsphere != null
        && disk.fileName() != null
        && vm.biosUuid() != null
        && disk.source() == null) {
      DataVolumeSourceVddk vddk = new DataVolumeSourceVddk();
      vddk.setUrl(vsphere.getUrl());
      vddk.setUuid(vm.biosUuid());
      vddk.setBackingFile(disk.fileName());
      vddk.setThumbprint(vsphere.getThumbprint());
      vddk.setSecretRef(
          vsphere.getCredentialsSecretRef() == null
              ? null
              : vsphere.getCredentialsSecretRef().getName());
      source.setVddk(vddk);
    } else {
      // A file-based disk (OVA/OVF) has no URL CDI could pull from: the DataVolume waits for
      // `virtctl image-upload dv <name> --image-path <file>`; the annotations name the file.
      source.setUpload(new DataVolumeSourceUpload());
    }
    DataVolumeSpec spec = new DataVolumeSpec();
    spec.setSource(source);
    StorageSpec storage = new StorageSpec();
    storage.setStorageClassName(mapping.getStorageClass());
    storage.setVolumeMode(mapping.getVolumeMode());
    if (mapping.getAccessMode() != null) {
      storage.setAccessModes(List.of(mapping.getAccessMode()));
    }
    // CDI's storage API adds the filesystem overhead itself: request the virtual size.
    storage.setResources(
        new VolumeResourceRequirementsBuilder()
            .addToRequests("storage", new Quantity(mebibytes(capacity(disk)) + "Mi"))
            .build());
    spec.setStorage(storage);
    dv.setMetadata(metadata);
    dv.setSpec(spec);
    return dv;
  }

  private VsphereProvider vsphereProvider() {
    var provider = plan.parsed().plan().getSpec().getSource().getProvider();
    return provider == null ? null : provider.getVsphere();
  }

  private static long capacity(Disk disk) {
    return disk.capacityBytes() == null ? MIB : Math.max(MIB, disk.capacityBytes());
  }

  private static long mebibytes(long bytes) {
    return (bytes + MIB - 1) / MIB;
  }

  private static VolumeResourceRequirements resources(Disk disk, StorageMapping mapping) {
    long bytes = capacity(disk);
    if (!"Block".equals(mapping.getVolumeMode())) {
      bytes = (long) Math.ceil(bytes * (1 + FILESYSTEM_OVERHEAD));
    }
    return new VolumeResourceRequirementsBuilder()
        .addToRequests("storage", new Quantity(mebibytes(bytes) + "Mi"))
        .build();
  }

  private ObjectMeta diskMetadata(Vm vm, Disk disk, int index, String claim, Wave wave) {
    Map<String, String> labels = labels(vm, wave);
    labels.put(PREFIX + "vm", targetName(ResolvedPlan.key(vm)));
    Map<String, String> annotations = sourceAnnotations(vm);
    annotations.put(PREFIX + "source-disk-index", Integer.toString(index));
    put(annotations, "source-disk-key", disk.key());
    put(annotations, "source-disk-file", disk.fileName());
    put(annotations, "source-disk-label", disk.label());
    put(annotations, "source-disk-uuid", disk.uuid());
    put(annotations, "source-disk-capacity-bytes", disk.capacityBytes());
    if (disk.source() != null) {
      put(annotations, "source-disk-path", disk.source().path());
      put(annotations, "source-disk-entry", disk.source().entry());
      put(annotations, "source-disk-offset", disk.source().offset());
      put(annotations, "source-disk-length", disk.source().length());
      put(annotations, "source-disk-format", disk.source().format());
      put(annotations, "source-disk-checksum", disk.source().checksum());
    }
    return new ObjectMetaBuilder()
        .withName(claim)
        .withNamespace(plan.namespace())
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  // ---- the VirtualMachine ---------------------------------------------------------------------

  private VirtualMachine virtualMachine(Vm vm, String name, List<String> claims, Wave wave) {
    String key = ResolvedPlan.key(vm);
    VirtualMachine result = new VirtualMachine();
    Map<String, String> annotations = sourceAnnotations(vm);
    put(annotations, "source-guest-id", vm.guestId());
    put(annotations, "source-hardware-version", vm.hardwareVersion());
    result.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(plan.namespace())
            .withLabels(labels(vm, wave))
            .withAnnotations(annotations)
            .build());
    VirtualMachineSpec spec = new VirtualMachineSpec();
    spec.setRunStrategy(defaults.getRunStrategy() == null ? "Halted" : defaults.getRunStrategy());
    VirtualMachineInstanceTemplateSpec template = new VirtualMachineInstanceTemplateSpec();
    Map<String, String> templateLabels = new TreeMap<>();
    templateLabels.put("kubevirt.io/domain", name);
    templateLabels.put(PREFIX + "plan", KubernetesNames.labelValue(plan.planName()));
    templateLabels.put(PREFIX + "vm", name);
    template.setMetadata(new ObjectMetaBuilder().withLabels(templateLabels).build());
    VirtualMachineInstanceSpec vmi = new VirtualMachineInstanceSpec();
    DomainSpec domain = new DomainSpec();
    domain.setCpu(cpu(vm));
    Memory memory = new Memory();
    memory.setGuest(new Quantity((vm.memoryMiB() == null ? 1024 : vm.memoryMiB()) + "Mi"));
    domain.setMemory(memory);
    Machine machine = new Machine();
    machine.setType("q35");
    domain.setMachine(machine);
    domain.setFirmware(firmware(vm));
    boolean secureBoot =
        vm.firmware() == dev.convoy.api.inventory.Firmware.EFI
            && Boolean.TRUE.equals(vm.secureBoot());
    boolean windows = isWindows(vm);
    if (secureBoot || windows) {
      Features features = new Features();
      if (secureBoot) {
        features.setSmm(enabled());
      }
      if (windows) {
        // The Hyper-V enlightenments KubeVirt's Windows templates use: Windows guests run
        // noticeably better with them, and they need no guest drivers.
        FeatureHyperv hyperv = new FeatureHyperv();
        hyperv.setRelaxed(enabled());
        hyperv.setVapic(enabled());
        FeatureSpinlocks spinlocks = new FeatureSpinlocks();
        spinlocks.setSpinlocks(8191L);
        hyperv.setSpinlocks(spinlocks);
        features.setHyperv(hyperv);
        features.setAcpi(enabled());
        features.setApic(new FeatureApic());
        domain.setClock(windowsClock());
      }
      domain.setFeatures(features);
    }
    Devices devices = new Devices();
    if (Boolean.TRUE.equals(vm.vtpm())) {
      // A persistent vTPM keeps BitLocker and measured boot working; the source TPM's secrets
      // are not transferred (VMware encrypts them), so the guest sees a new TPM.
      devices.setAdditionalProperty("tpm", new java.util.TreeMap<>(Map.of("persistent", true)));
    }
    List<dev.convoy.api.kubevirt.v1.Disk> disks = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    for (int i = 0; i < vm.disks().size(); i++) {
      Disk source = vm.disks().get(i);
      dev.convoy.api.kubevirt.v1.Disk disk = new dev.convoy.api.kubevirt.v1.Disk();
      disk.setName("disk-" + i);
      DiskTarget target = new DiskTarget();
      target.setBus(bus(source.controller()));
      disk.setDisk(target);
      if (i == 0) {
        disk.setBootOrder(1);
      }
      if ("sharingMultiWriter".equals(source.sharing())) {
        // Several VMs write it: no host cache may hold writes the others cannot see.
        disk.setShareable(true);
        disk.setCache("none");
      }
      String serial = serial(source);
      if (serial != null) {
        disk.setSerial(serial);
      }
      disks.add(disk);
      Volume volume = new Volume();
      volume.setName("disk-" + i);
      if (diskMode == DiskMode.PVC) {
        PersistentVolumeClaimVolumeSource claim = new PersistentVolumeClaimVolumeSource();
        claim.setClaimName(claims.get(i));
        volume.setPersistentVolumeClaim(claim);
      } else {
        DataVolumeVolumeSource dataVolume = new DataVolumeVolumeSource();
        dataVolume.setName(claims.get(i));
        volume.setDataVolume(dataVolume);
      }
      volumes.add(volume);
    }
    devices.setDisks(disks);
    List<Interface> interfaces = new ArrayList<>();
    List<Network> networks = new ArrayList<>();
    List<NetworkMapping> mappings = plan.nicNetworks().get(key);
    for (int i = 0; i < vm.nics().size(); i++) {
      NetworkMapping mapping = mappings.get(i);
      if (mapping == null) {
        continue;
      }
      Nic nic = vm.nics().get(i);
      Interface iface = new Interface();
      iface.setName("net-" + i);
      iface.setModel(defaults.getNicModel() == null ? "virtio" : defaults.getNicModel());
      if (!Boolean.FALSE.equals(defaults.getPreserveMacs()) && nic.macAddress() != null) {
        iface.setMacAddress(nic.macAddress().toLowerCase(Locale.ROOT));
      }
      Network network = new Network();
      network.setName("net-" + i);
      if (mapping.getPod() != null) {
        iface.setMasquerade(new InterfaceMasquerade());
        network.setPod(new PodNetwork());
      } else {
        iface.setBridge(new InterfaceBridge());
        MultusNetwork multus = new MultusNetwork();
        multus.setNetworkName(mapping.getMultus().getNetworkName());
        network.setMultus(multus);
      }
      interfaces.add(iface);
      networks.add(network);
    }
    devices.setInterfaces(interfaces);
    if (interfaces.isEmpty()) {
      // Without interfaces KubeVirt would add a pod interface the source VM never had.
      devices.setAutoattachPodInterface(false);
    }
    domain.setDevices(devices);
    vmi.setDomain(domain);
    vmi.setVolumes(volumes);
    vmi.setNetworks(networks);
    template.setSpec(vmi);
    spec.setTemplate(template);
    result.setSpec(spec);
    return result;
  }

  private static FeatureState enabled() {
    FeatureState state = new FeatureState();
    state.setEnabled(true);
    return state;
  }

  private static boolean isWindows(Vm vm) {
    String guest = vm.guestId() != null ? vm.guestId() : "";
    String full = vm.guestFullName() != null ? vm.guestFullName() : "";
    return guest.toLowerCase(Locale.ROOT).startsWith("win")
        || full.toLowerCase(Locale.ROOT).contains("windows");
  }

  /** The clock KubeVirt's Windows templates use: UTC, no HPET, Hyper-V reference time. */
  private static Clock windowsClock() {
    Clock clock = new Clock();
    clock.setUtc(new ClockOffsetUtc());
    Timer timer = new Timer();
    ClockTimer hpet = new ClockTimer();
    hpet.setPresent(false);
    timer.setHpet(hpet);
    ClockTimer pit = new ClockTimer();
    pit.setTickPolicy("delay");
    timer.setPit(pit);
    ClockTimer rtc = new ClockTimer();
    rtc.setTickPolicy("catchup");
    timer.setRtc(rtc);
    timer.setHyperv(new ClockTimer());
    clock.setTimer(timer);
    return clock;
  }

  private static Cpu cpu(Vm vm) {
    int count = vm.cpuCount() == null || vm.cpuCount() < 1 ? 1 : vm.cpuCount();
    int cores = vm.coresPerSocket() == null || vm.coresPerSocket() < 1 ? 1 : vm.coresPerSocket();
    if (count % cores != 0) {
      cores = 1;
    }
    Cpu cpu = new Cpu();
    cpu.setSockets(count / cores);
    cpu.setCores(cores);
    // vSphere has no per-VM threads: each vCPU is a core.
    cpu.setThreads(1);
    return cpu;
  }

  private static Firmware firmware(Vm vm) {
    Firmware firmware = new Firmware();
    String uuid = uuid(vm.biosUuid());
    if (uuid != null) {
      firmware.setUuid(uuid);
      firmware.setSerial(vmwareSerial(uuid));
    }
    Bootloader bootloader = new Bootloader();
    if (vm.firmware() == dev.convoy.api.inventory.Firmware.EFI) {
      Efi efi = new Efi();
      efi.setSecureBoot(Boolean.TRUE.equals(vm.secureBoot()));
      bootloader.setEfi(efi);
    } else {
      bootloader.setBios(new Bios());
    }
    firmware.setBootloader(bootloader);
    return firmware;
  }

  private static String uuid(String biosUuid) {
    if (biosUuid == null) {
      return null;
    }
    String lower = biosUuid.toLowerCase(Locale.ROOT);
    return lower.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        ? lower
        : null;
  }

  /**
   * The SMBIOS serial vSphere gives a VM: {@code VMware-} and the UUID's 16 bytes as hex pairs, a
   * '-' between the halves; guests and licensing tools that read the serial see the same value.
   */
  static String vmwareSerial(String uuid) {
    String hex = uuid.replace("-", "");
    StringBuilder serial = new StringBuilder("VMware-");
    for (int i = 0; i < 16; i++) {
      if (i == 8) {
        serial.setCharAt(serial.length() - 1, '-');
      }
      serial.append(hex, i * 2, i * 2 + 2);
      if (i < 15) {
        serial.append(' ');
      }
    }
    return serial.toString();
  }

  private String bus(DiskController controller) {
    String choice = defaults.getDiskBus() == null ? "virtio" : defaults.getDiskBus();
    if (choice.equals("sata")) {
      return "sata";
    }
    DiskController.Type type = controller == null ? null : controller.type();
    if (type == DiskController.Type.IDE || type == DiskController.Type.SATA) {
      return "sata";
    }
    boolean scsi =
        type == DiskController.Type.PVSCSI
            || type == DiskController.Type.LSILOGIC
            || type == DiskController.Type.LSILOGIC_SAS
            || type == DiskController.Type.BUSLOGIC;
    return scsi && choice.equals("scsi") ? "scsi" : "virtio";
  }

  /** The disk's backing UUID as a serial (guests find disks by it), at most 20 characters. */
  private static String serial(Disk disk) {
    if (disk.uuid() == null) {
      return null;
    }
    String serial = disk.uuid().replaceAll("[^A-Za-z0-9]", "");
    return serial.isEmpty() ? null : serial.substring(0, Math.min(20, serial.length()));
  }

  private Map<String, String> labels(Vm vm, Wave wave) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("app.kubernetes.io/managed-by", "convoy");
    labels.put(PREFIX + "plan", KubernetesNames.labelValue(plan.planName()));
    labels.put(PREFIX + "wave", String.format("wave-%02d", wave.number()));
    String moref = KubernetesNames.labelValue(vm.id());
    if (!moref.isEmpty()) {
      labels.put(PREFIX + "source-moref", moref);
    }
    return labels;
  }

  private Map<String, String> sourceAnnotations(Vm vm) {
    Map<String, String> annotations = new TreeMap<>();
    put(annotations, "plan", plan.planName());
    put(annotations, "source-vm-name", vm.name());
    put(annotations, "source-moref", vm.id());
    put(annotations, "source-bios-uuid", vm.biosUuid());
    put(annotations, "source-instance-uuid", vm.instanceUuid());
    put(annotations, "source-inventory-path", vm.inventoryPath());
    // the ESXi host the disks are read through: the executor limits transfers per host
    put(annotations, "source-host", vm.host());
    InventorySource source = vm.sourceId() == null ? null : sources.get(vm.sourceId());
    if (source != null) {
      put(annotations, "source-kind", source.kind().name().toLowerCase(Locale.ROOT));
      put(annotations, "source-location", source.location());
      put(annotations, "source-vcenter-uuid", source.instanceUuid());
    }
    return annotations;
  }

  private static void put(Map<String, String> map, String key, Object value) {
    if (value != null) {
      map.put(PREFIX + key, value.toString());
    }
  }
}
