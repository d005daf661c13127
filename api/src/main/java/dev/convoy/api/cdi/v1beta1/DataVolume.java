package dev.convoy.api.cdi.v1beta1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * CDI's DataVolume ({@code cdi.kubevirt.io/v1beta1}): imports data into a PVC. CDI owns this CRD;
 * Convoy only reads and writes DataVolumes, so no CRD is generated for it (the api pom excludes
 * this package from CRD generation).
 */
@Group(DataVolume.GROUP)
@Version(DataVolume.VERSION)
@Plural("datavolumes")
@ShortNames({"dv", "dvs"})
public class DataVolume extends CustomResource<DataVolumeSpec, DataVolumeStatus>
    implements Namespaced {

  /** API group. */
  public static final String GROUP = "cdi.kubevirt.io";

  /** API version. */
  public static final String VERSION = "v1beta1";
}
