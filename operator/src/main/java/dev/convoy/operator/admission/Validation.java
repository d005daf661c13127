package dev.convoy.operator.admission;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.Cpu;
import dev.convoy.api.kubevirt.v1.Devices;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.Network;
import dev.convoy.api.kubevirt.v1.ResourceRequirements;
import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineSpec;
import dev.convoy.api.kubevirt.v1.Volume;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validating half of admission, as pure functions returning every problem found, each named by
 * its field path. Rules (KubeVirt's {@code vmi-create-admitter}, {@code vms-admitter} and {@code
 * vmi-update-admitter}):
 *
 * <ul>
 *   <li>disk, volume, interface and network names are set and unique;
 *   <li>every disk names an existing volume; a disk has at most one of disk/lun/cdrom; a volume has
 *       exactly one source;
 *   <li>every interface names an existing network; a network has exactly one of pod/multus; at most
 *       one pod network;
 *   <li>bootOrder, where set, is positive and unique across disks and interfaces;
 *   <li>memory: some amount is requested (guest, request or limit), amounts are positive, request ≤
 *       limit, guest ≤ limit; cpu request ≤ limit; cores/sockets/threads ≥ 1; at most 256 volumes
 *       and 256 networks;
 *   <li>a VM sets at most one of {@code running} and {@code runStrategy}, the latter from the known
 *       values, and has a template;
 *   <li>a VMI's spec cannot be changed after creation except by Convoy's own service accounts.
 * </ul>
 */
public final class Validation {

  /** KubeVirt's limits on volumes and networks per VMI. */
  public static final int MAX_VOLUMES = 256;

  public static final int MAX_NETWORKS = 256;

  private Validation() {}

  /** Problems with a VirtualMachine (create or update). */
  public static List<FieldError> virtualMachine(VirtualMachine vm) {
    List<FieldError> errors = new ArrayList<>();
    VirtualMachineSpec spec = vm.getSpec();
    if (spec == null) {
      errors.add(new FieldError("spec", "is required"));
      return errors;
    }
    if (spec.getRunning() != null && spec.getRunStrategy() != null) {
      errors.add(
          new FieldError(
              "spec.running",
              "running and runStrategy are mutually exclusive; set only runStrategy"));
    }
    if (spec.getRunStrategy() != null && !RunStrategy.ALL.contains(spec.getRunStrategy())) {
      errors.add(
          new FieldError(
              "spec.runStrategy",
              "unsupported value \""
                  + spec.getRunStrategy()
                  + "\", expected one of "
                  + RunStrategy.ALL));
    }
    if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
      errors.add(new FieldError("spec.template.spec", "is required"));
      return errors;
    }
    errors.addAll(instanceSpec("spec.template.spec", spec.getTemplate().getSpec()));
    return errors;
  }

  /** Problems with a new VirtualMachineInstance. */
  public static List<FieldError> virtualMachineInstanceCreate(VirtualMachineInstance vmi) {
    if (vmi.getSpec() == null) {
      return List.of(new FieldError("spec", "is required"));
    }
    return instanceSpec("spec", vmi.getSpec());
  }

  /**
   * Problems with an update of a VirtualMachineInstance by {@code privileged} (Convoy's own
   * components) or a user.
   */
  public static List<FieldError> virtualMachineInstanceUpdate(
      VirtualMachineInstance old, VirtualMachineInstance updated, boolean privileged) {
    if (!privileged && !Serialization.sameJson(old.getSpec(), updated.getSpec())) {
      return List.of(
          new FieldError(
              "spec",
              "the VirtualMachineInstance spec is immutable after creation; change the VirtualMachine and"
                  + " restart it instead"));
    }
    return List.of();
  }

  /** Problems with a VMI spec found under {@code path}. */
  public static List<FieldError> instanceSpec(String path, VirtualMachineInstanceSpec spec) {
    List<FieldError> errors = new ArrayList<>();
    DomainSpec domain = spec.getDomain();
    if (domain == null) {
      errors.add(new FieldError(path + ".domain", "is required"));
      return errors;
    }
    Devices devices = domain.getDevices() == null ? new Devices() : domain.getDevices();
    List<Volume> volumes = spec.getVolumes() == null ? List.of() : spec.getVolumes();
    List<Network> networks = spec.getNetworks() == null ? List.of() : spec.getNetworks();
    List<Disk> disks = devices.getDisks() == null ? List.of() : devices.getDisks();
    List<Interface> interfaces =
        devices.getInterfaces() == null ? List.of() : devices.getInterfaces();

    if (volumes.size() > MAX_VOLUMES) {
      errors.add(
          new FieldError(path + ".volumes", "at most " + MAX_VOLUMES + " volumes are allowed"));
    }
    if (networks.size() > MAX_NETWORKS) {
      errors.add(
          new FieldError(path + ".networks", "at most " + MAX_NETWORKS + " networks are allowed"));
    }

    Set<String> volumeNames = new HashSet<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume v = volumes.get(i);
      String at = path + ".volumes[" + i + "]";
      name(errors, at, v.getName(), volumeNames);
      int sources = sourceCount(v);
      if (sources != 1) {
        errors.add(
            new FieldError(
                at,
                sources == 0
                    ? "a volume needs a source (persistentVolumeClaim, dataVolume, containerDisk,"
                        + " cloudInitNoCloud, ...)"
                    : "a volume has exactly one source, found " + sources));
      }
    }

    Set<String> networkNames = new HashSet<>();
    int podNetworks = 0;
    for (int i = 0; i < networks.size(); i++) {
      Network n = networks.get(i);
      String at = path + ".networks[" + i + "]";
      name(errors, at, n.getName(), networkNames);
      int kinds = (n.getPod() != null ? 1 : 0) + (n.getMultus() != null ? 1 : 0);
      if (kinds != 1) {
        errors.add(new FieldError(at, "a network has exactly one of pod or multus"));
      }
      if (n.getPod() != null && ++podNetworks > 1) {
        errors.add(new FieldError(at + ".pod", "only one pod network is allowed"));
      }
    }

    Map<Integer, String> bootOrders = new HashMap<>();
    Set<String> diskNames = new HashSet<>();
    for (int i = 0; i < disks.size(); i++) {
      Disk d = disks.get(i);
      String at = path + ".domain.devices.disks[" + i + "]";
      name(errors, at, d.getName(), diskNames);
      if (d.getName() != null && !volumeNames.contains(d.getName())) {
        errors.add(
            new FieldError(
                at + ".name", "no volume named \"" + d.getName() + "\" backs this disk"));
      }
      int targets =
          (d.getDisk() != null ? 1 : 0)
              + (d.getCdrom() != null ? 1 : 0)
              + (d.getLun() != null ? 1 : 0);
      if (targets > 1) {
        errors.add(new FieldError(at, "a disk has at most one of disk, lun or cdrom"));
      }
      bootOrder(errors, at, d.getBootOrder(), bootOrders);
    }

    Set<String> interfaceNames = new HashSet<>();
    for (int i = 0; i < interfaces.size(); i++) {
      Interface iface = interfaces.get(i);
      String at = path + ".domain.devices.interfaces[" + i + "]";
      name(errors, at, iface.getName(), interfaceNames);
      if (iface.getName() != null && !networkNames.contains(iface.getName())) {
        errors.add(
            new FieldError(
                at + ".name", "no network named \"" + iface.getName() + "\" for this interface"));
      }
      bootOrder(errors, at, iface.getBootOrder(), bootOrders);
    }

    resources(errors, path + ".domain", domain);
    if (spec.getTerminationGracePeriodSeconds() != null
        && spec.getTerminationGracePeriodSeconds() < 0) {
      errors.add(new FieldError(path + ".terminationGracePeriodSeconds", "must not be negative"));
    }
    return errors;
  }

  private static void name(List<FieldError> errors, String at, String name, Set<String> seen) {
    if (name == null || name.isEmpty()) {
      errors.add(new FieldError(at + ".name", "is required"));
    } else if (!seen.add(name)) {
      errors.add(new FieldError(at + ".name", "duplicate name \"" + name + "\""));
    }
  }

  private static void bootOrder(
      List<FieldError> errors, String at, Integer order, Map<Integer, String> seen) {
    if (order == null) {
      return;
    }
    if (order < 1) {
      errors.add(new FieldError(at + ".bootOrder", "must be greater than 0, got " + order));
      return;
    }
    String other = seen.putIfAbsent(order, at);
    if (other != null) {
      errors.add(
          new FieldError(at + ".bootOrder", "bootOrder " + order + " is already used by " + other));
    }
  }

  private static int sourceCount(Volume v) {
    int n =
        (v.getPersistentVolumeClaim() != null ? 1 : 0)
            + (v.getDataVolume() != null ? 1 : 0)
            + (v.getContainerDisk() != null ? 1 : 0)
            + (v.getCloudInitNoCloud() != null ? 1 : 0)
            + (v.getCloudInitConfigDrive() != null ? 1 : 0)
            + (v.getEmptyDisk() != null ? 1 : 0);
    // Sources the model does not name (configMap, secret, hostDisk, ...) are kept as unknown
    // fields.
    return n + v.getAdditionalProperties().size();
  }

  private static void resources(List<FieldError> errors, String path, DomainSpec domain) {
    ResourceRequirements r = domain.getResources();
    Map<String, Quantity> requests =
        r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    Quantity guest = domain.getMemory() == null ? null : domain.getMemory().getGuest();

    BigDecimal reqMem = amount(errors, path + ".resources.requests.memory", requests.get("memory"));
    BigDecimal limMem = amount(errors, path + ".resources.limits.memory", limits.get("memory"));
    BigDecimal guestMem = amount(errors, path + ".memory.guest", guest);
    BigDecimal reqCpu = amount(errors, path + ".resources.requests.cpu", requests.get("cpu"));
    BigDecimal limCpu = amount(errors, path + ".resources.limits.cpu", limits.get("cpu"));

    if (guest == null && requests.get("memory") == null && limits.get("memory") == null) {
      errors.add(
          new FieldError(
              path + ".resources.requests.memory",
              "no memory is requested; set domain.memory.guest or domain.resources.requests.memory"));
    }
    if (reqMem != null && limMem != null && reqMem.compareTo(limMem) > 0) {
      errors.add(
          new FieldError(
              path + ".resources.requests.memory",
              "request "
                  + requests.get("memory")
                  + " is greater than the limit "
                  + limits.get("memory")));
    }
    if (guestMem != null && limMem != null && guestMem.compareTo(limMem) > 0) {
      errors.add(
          new FieldError(
              path + ".memory.guest",
              "guest memory "
                  + guest
                  + " is greater than the memory limit "
                  + limits.get("memory")));
    }
    if (reqCpu != null && limCpu != null && reqCpu.compareTo(limCpu) > 0) {
      errors.add(
          new FieldError(
              path + ".resources.requests.cpu",
              "request "
                  + requests.get("cpu")
                  + " is greater than the limit "
                  + limits.get("cpu")));
    }
    Cpu cpu = domain.getCpu();
    if (cpu != null) {
      positive(errors, path + ".cpu.cores", cpu.getCores());
      positive(errors, path + ".cpu.sockets", cpu.getSockets());
      positive(errors, path + ".cpu.threads", cpu.getThreads());
    }
  }

  private static void positive(List<FieldError> errors, String at, Integer value) {
    if (value != null && value < 1) {
      errors.add(new FieldError(at, "must be at least 1, got " + value));
    }
  }

  private static BigDecimal amount(List<FieldError> errors, String at, Quantity q) {
    if (q == null) {
      return null;
    }
    BigDecimal v;
    try {
      v = q.getNumericalAmount();
    } catch (RuntimeException e) {
      errors.add(new FieldError(at, "\"" + q + "\" is not a quantity"));
      return null;
    }
    if (v.signum() <= 0) {
      errors.add(new FieldError(at, "must be greater than 0, got " + q));
      return null;
    }
    return v;
  }
}
