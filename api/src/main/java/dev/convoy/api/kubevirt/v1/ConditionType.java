package dev.convoy.api.kubevirt.v1;

import java.util.List;

/**
 * Condition types of VirtualMachine, VirtualMachineInstance and VirtualMachineInstanceMigration
 * (KubeVirt's VirtualMachineConditionType, VirtualMachineInstanceConditionType,
 * VirtualMachineInstanceMigrationConditionType).
 */
public final class ConditionType {
  /** VM and VMI: the guest runs and the launcher pod is ready. */
  public static final String READY = "Ready";

  /** VM and VMI: the guest was paused by a user. */
  public static final String PAUSED = "Paused";

  /** VM: creating or deleting the VirtualMachineInstance failed. */
  public static final String FAILURE = "Failure";

  /** VM: a spec change cannot be applied until the guest restarts. */
  public static final String RESTART_REQUIRED = "RestartRequired";

  /** VM: the VM needs a manual action to recover. */
  public static final String MANUAL_RECOVERY_REQUIRED = "ManualRecoveryRequired";

  /** VMI: False when the node agent failed to apply the spec to the domain. */
  public static final String SYNCHRONIZED = "Synchronized";

  /** VMI: copied from the launcher pod when it cannot be scheduled. */
  public static final String POD_SCHEDULED = "PodScheduled";

  /** VMI: volumes are being provisioned. */
  public static final String PROVISIONING = "Provisioning";

  /** VMI: whether the VirtualMachineInstance can be live-migrated. */
  public static final String LIVE_MIGRATABLE = "LiveMigratable";

  /** VMI: whether its storage can be live-migrated. */
  public static final String STORAGE_LIVE_MIGRATABLE = "StorageLiveMigratable";

  /** VMI: the QEMU guest agent is connected. */
  public static final String AGENT_CONNECTED = "AgentConnected";

  /** VMI: the guest agent version is not supported. */
  public static final String AGENT_VERSION_NOT_SUPPORTED = "AgentVersionNotSupported";

  /** VMI: access credentials were applied in the guest. */
  public static final String ACCESS_CREDENTIALS_SYNCHRONIZED = "AccessCredentialsSynchronized";

  /** VMI: vCPU hotplug in progress. */
  public static final String HOT_VCPU_CHANGE = "HotVCPUChange";

  /** VMI: memory hotplug in progress. */
  public static final String HOT_MEMORY_CHANGE = "HotMemoryChange";

  /** VMI: the volume set is changing. */
  public static final String VOLUMES_CHANGE = "VolumesChange";

  /** VMI: all DataVolumes are ready. */
  public static final String DATA_VOLUMES_READY = "DataVolumesReady";

  /** VMI: an automatic migration is required. */
  public static final String MIGRATION_REQUIRED = "MigrationRequired";

  /** VMI: an eviction was requested. */
  public static final String EVICTION_REQUESTED = "EvictionRequested";

  /** VMIM: an abort was requested (KubeVirt spells it in lower camel case). */
  public static final String MIGRATION_ABORT_REQUESTED = "migrationAbortRequested";

  /** VMIM: the target pod exceeds the resource quota. */
  public static final String MIGRATION_REJECTED_BY_RESOURCE_QUOTA =
      "migrationRejectedByResourceQuota";

  /** Every value above, in KubeVirt's order. */
  public static final List<String> ALL =
      List.of(
          READY,
          PAUSED,
          FAILURE,
          RESTART_REQUIRED,
          MANUAL_RECOVERY_REQUIRED,
          SYNCHRONIZED,
          POD_SCHEDULED,
          PROVISIONING,
          LIVE_MIGRATABLE,
          STORAGE_LIVE_MIGRATABLE,
          AGENT_CONNECTED,
          AGENT_VERSION_NOT_SUPPORTED,
          ACCESS_CREDENTIALS_SYNCHRONIZED,
          HOT_VCPU_CHANGE,
          HOT_MEMORY_CHANGE,
          VOLUMES_CHANGE,
          DATA_VOLUMES_READY,
          MIGRATION_REQUIRED,
          EVICTION_REQUESTED,
          MIGRATION_ABORT_REQUESTED,
          MIGRATION_REJECTED_BY_RESOURCE_QUOTA);

  private ConditionType() {}
}
