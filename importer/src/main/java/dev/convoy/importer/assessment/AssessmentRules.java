package dev.convoy.importer.assessment;

import dev.convoy.api.inventory.Cluster;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.inventory.VmDevice;
import dev.convoy.plans.resolve.KubernetesNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rule catalogue: Forklift's vSphere concerns (same ids where Forklift has the rule) plus
 * Convoy's own. Each rule is a small pure function of a VM and its context; {@code
 * docs/assessment.md} documents them, and a test checks the document lists every id here.
 */
public final class AssessmentRules {
  /** The most disks KubeVirt/OpenShift Virtualization supports per VM (Forklift's limit). */
  public static final int DEFAULT_MAX_DISKS = 165;

  private static final Pattern RFC1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private AssessmentRules() {}

  /** Every rule, in catalogue order. */
  public static List<Rule> all() {
    return List.of(
        // ---- Critical --------------------------------------------------------------------
        new Rule(
            "passthrough_device.detected",
            Severity.CRITICAL,
            "PCI or SCSI passthrough device",
            "Remove the passthrough device, or plan a host device for the target VM"
                + " (KubeVirt hostDevices) and re-create the mapping after migration.",
            (vm, ctx) ->
                devices(
                    vm,
                    d ->
                        d.kind() == VmDevice.Kind.PCI_PASSTHROUGH
                            || d.kind() == VmDevice.Kind.SCSI_PASSTHROUGH,
                    "passthrough device")),
        new Rule(
            "disk.capacity.invalid",
            Severity.CRITICAL,
            "Disk with unknown, zero or negative capacity",
            "Check the disk in vCenter (a broken or inaccessible backing); fix or remove it.",
            (vm, ctx) ->
                disks(
                    vm,
                    d -> d.capacityBytes() == null || d.capacityBytes() <= 0,
                    d -> "disk " + disk(d) + " has capacity " + d.capacityBytes())),
        new Rule(
            "datastore.missing",
            Severity.CRITICAL,
            "Disk not on a datastore",
            "Move the disk to a datastore (Storage vMotion) so it can be read.",
            (vm, ctx) ->
                isVsphere(ctx, vm)
                    ? disks(
                        vm,
                        d -> d.datastore() == null && d.backing() != Disk.Backing.FILE,
                        d -> "disk " + disk(d) + " has no datastore")
                    : List.of()),
        // ---- Warning ---------------------------------------------------------------------
        new Rule(
            "disk.rdm.detected",
            Severity.WARNING,
            "Raw device mapping (RDM) disk",
            "Plan the LUN for the target (rdmAsLun / a PVC on the same LUN) or convert the RDM"
                + " to a virtual disk before migration.",
            (vm, ctx) ->
                disks(
                    vm,
                    d -> d.backing() == Disk.Backing.RDM,
                    d ->
                        "disk "
                            + disk(d)
                            + " is a raw device mapping"
                            + (d.rdmCompatibilityMode() == null
                                ? ""
                                : " (" + d.rdmCompatibilityMode() + ")"))),
        new Rule(
            "disk.shared.detected",
            Severity.WARNING,
            "Shared disk (multi-writer or SCSI bus sharing)",
            "Migrate all VMs sharing the disk together; the target disk must be a shareable"
                + " ReadWriteMany volume.",
            (vm, ctx) ->
                disks(
                    vm,
                    AssessmentRules::shared,
                    d ->
                        "disk "
                            + disk(d)
                            + " is shared ("
                            + ("sharingMultiWriter".equals(d.sharing())
                                ? "multi-writer"
                                : "SCSI bus sharing " + d.controller().busSharing())
                            + ")")),
        new Rule(
            "disk_mode.independent",
            Severity.WARNING,
            "Independent disk",
            "Change the disk mode to dependent: independent disks are excluded from snapshots,"
                + " so warm migration and snapshot-based copy cannot read them.",
            (vm, ctx) ->
                disks(
                    vm,
                    d -> Boolean.TRUE.equals(d.independent()),
                    d -> "disk " + disk(d) + " is " + d.diskMode())),
        new Rule(
            "changed_block_tracking.disabled",
            Severity.WARNING,
            "Changed block tracking (CBT) disabled",
            "Enable CBT (ctkEnabled) on the VM and its disks before a warm migration;"
                + " cold migration does not need it.",
            (vm, ctx) -> {
              if (Boolean.FALSE.equals(ctx.target().warm()) || !isVsphere(ctx, vm)) {
                return List.of();
              }
              if (!Boolean.TRUE.equals(vm.changeTrackingEnabled())) {
                return List.of("changed block tracking is disabled on the VM");
              }
              return disks(
                  vm,
                  d -> Boolean.FALSE.equals(d.changeTrackingEnabled()),
                  d -> "changed block tracking is disabled on disk " + disk(d));
            }),
        new Rule(
            "consolidation_needed",
            Severity.WARNING,
            "Disk consolidation needed",
            "Consolidate the VM's disks in vCenter (Snapshots > Consolidate) before migrating.",
            (vm, ctx) ->
                Boolean.TRUE.equals(vm.consolidationNeeded())
                    ? List.of("vCenter reports that the VM's disks need consolidation")
                    : List.of()),
        new Rule(
            "cpu_affinity.detected",
            Severity.WARNING,
            "CPU affinity",
            "Scheduling affinity is not carried over; use a dedicated-CPU or node-affinity"
                + " setting on the target if the workload needs it.",
            (vm, ctx) ->
                vm.cpuAffinity().isEmpty()
                    ? List.of()
                    : List.of("the VM is pinned to host CPUs " + vm.cpuAffinity())),
        new Rule(
            "numa_affinity.detected",
            Severity.WARNING,
            "NUMA node affinity",
            "NUMA pinning is not carried over; configure guest NUMA on the target if needed.",
            (vm, ctx) ->
                vm.numaNodeAffinity().isEmpty()
                    ? List.of()
                    : List.of("the VM is pinned to NUMA nodes " + vm.numaNodeAffinity())),
        new Rule(
            "host_affinity.detected",
            Severity.WARNING,
            "Host affinity (DRS VM-host rule)",
            "Express the placement on the target with node affinity or a node selector.",
            (vm, ctx) -> {
              List<String> messages = new ArrayList<>();
              for (Cluster.Rule rule : ctx.rulesFor(vm)) {
                if ((rule.kind() == Cluster.RuleKind.VM_HOST_AFFINITY
                        || rule.kind() == Cluster.RuleKind.VM_HOST_ANTI_AFFINITY)
                    && !Boolean.FALSE.equals(rule.enabled())) {
                  messages.add(
                      (Boolean.TRUE.equals(rule.mandatory()) ? "mandatory" : "preferred")
                          + " DRS rule '"
                          + rule.name()
                          + "' "
                          + (rule.kind() == Cluster.RuleKind.VM_HOST_AFFINITY
                              ? "binds the VM to"
                              : "keeps the VM off")
                          + " hosts "
                          + rule.hosts());
                }
              }
              return messages;
            }),
        new Rule(
            "cpu_memory.hotplug.enabled",
            Severity.WARNING,
            "CPU or memory hot-add enabled",
            "Hot-plug settings are not carried over; size the target VM for peak use or"
                + " configure KubeVirt CPU/memory hotplug.",
            (vm, ctx) -> {
              List<String> on = new ArrayList<>();
              if (Boolean.TRUE.equals(vm.cpuHotAddEnabled())) {
                on.add("CPU hot-add");
              }
              if (Boolean.TRUE.equals(vm.cpuHotRemoveEnabled())) {
                on.add("CPU hot-remove");
              }
              if (Boolean.TRUE.equals(vm.memoryHotAddEnabled())) {
                on.add("memory hot-add");
              }
              return on.isEmpty() ? List.of() : List.of(String.join(", ", on) + " enabled");
            }),
        new Rule(
            "disk.count.exceeds.limit",
            Severity.WARNING,
            "More disks than the target supports",
            "Reduce the number of disks (merge volumes in the guest) below the limit.",
            (vm, ctx) -> {
              int max =
                  ctx.target().maxDisksPerVm() == null
                      ? DEFAULT_MAX_DISKS
                      : ctx.target().maxDisksPerVm();
              return vm.disks().size() > max
                  ? List.of(
                      "the VM has " + vm.disks().size() + " disks; the target supports " + max)
                  : List.of();
            }),
        new Rule(
            "disk.nvme.detected",
            Severity.WARNING,
            "Disk on an NVMe controller",
            "The guest sees a different disk controller (virtio) after migration; make sure its"
                + " boot configuration does not depend on NVMe device names.",
            (vm, ctx) ->
                disks(
                    vm,
                    d ->
                        d.controller() != null && d.controller().type() == DiskController.Type.NVME,
                    d -> "disk " + disk(d) + " is on an NVMe controller")),
        new Rule(
            "device.sriov.detected",
            Severity.WARNING,
            "SR-IOV network adapter",
            "Map the adapter to an SR-IOV network on the target (Multus + SR-IOV operator) or to"
                + " a regular network.",
            (vm, ctx) -> {
              List<String> messages = new ArrayList<>();
              for (Nic nic : vm.nics()) {
                if ("sriov".equals(nic.deviceType())) {
                  messages.add("network adapter " + nic(nic) + " is an SR-IOV passthrough adapter");
                }
              }
              return messages;
            }),
        new Rule(
            "usb_controller.detected",
            Severity.WARNING,
            "USB controller or device",
            "USB passthrough is not migrated; re-attach devices on the target if needed.",
            (vm, ctx) ->
                devices(
                    vm,
                    d ->
                        d.kind() == VmDevice.Kind.USB_CONTROLLER
                            || d.kind() == VmDevice.Kind.USB_DEVICE,
                    "USB device")),
        new Rule(
            "tpm.detected",
            Severity.WARNING,
            "Virtual TPM",
            "vTPM contents (keys, BitLocker/LUKS bindings) are not transferred; suspend"
                + " BitLocker or re-bind before migrating. The target VM gets a new persistent vTPM.",
            (vm, ctx) ->
                Boolean.TRUE.equals(vm.vtpm()) ? List.of("the VM has a virtual TPM") : List.of()),
        new Rule(
            "os.unsupported",
            Severity.WARNING,
            "Guest OS not supported for conversion",
            "Check that the guest OS can run on KubeVirt (virtio drivers); unknown or old systems"
                + " may need a manual conversion.",
            (vm, ctx) -> {
              String os =
                  vm.guestId() != null
                      ? vm.guestId()
                      : vm.guest() == null ? null : vm.guest().guestId();
              if (os == null) {
                return List.of("the guest OS is unknown");
              }
              return supportedOs(os)
                  ? List.of()
                  : List.of("guest OS '" + os + "' is not on the supported list");
            }),
        new Rule(
            "vm.name.invalid",
            Severity.WARNING,
            "VM name is not a valid Kubernetes name",
            "Rename the VM, or accept the generated target name.",
            (vm, ctx) ->
                vm.name() == null || validName(vm.name())
                    ? List.of()
                    : List.of(
                        "'"
                            + vm.name()
                            + "' is not an RFC 1123 name; the target VM will be named '"
                            + KubernetesNames.label(vm.name(), KubernetesNames.MAX_VM_NAME)
                            + "'")),
        new Rule(
            "vm_missing_ip.detected",
            Severity.WARNING,
            "No guest IP address known",
            "Power the VM on with VMware Tools running and collect again, or the static IP"
                + " addresses cannot be carried over.",
            (vm, ctx) -> {
              if (!isVsphere(ctx, vm) && (vm.guest() == null)) {
                return List.of();
              }
              boolean hasIp = vm.guest() != null && !vm.guest().allIpAddresses().isEmpty();
              if (hasIp) {
                return List.of();
              }
              return List.of(
                  vm.powerState() == PowerState.POWERED_ON
                      ? "VMware Tools report no IP address"
                      : "the VM is not running, so its IP addresses are unknown");
            }),
        new Rule(
            "hostname.empty",
            Severity.WARNING,
            "Guest host name unknown or default",
            "Set the host name in the guest, or set it on the target VM.",
            (vm, ctx) -> {
              if (!isVsphere(ctx, vm) || vm.powerState() != PowerState.POWERED_ON) {
                return List.of();
              }
              String hostname = vm.guest() == null ? null : vm.guest().hostname();
              if (hostname == null || hostname.isBlank()) {
                return List.of("VMware Tools report no host name");
              }
              return Set.of("localhost", "localhost.localdomain")
                      .contains(hostname.toLowerCase(Locale.ROOT))
                  ? List.of("the host name is the default '" + hostname + "'")
                  : List.of();
            }),
        new Rule(
            "vm.template",
            Severity.WARNING,
            "VM is a template",
            "Templates are not migrated as VMs; deploy a VM from it or convert it first.",
            (vm, ctx) ->
                Boolean.TRUE.equals(vm.template()) ? List.of("the VM is a template") : List.of()),
        new Rule(
            "vm.suspended",
            Severity.WARNING,
            "VM is suspended",
            "Resume and shut down the VM: its suspended memory state is not migrated.",
            (vm, ctx) ->
                vm.powerState() == PowerState.SUSPENDED
                    ? List.of("the VM is suspended")
                    : List.of()),
        // ---- Info ------------------------------------------------------------------------
        new Rule(
            "snapshot.detected",
            Severity.INFO,
            "Snapshots present",
            "Only the current state is migrated; delete snapshots you no longer need.",
            (vm, ctx) -> {
              int count = vm.snapshots().stream().mapToInt(s -> s.count()).sum();
              return count == 0
                  ? List.of()
                  : List.of("the VM has " + count + " snapshot" + (count == 1 ? "" : "s"));
            }),
        new Rule(
            "drs.enabled",
            Severity.INFO,
            "Cluster has DRS enabled",
            "DRS placement decisions do not exist on the target; nothing to do.",
            (vm, ctx) ->
                ctx.cluster(vm)
                    .filter(c -> Boolean.TRUE.equals(c.drsEnabled()))
                    .map(c -> List.of("cluster '" + c.name() + "' has DRS enabled"))
                    .orElse(List.of())),
        new Rule(
            "dpm.enabled",
            Severity.INFO,
            "Cluster has DPM enabled",
            "DPM may power hosts off during migration; consider disabling it for the migration window.",
            (vm, ctx) ->
                ctx.cluster(vm)
                    .filter(c -> Boolean.TRUE.equals(c.dpmEnabled()))
                    .map(c -> List.of("cluster '" + c.name() + "' has DPM enabled"))
                    .orElse(List.of())),
        new Rule(
            "fault_tolerance.enabled",
            Severity.INFO,
            "Fault tolerance enabled",
            "Fault tolerance has no target equivalent; the migrated VM runs as a single instance.",
            (vm, ctx) ->
                vm.faultToleranceRole() == null
                    ? List.of()
                    : List.of("the VM is a fault tolerance " + vm.faultToleranceRole())),
        new Rule(
            "firmware.efi",
            Severity.INFO,
            "UEFI firmware",
            "Nothing to do: the target VM boots with UEFI (OVMF) too.",
            (vm, ctx) ->
                vm.firmware() == Firmware.EFI ? List.of("the VM boots with UEFI") : List.of()),
        new Rule(
            "secure_boot.enabled",
            Severity.INFO,
            "UEFI secure boot",
            "Nothing to do: secure boot (with SMM) is carried to the target VM.",
            (vm, ctx) ->
                Boolean.TRUE.equals(vm.secureBoot())
                    ? List.of("secure boot is enabled")
                    : List.of()),
        new Rule(
            "serial_port.detected",
            Severity.INFO,
            "Serial or parallel port",
            "The target VM has one serial console; other ports are not migrated.",
            (vm, ctx) ->
                devices(
                    vm,
                    d ->
                        d.kind() == VmDevice.Kind.SERIAL_PORT
                            || d.kind() == VmDevice.Kind.PARALLEL_PORT,
                    "port")),
        new Rule(
            "nested_virtualization.enabled",
            Severity.INFO,
            "Nested virtualization enabled",
            "Enable nested virtualization on the target nodes if the guest runs VMs.",
            (vm, ctx) ->
                Boolean.TRUE.equals(vm.nestedHvEnabled())
                    ? List.of("hardware virtualization is exposed to the guest")
                    : List.of()),
        // ---- Target ----------------------------------------------------------------------
        new Rule(
            "target.disk.too_large",
            Severity.CRITICAL,
            "A disk is larger than the target storage class can hold",
            "Choose a storage class with more free capacity, or free space on it.",
            (vm, ctx) -> {
              Long available = availableBytes(ctx.target());
              if (available == null) {
                return List.of();
              }
              return disks(
                  vm,
                  d -> d.capacityBytes() != null && d.capacityBytes() > available,
                  d ->
                      "disk "
                          + disk(d)
                          + " ("
                          + bytes(d.capacityBytes())
                          + ") is larger than the "
                          + bytes(available)
                          + " available in storage class '"
                          + ctx.target().storageClass()
                          + "'");
            }));
  }

  /** Target checks over the whole inventory (capacity, quota, storage class existence). */
  public static List<Finding> targetFindings(List<Vm> vms, Target target) {
    List<Finding> findings = new ArrayList<>();
    if (target.storageClass() != null
        && !target.storageClasses().isEmpty()
        && target.storageClasses().stream()
            .noneMatch(s -> s.name().equals(target.storageClass()))) {
      findings.add(
          new Finding(
              "target.storage_class.missing",
              Severity.CRITICAL,
              null,
              null,
              null,
              "storage class '"
                  + target.storageClass()
                  + "' does not exist on the target (it has: "
                  + String.join(
                      ", ",
                      target.storageClasses().stream().map(Target.StorageClass::name).toList())
                  + ")",
              "Create the storage class or map the disks to an existing one."));
    }
    long needed =
        vms.stream()
            .flatMap(v -> v.disks().stream())
            .map(Disk::capacityBytes)
            .filter(b -> b != null && b > 0)
            .mapToLong(Long::longValue)
            .sum();
    Long available = availableBytes(target);
    if (available != null && needed > available) {
      findings.add(
          new Finding(
              "target.capacity.insufficient",
              Severity.CRITICAL,
              null,
              null,
              null,
              "the disks need "
                  + bytes(needed)
                  + " but storage class '"
                  + target.storageClass()
                  + "' has "
                  + bytes(available)
                  + " available",
              "Add capacity, use another storage class, or migrate in smaller waves."));
    }
    if (target.quotaBytes() != null && needed > target.quotaBytes()) {
      findings.add(
          new Finding(
              "target.quota.insufficient",
              Severity.CRITICAL,
              null,
              null,
              null,
              "the disks need "
                  + bytes(needed)
                  + " but namespace '"
                  + target.namespace()
                  + "' has "
                  + bytes(target.quotaBytes())
                  + " of requests.storage quota left",
              "Raise the namespace's ResourceQuota or migrate in smaller waves."));
    }
    return findings;
  }

  /** Ids of the inventory-level target checks, for the catalogue. */
  public static final List<String> TARGET_RULE_IDS =
      List.of(
          "target.storage_class.missing",
          "target.capacity.insufficient",
          "target.quota.insufficient");

  // ---- helpers --------------------------------------------------------------------------

  private static Long availableBytes(Target target) {
    if (target.storageClass() == null) {
      return null;
    }
    return target.storageClasses().stream()
        .filter(s -> s.name().equals(target.storageClass()))
        .map(Target.StorageClass::availableBytes)
        .filter(b -> b != null)
        .findFirst()
        .orElse(null);
  }

  private static boolean shared(Disk d) {
    return "sharingMultiWriter".equals(d.sharing())
        || (d.controller() != null
            && d.controller().busSharing() != null
            && !"noSharing".equals(d.controller().busSharing()));
  }

  private static boolean isVsphere(AssessmentContext ctx, Vm vm) {
    return ctx.inventory().sources().stream()
        .anyMatch(s -> s.id().equals(vm.sourceId()) && s.kind() == InventorySource.Kind.VSPHERE);
  }

  /** RFC 1123 label rules KubeVirt applies to VM names. */
  static boolean validName(String name) {
    return name.length() <= 63 && RFC1123_LABEL.matcher(name).matches();
  }

  /** Guest OS identifiers virt-v2v and KubeVirt support (vSphere guestId prefixes). */
  static boolean supportedOs(String guestId) {
    String id = guestId.toLowerCase(Locale.ROOT);
    if (id.startsWith("rhel")
        || id.startsWith("centos")
        || id.startsWith("rocky")
        || id.startsWith("almalinux")
        || id.startsWith("oraclelinux")
        || id.startsWith("sles")
        || id.startsWith("ubuntu")
        || id.startsWith("debian")
        || id.startsWith("fedora")
        || id.startsWith("coreos")
        || id.startsWith("photon")) {
      // RHEL/CentOS 5 and older lack virtio
      return !id.matches("(rhel|centos)[2-5](_64)?guest");
    }
    if (id.startsWith("windows")) {
      // Windows 7 / Server 2008 R2 and newer
      return id.startsWith("windows7")
          || id.startsWith("windows8")
          || id.startsWith("windows9")
          || id.startsWith("windows11")
          || id.startsWith("windows12")
          || id.contains("2016")
          || id.contains("2019")
          || id.contains("2022")
          || id.contains("2025")
          || id.contains("srvnext");
    }
    return false;
  }

  private static List<String> disks(
      Vm vm, Predicate<Disk> test, java.util.function.Function<Disk, String> message) {
    List<String> messages = new ArrayList<>();
    for (Disk d : vm.disks()) {
      if (test.test(d)) {
        messages.add(message.apply(d));
      }
    }
    return messages;
  }

  private static List<String> devices(Vm vm, Predicate<VmDevice> test, String what) {
    List<String> messages = new ArrayList<>();
    for (VmDevice d : vm.devices()) {
      if (test.test(d)) {
        messages.add(
            what + " '" + (d.label() != null ? d.label() : d.type()) + "' (" + d.type() + ")");
      }
    }
    return messages;
  }

  private static String disk(Disk d) {
    String name = d.label() != null ? d.label() : d.key() == null ? "?" : "key " + d.key();
    return "'" + name + "'" + (d.fileName() == null ? "" : " (" + d.fileName() + ")");
  }

  private static String nic(Nic n) {
    return "'" + (n.label() != null ? n.label() : n.macAddress()) + "'";
  }

  private static String bytes(long b) {
    return dev.convoy.importer.inventory.InventoryTable.size(b);
  }
}
