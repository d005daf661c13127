package dev.convoy.importer.demo;

import com.vmware.vim25.Description;
import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.VirtualDeviceConfigSpec;
import com.vmware.vim25.VirtualDeviceConfigSpecOperation;
import com.vmware.vim25.VirtualDisk;
import com.vmware.vim25.VirtualDiskFlatVer2BackingInfo;
import com.vmware.vim25.VirtualMachineConfigSpec;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereTasks;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Gives a VM of a vCenter (in practice the simulator, whose VM disks are 0-byte placeholders that
 * report 1 MiB) a real boot disk: reconfigures the VM through the vSphere API (name, memory, the
 * first disk's capacity) and uploads a VMDK as that disk through the datastore's {@code /folder}
 * endpoint. The demo and the migration tests prepare their source VMs with it.
 */
public final class SourceVmInstaller {

  /**
   * What to set on the VM.
   *
   * @param name the new VM name, or null to keep it
   * @param memoryMiB the VM's memory
   * @param diskCapacityBytes the first disk's capacity (the image's virtual size), or 0 to keep it
   */
  public record Settings(String name, long memoryMiB, long diskCapacityBytes) {
    /** Memory only: the name and the disk capacity stay. */
    public static Settings memory(long memoryMiB) {
      return new Settings(null, memoryMiB, 0);
    }
  }

  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

  private SourceVmInstaller() {}

  /**
   * Reconfigures {@code vm} (as an inventory collected before recorded it) with {@code settings}
   * and uploads {@code vmdk} as its first disk's file.
   */
  public static void install(
      VsphereSession session, VsphereOperations operations, Vm vm, Path vmdk, Settings settings)
      throws VsphereException {
    if (vm.disks().isEmpty() || vm.disks().get(0).fileName() == null) {
      throw new IllegalArgumentException("VM " + vm.name() + " has no disk file to replace");
    }
    Disk disk = vm.disks().get(0);
    VirtualMachineConfigSpec spec = new VirtualMachineConfigSpec();
    spec.name = settings.name();
    spec.memoryMB = settings.memoryMiB();
    if (settings.diskCapacityBytes() > 0) {
      spec.deviceChange =
          new VirtualDeviceConfigSpec[] {resize(disk, settings.diskCapacityBytes())};
    }
    ManagedObjectReference ref = new ManagedObjectReference();
    ref.type = "VirtualMachine";
    ref.val = vm.id();
    VsphereTasks.await(
        session,
        session.call("ReconfigVM_Task", () -> session.port().reconfigVM_Task(ref, spec)),
        TASK_TIMEOUT);
    // after the reconfiguration: an edit without a file operation leaves the file as it is
    operations.upload(vmdk, DatastoreFile.parse(vm.datacenter(), disk.fileName()));
  }

  /**
   * An edit of the disk with a new capacity. vSphere replaces the whole device on an edit, so the
   * spec repeats its key, controller, unit and backing.
   */
  private static VirtualDeviceConfigSpec resize(Disk disk, long capacityBytes) {
    VirtualDisk device = new VirtualDisk();
    device.key = disk.key();
    device.controllerKey = disk.controller() == null ? null : disk.controller().key();
    device.unitNumber = disk.unitNumber();
    device.capacityInBytes = capacityBytes;
    device.capacityInKB = (capacityBytes + 1023) / 1024;
    device.deviceInfo = new Description();
    device.deviceInfo.label = disk.label() == null ? "" : disk.label();
    device.deviceInfo.summary = "";
    VirtualDiskFlatVer2BackingInfo backing = new VirtualDiskFlatVer2BackingInfo();
    backing.fileName = disk.fileName();
    backing.diskMode = disk.diskMode() == null ? "persistent" : disk.diskMode();
    backing.thinProvisioned = disk.provisioning() == Disk.Provisioning.THIN;
    device.backing = backing;
    VirtualDeviceConfigSpec change = new VirtualDeviceConfigSpec();
    change.operation = VirtualDeviceConfigSpecOperation.edit;
    change.device = device;
    return change;
  }
}
