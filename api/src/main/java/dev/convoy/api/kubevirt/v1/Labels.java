package dev.convoy.api.kubevirt.v1;

/** Label keys KubeVirt sets and reads. */
public final class Labels {
  /** On a VirtualMachineInstance: the node running it, so node agents can watch by label. */
  public static final String NODE_NAME = "kubevirt.io/nodeName";

  /** On a VirtualMachineInstance: the target node of a live migration. */
  public static final String MIGRATION_TARGET_NODE_NAME = "kubevirt.io/migrationTargetNodeName";

  /** On a Node: "true" when a node agent runs there and VMs may be scheduled. */
  public static final String SCHEDULABLE = "kubevirt.io/schedulable";

  /** On KubeVirt's pods: the component, e.g. virt-launcher. */
  public static final String APP = "kubevirt.io";

  /** On a launcher pod: UID of its VirtualMachineInstance. */
  public static final String CREATED_BY = "kubevirt.io/created-by";

  /** Conventional label with the VirtualMachine name, used in templates and examples. */
  public static final String VM = "kubevirt.io/vm";

  /** On a launcher pod: name of the VirtualMachineInstance. */
  public static final String VM_NAME = "vm.kubevirt.io/name";

  /** On a migration target pod: UID of the VirtualMachineInstanceMigration. */
  public static final String MIGRATION_JOB_UID = "kubevirt.io/migrationJobUID";

  /** On a VirtualMachineInstance running an old launcher image. */
  public static final String OUTDATED_LAUNCHER_IMAGE = "kubevirt.io/outdatedLauncherImage";

  private Labels() {}
}
