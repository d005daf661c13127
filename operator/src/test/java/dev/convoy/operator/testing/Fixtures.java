package dev.convoy.operator.testing;

import dev.convoy.api.kubevirt.v1.ContainerDiskSource;
import dev.convoy.api.kubevirt.v1.Devices;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.DiskTarget;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.Memory;
import dev.convoy.api.kubevirt.v1.PersistentVolumeClaimVolumeSource;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceTemplateSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineStatus;
import dev.convoy.api.kubevirt.v1.Volume;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small, valid VirtualMachines and VMIs for tests. */
public final class Fixtures {

  private Fixtures() {}

  /** A VM with one containerDisk (no claims to wait for) and 128Mi of guest memory. */
  public static VirtualMachine vm(String namespace, String name, String runStrategy) {
    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    VirtualMachineSpec spec = new VirtualMachineSpec();
    spec.setRunStrategy(runStrategy);
    VirtualMachineInstanceTemplateSpec template = new VirtualMachineInstanceTemplateSpec();
    ObjectMeta meta = new ObjectMeta();
    meta.setLabels(Map.of("kubevirt.io/vm", name));
    template.setMetadata(meta);
    template.setSpec(vmiSpec(containerDisk("rootdisk")));
    spec.setTemplate(template);
    vm.setSpec(spec);
    return vm;
  }

  /** A VM whose root disk is the PVC {@code claim}. */
  public static VirtualMachine vmWithPvc(
      String namespace, String name, String runStrategy, String claim) {
    VirtualMachine vm = vm(namespace, name, runStrategy);
    vm.getSpec().getTemplate().setSpec(vmiSpec(pvc("rootdisk", claim)));
    return vm;
  }

  /** A VMI spec with one disk per volume (same names) and 128Mi of memory. */
  public static VirtualMachineInstanceSpec vmiSpec(Volume... volumes) {
    VirtualMachineInstanceSpec spec = new VirtualMachineInstanceSpec();
    DomainSpec domain = new DomainSpec();
    Memory memory = new Memory();
    memory.setGuest(new Quantity("128Mi"));
    domain.setMemory(memory);
    Devices devices = new Devices();
    List<Disk> disks = new ArrayList<>();
    for (Volume v : volumes) {
      Disk d = new Disk();
      d.setName(v.getName());
      DiskTarget t = new DiskTarget();
      t.setBus("virtio");
      d.setDisk(t);
      disks.add(d);
    }
    devices.setDisks(disks);
    domain.setDevices(devices);
    spec.setDomain(domain);
    spec.setVolumes(new ArrayList<>(List.of(volumes)));
    return spec;
  }

  public static Volume containerDisk(String name) {
    Volume v = new Volume();
    v.setName(name);
    ContainerDiskSource s = new ContainerDiskSource();
    s.setImage("quay.io/containerdisks/cirros:0.6");
    v.setContainerDisk(s);
    return v;
  }

  public static Volume pvc(String name, String claim) {
    Volume v = new Volume();
    v.setName(name);
    PersistentVolumeClaimVolumeSource s = new PersistentVolumeClaimVolumeSource();
    s.setClaimName(claim);
    v.setPersistentVolumeClaim(s);
    return v;
  }

  /** A VMI in {@code phase} with a UID, for pure tests. */
  public static VirtualMachineInstance vmi(
      String namespace, String name, String uid, String phase) {
    VirtualMachineInstance vmi = new VirtualMachineInstance();
    vmi.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid(uid)
            .withGeneration(1L)
            .build());
    vmi.setSpec(vmiSpec(containerDisk("rootdisk")));
    var status = new dev.convoy.api.kubevirt.v1.VirtualMachineInstanceStatus();
    status.setPhase(phase);
    vmi.setStatus(status);
    return vmi;
  }

  /** Gives {@code vm} a UID and generation as the API server would, and an empty status. */
  public static VirtualMachine stored(VirtualMachine vm, String uid) {
    vm.getMetadata().setUid(uid);
    vm.getMetadata().setGeneration(1L);
    if (vm.getStatus() == null) {
      vm.setStatus(new VirtualMachineStatus());
    }
    return vm;
  }
}
