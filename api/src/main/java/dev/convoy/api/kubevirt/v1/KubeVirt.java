package dev.convoy.api.kubevirt.v1;

/** The API group and version Convoy serves with KubeVirt's names. */
public final class KubeVirt {

  /** API group. */
  public static final String GROUP = "kubevirt.io";

  /** API version. */
  public static final String VERSION = "v1";

  /** {@code apiVersion} of the objects. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Default {@code spec.terminationGracePeriodSeconds} of a VirtualMachineInstance. */
  public static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

  private KubeVirt() {}
}
