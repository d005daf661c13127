package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirements;
import java.util.List;

/**
 * The PVC a DataVolume creates (CDI StorageSpec; the same fields of a PersistentVolumeClaimSpec for
 * spec.pvc).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec extends ExtensibleObject {
  @JsonPropertyDescription("ReadWriteOnce, ReadWriteMany, ReadOnlyMany or ReadWriteOncePod.")
  private List<String> accessModes;

  @JsonPropertyDescription("Filesystem or Block (storage also takes FromStorageProfile).")
  private String volumeMode;

  @JsonPropertyDescription("requests.storage is the size of the PVC.")
  private VolumeResourceRequirements resources;

  @JsonPropertyDescription("Storage class of the PVC.")
  private String storageClassName;

  public List<String> getAccessModes() {
    return accessModes;
  }

  public void setAccessModes(List<String> accessModes) {
    this.accessModes = accessModes;
  }

  public String getVolumeMode() {
    return volumeMode;
  }

  public void setVolumeMode(String volumeMode) {
    this.volumeMode = volumeMode;
  }

  public VolumeResourceRequirements getResources() {
    return resources;
  }

  public void setResources(VolumeResourceRequirements resources) {
    this.resources = resources;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
