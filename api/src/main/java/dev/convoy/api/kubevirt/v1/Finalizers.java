package dev.convoy.api.kubevirt.v1;

/** Finalizers KubeVirt puts on its objects. */
public final class Finalizers {
  /** On a VirtualMachineInstance: removed once all its pods are gone. */
  public static final String VIRTUAL_MACHINE_INSTANCE =
      "kubevirt.io/foregroundDeleteVirtualMachine";

  /** Set by the VM controller on the VirtualMachineInstances it owns (and on VirtualMachines). */
  public static final String VIRTUAL_MACHINE_CONTROLLER =
      "kubevirt.io/virtualMachineControllerFinalize";

  /** On a VirtualMachineInstanceMigration until the migration is cleaned up. */
  public static final String MIGRATION = "kubevirt.io/migrationJobFinalize";

  private Finalizers() {}
}
