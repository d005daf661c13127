package dev.convoy.api.kubevirt.v1;

import java.util.List;

/** Values of {@code spec.evictionStrategy} of a VirtualMachineInstance. */
public final class EvictionStrategy {
  /** A drain stops the VirtualMachineInstance. */
  public static final String NONE = "None";

  /** A drain live-migrates the VirtualMachineInstance; eviction is blocked until it has moved. */
  public static final String LIVE_MIGRATE = "LiveMigrate";

  /** LiveMigrate when the VirtualMachineInstance is live-migratable, otherwise None. */
  public static final String LIVE_MIGRATE_IF_POSSIBLE = "LiveMigrateIfPossible";

  /** Eviction is blocked and status.evacuationNodeName is set for an external controller. */
  public static final String EXTERNAL = "External";

  /** Every value above, in KubeVirt's order. */
  public static final List<String> ALL =
      List.of(NONE, LIVE_MIGRATE, LIVE_MIGRATE_IF_POSSIBLE, EXTERNAL);

  private EvictionStrategy() {}
}
