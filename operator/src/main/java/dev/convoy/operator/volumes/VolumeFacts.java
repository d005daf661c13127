package dev.convoy.operator.volumes;

import java.util.List;

/**
 * What the storage behind a VM's or VMI's volumes looks like right now, as far as starting it is
 * concerned. Built by {@link VolumeFacts#of}; read by the printableStatus and VMI phase
 * computations.
 *
 * @param missingClaims claims named by a volume for which neither a PVC nor a DataVolume exists
 * @param unboundClaims PVCs that exist but are not Bound yet (phase Pending)
 * @param provisioningDataVolumes DataVolumes that exist and are still importing/cloning/uploading
 * @param failedDataVolumes DataVolumes in phase Failed, with the reason when CDI gave one
 */
public record VolumeFacts(
    List<String> missingClaims,
    List<String> unboundClaims,
    List<String> provisioningDataVolumes,
    List<String> failedDataVolumes) {

  /** Storage that is all there and bound. */
  public static final VolumeFacts READY =
      new VolumeFacts(List.of(), List.of(), List.of(), List.of());

  public VolumeFacts {
    missingClaims = List.copyOf(missingClaims);
    unboundClaims = List.copyOf(unboundClaims);
    provisioningDataVolumes = List.copyOf(provisioningDataVolumes);
    failedDataVolumes = List.copyOf(failedDataVolumes);
  }

  /**
   * True when a launcher pod may be created: no claim is missing and every DataVolume has
   * succeeded. An unbound PVC does not block (as in KubeVirt): a WaitForFirstConsumer claim binds
   * only once a pod that uses it is scheduled.
   */
  public boolean podMayStart() {
    return missingClaims.isEmpty()
        && provisioningDataVolumes.isEmpty()
        && failedDataVolumes.isEmpty();
  }
}
