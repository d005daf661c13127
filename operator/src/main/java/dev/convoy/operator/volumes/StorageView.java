package dev.convoy.operator.volumes;

import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.cdi.v1beta1.DataVolumePhase;
import dev.convoy.api.kubevirt.v1.Volume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pure functions from a list of KubeVirt volumes and the PVCs/DataVolumes that exist to {@link
 * VolumeFacts}.
 *
 * <p>A {@code persistentVolumeClaim} volume needs its PVC; a {@code dataVolume} volume needs its
 * DataVolume to have succeeded (when DataVolumes are served at all) and the PVC of the same name.
 * Without the CDI CRD a dataVolume volume is satisfied by a PVC of that name alone, which is how a
 * pre-populated claim works.
 */
public final class StorageView {

  private StorageView() {}

  /**
   * The claim names (PVC or DataVolume) that {@code volumes} refer to, in order, without
   * duplicates.
   */
  public static Set<String> claimNames(List<Volume> volumes) {
    Set<String> out = new LinkedHashSet<>();
    if (volumes != null) {
      for (Volume v : volumes) {
        String claim = claimName(v);
        if (claim != null) {
          out.add(claim);
        }
      }
    }
    return out;
  }

  /** The claim a volume mounts, or null when it is not backed by a PVC. */
  public static String claimName(Volume v) {
    if (v.getPersistentVolumeClaim() != null) {
      return v.getPersistentVolumeClaim().getClaimName();
    }
    if (v.getDataVolume() != null) {
      return v.getDataVolume().getName();
    }
    return null;
  }

  /**
   * Computes the facts.
   *
   * @param volumes the VM template's or VMI's volumes (may be null)
   * @param pvcs existing PVCs of the namespace by name (only those referenced are looked at)
   * @param dataVolumes existing DataVolumes of the namespace by name; ignored when {@code
   *     dataVolumesServed} is false
   * @param dataVolumesServed whether the cluster serves cdi.kubevirt.io DataVolumes
   */
  public static VolumeFacts facts(
      List<Volume> volumes,
      Map<String, PersistentVolumeClaim> pvcs,
      Map<String, DataVolume> dataVolumes,
      boolean dataVolumesServed) {
    List<String> missing = new ArrayList<>();
    List<String> unbound = new ArrayList<>();
    List<String> provisioning = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    if (volumes == null) {
      return VolumeFacts.READY;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Volume v : volumes) {
      String claim = claimName(v);
      if (claim == null || !seen.add(claim)) {
        continue;
      }
      if (v.getDataVolume() != null && dataVolumesServed) {
        DataVolume dv = dataVolumes.get(claim);
        if (dv != null) {
          String phase = dv.getStatus() == null ? null : dv.getStatus().getPhase();
          if (DataVolumePhase.FAILED.equals(phase)) {
            failed.add(claim);
            continue;
          }
          if (!DataVolumePhase.SUCCEEDED.equals(phase)) {
            provisioning.add(claim);
            continue;
          }
        }
      }
      PersistentVolumeClaim pvc = pvcs.get(claim);
      if (pvc == null) {
        missing.add(claim);
      } else if (!isBound(pvc)) {
        unbound.add(claim);
      }
    }
    return new VolumeFacts(missing, unbound, provisioning, failed);
  }

  /**
   * A PVC is usable once Bound. A PVC without status (a bare API server, a test) counts as Pending.
   */
  public static boolean isBound(PersistentVolumeClaim pvc) {
    return pvc.getStatus() != null && "Bound".equals(pvc.getStatus().getPhase());
  }
}
