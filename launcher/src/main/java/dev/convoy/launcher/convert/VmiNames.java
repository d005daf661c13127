package dev.convoy.launcher.convert;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Names and identities derived from a VMI's metadata. */
public final class VmiNames {
  /** The namespace of a VMI that names none, as in kubectl. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** KubeVirt's default {@code terminationGracePeriodSeconds}. */
  public static final long DEFAULT_GRACE_PERIOD_SECONDS = 30;

  private VmiNames() {}

  public static String namespace(VirtualMachineInstance vmi) {
    String namespace = vmi.getMetadata() == null ? null : vmi.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty() ? DEFAULT_NAMESPACE : namespace;
  }

  /** The libvirt domain name: {@code <namespace>_<name>}, as KubeVirt names it. */
  public static String domainName(VirtualMachineInstance vmi) {
    return namespace(vmi) + "_" + vmi.getMetadata().getName();
  }

  /**
   * The BIOS/domain UUID when {@code spec.domain.firmware.uuid} is not set: derived from namespace
   * and name only, so it stays the same across restarts of the same VM (guests bind licences and
   * network configuration to it), unlike the VMI's UID.
   */
  public static String derivedFirmwareUuid(VirtualMachineInstance vmi) {
    String key = "convoy.dev/firmware-uuid/" + namespace(vmi) + "/" + vmi.getMetadata().getName();
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** {@code terminationGracePeriodSeconds}, or KubeVirt's default of 30 when unset. */
  public static long gracePeriodSeconds(VirtualMachineInstance vmi) {
    Long grace = vmi.getSpec() == null ? null : vmi.getSpec().getTerminationGracePeriodSeconds();
    return grace == null ? DEFAULT_GRACE_PERIOD_SECONDS : grace;
  }
}
