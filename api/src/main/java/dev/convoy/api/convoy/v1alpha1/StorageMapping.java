package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Maps one source datastore to a storage class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageMapping {
  @JsonPropertyDescription(
      "Name of the source datastore, or * for every datastore without a mapping of its own and for disks outside any datastore (OVA/OVF).")
  @Required
  private String source;

  @JsonPropertyDescription("Storage class of the PVCs for disks on that datastore.")
  @Required
  private String storageClass;

  @JsonPropertyDescription("Filesystem or Block; the storage profile decides when unset.")
  @Pattern("^(Filesystem|Block)$")
  private String volumeMode;

  @JsonPropertyDescription(
      "ReadWriteOnce, ReadWriteMany or ReadOnlyMany; the storage profile decides when unset.")
  @Pattern("^(ReadWriteOnce|ReadWriteMany|ReadOnlyMany|ReadWriteOncePod)$")
  private String accessMode;

  public String getSource() {
    return source;
  }

  public void setSource(String source) {
    this.source = source;
  }

  public String getStorageClass() {
    return storageClass;
  }

  public void setStorageClass(String storageClass) {
    this.storageClass = storageClass;
  }

  public String getVolumeMode() {
    return volumeMode;
  }

  public void setVolumeMode(String volumeMode) {
    this.volumeMode = volumeMode;
  }

  public String getAccessMode() {
    return accessMode;
  }

  public void setAccessMode(String accessMode) {
    this.accessMode = accessMode;
  }
}
