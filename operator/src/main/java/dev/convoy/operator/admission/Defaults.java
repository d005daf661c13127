package dev.convoy.operator.admission;

import dev.convoy.api.kubevirt.v1.Devices;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.DiskTarget;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.Finalizers;
import dev.convoy.api.kubevirt.v1.Interface;
import dev.convoy.api.kubevirt.v1.InterfaceMasquerade;
import dev.convoy.api.kubevirt.v1.KubeVirt;
import dev.convoy.api.kubevirt.v1.Machine;
import dev.convoy.api.kubevirt.v1.Network;
import dev.convoy.api.kubevirt.v1.PodNetwork;
import dev.convoy.api.kubevirt.v1.ResourceRequirements;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutating half of admission (KubeVirt's {@code pkg/defaults}): fills what the user left out
 * and never changes what the user set. Applying it twice gives the same object.
 *
 * <ul>
 *   <li>{@code domain.machine.type}: q35;
 *   <li>{@code terminationGracePeriodSeconds}: 30;
 *   <li>no interfaces and no networks (and pod interface auto-attach not switched off): network
 *       {@code default} on the pod network with a masquerade interface {@code default};
 *   <li>{@code domain.resources.requests.memory}: the guest memory ({@code domain.memory.guest})
 *       or, failing that, the memory limit;
 *   <li>a disk without a target gets {@code disk: {bus: virtio}}; a target without bus gets virtio
 *       (sata for cdrom);
 *   <li>VMIs get the {@code kubevirt.io/foregroundDeleteVirtualMachine} finalizer, VMs the VM
 *       controller's {@code kubevirt.io/virtualMachineControllerFinalize}.
 * </ul>
 */
public final class Defaults {

  /** Default machine type on x86_64. */
  public static final String MACHINE_TYPE = "q35";

  /** Name of the default pod network and its interface. */
  public static final String DEFAULT_NETWORK = "default";

  private Defaults() {}

  /**
   * Defaults for a VirtualMachine: the template's machine type, as KubeVirt's VM mutator does, and
   * the VM controller's finalizer (KubeVirt's controller adds it with a PATCH after creation;
   * adding it at admission saves that write and one reconcile per VM).
   */
  public static void applyTo(VirtualMachine vm) {
    addFinalizer(vm.getMetadata(), Finalizers.VIRTUAL_MACHINE_CONTROLLER);
    if (vm.getSpec() != null
        && vm.getSpec().getTemplate() != null
        && vm.getSpec().getTemplate().getSpec() != null
        && vm.getSpec().getTemplate().getSpec().getDomain() != null) {
      machineType(vm.getSpec().getTemplate().getSpec().getDomain());
    }
  }

  /** All VMI defaults, including the finalizer. */
  public static void applyTo(VirtualMachineInstance vmi) {
    if (vmi.getSpec() != null) {
      applyToSpec(vmi.getSpec());
    }
    addFinalizer(vmi.getMetadata(), Finalizers.VIRTUAL_MACHINE_INSTANCE);
  }

  private static void addFinalizer(
      io.fabric8.kubernetes.api.model.ObjectMeta meta, String finalizer) {
    if (meta == null
        || meta.getDeletionTimestamp() != null
        || (meta.getFinalizers() != null && meta.getFinalizers().contains(finalizer))) {
      return;
    }
    List<String> finalizers =
        meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
    finalizers.add(finalizer);
    meta.setFinalizers(finalizers);
  }

  /**
   * The spec defaults of a VMI (also used on a VM template when the VM controller renders a VMI).
   */
  public static void applyToSpec(VirtualMachineInstanceSpec spec) {
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(KubeVirt.DEFAULT_GRACE_PERIOD_SECONDS);
    }
    DomainSpec domain = spec.getDomain();
    if (domain == null) {
      return;
    }
    machineType(domain);
    memoryRequest(domain);
    Devices devices = domain.getDevices();
    if (devices == null) {
      devices = new Devices();
      domain.setDevices(devices);
    }
    podNetwork(spec, devices);
    if (devices.getDisks() != null) {
      for (Disk disk : devices.getDisks()) {
        diskTarget(disk);
      }
    }
  }

  private static void machineType(DomainSpec domain) {
    if (domain.getMachine() == null) {
      domain.setMachine(new Machine());
    }
    if (domain.getMachine().getType() == null || domain.getMachine().getType().isEmpty()) {
      domain.getMachine().setType(MACHINE_TYPE);
    }
  }

  private static void memoryRequest(DomainSpec domain) {
    ResourceRequirements resources = domain.getResources();
    Quantity requested =
        resources == null || resources.getRequests() == null
            ? null
            : resources.getRequests().get("memory");
    if (requested != null) {
      return;
    }
    Quantity guest = domain.getMemory() == null ? null : domain.getMemory().getGuest();
    Quantity limit =
        resources == null || resources.getLimits() == null
            ? null
            : resources.getLimits().get("memory");
    Quantity value = guest != null ? guest : limit;
    if (value == null) {
      return; // validation reports the missing memory
    }
    if (resources == null) {
      resources = new ResourceRequirements();
      domain.setResources(resources);
    }
    Map<String, Quantity> requests =
        resources.getRequests() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(resources.getRequests());
    requests.put("memory", new Quantity(value.toString()));
    resources.setRequests(requests);
  }

  private static void podNetwork(VirtualMachineInstanceSpec spec, Devices devices) {
    boolean noInterfaces = devices.getInterfaces() == null || devices.getInterfaces().isEmpty();
    boolean noNetworks = spec.getNetworks() == null || spec.getNetworks().isEmpty();
    if (!noInterfaces || !noNetworks || Boolean.FALSE.equals(devices.getAutoattachPodInterface())) {
      return;
    }
    Network network = new Network();
    network.setName(DEFAULT_NETWORK);
    network.setPod(new PodNetwork());
    spec.setNetworks(new ArrayList<>(List.of(network)));
    Interface iface = new Interface();
    iface.setName(DEFAULT_NETWORK);
    iface.setMasquerade(new InterfaceMasquerade());
    devices.setInterfaces(new ArrayList<>(List.of(iface)));
  }

  private static void diskTarget(Disk disk) {
    if (disk.getDisk() == null && disk.getCdrom() == null && disk.getLun() == null) {
      disk.setDisk(new DiskTarget());
    }
    if (disk.getDisk() != null && disk.getDisk().getBus() == null) {
      disk.getDisk().setBus("virtio");
    }
    if (disk.getCdrom() != null && disk.getCdrom().getBus() == null) {
      disk.getCdrom().setBus("sata");
    }
  }
}
