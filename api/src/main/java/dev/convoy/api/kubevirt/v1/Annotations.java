package dev.convoy.api.kubevirt.v1;

/** Annotation keys KubeVirt sets and reads. */
public final class Annotations {
  /** On a launcher pod: name of the VirtualMachineInstance its domain belongs to. */
  public static final String DOMAIN = "kubevirt.io/domain";

  /** On a Node: last heartbeat of the node agent, RFC 3339. */
  public static final String HEARTBEAT = "kubevirt.io/heartbeat";

  /** On a migration target pod: name of the VirtualMachineInstanceMigration. */
  public static final String MIGRATION_JOB_NAME = "kubevirt.io/migrationJobName";

  /** On a VirtualMachineInstanceMigration created by a node drain. */
  public static final String EVACUATION_MIGRATION = "kubevirt.io/evacuationMigration";

  private Annotations() {}
}
