package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/**
 * Specification of a CDI DataVolume (subset of CDI DataVolumeSpec): where the data comes from and
 * the PVC it goes into. Fields this model does not name are kept.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSpec extends ExtensibleObject {
  @JsonPropertyDescription(
      "Where to import the data from: exactly one of http, blank, pvc, vddk, upload, registry, ...")
  private DataVolumeSource source;

  @JsonPropertyDescription(
      "The PVC to create; CDI fills unset fields from the StorageProfile. Preferred over pvc.")
  private StorageSpec storage;

  @JsonPropertyDescription("The PVC to create, as a PersistentVolumeClaimSpec taken literally.")
  private StorageSpec pvc;

  @JsonPropertyDescription("kubevirt (a disk image, the default) or archive (a tar to unpack).")
  private String contentType;

  @JsonPropertyDescription("Preallocate the target disk.")
  private Boolean preallocation;

  public DataVolumeSource getSource() {
    return source;
  }

  public void setSource(DataVolumeSource source) {
    this.source = source;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public StorageSpec getPvc() {
    return pvc;
  }

  public void setPvc(StorageSpec pvc) {
    this.pvc = pvc;
  }

  public String getContentType() {
    return contentType;
  }

  public void setContentType(String contentType) {
    this.contentType = contentType;
  }

  public Boolean getPreallocation() {
    return preallocation;
  }

  public void setPreallocation(Boolean preallocation) {
    this.preallocation = preallocation;
  }
}
