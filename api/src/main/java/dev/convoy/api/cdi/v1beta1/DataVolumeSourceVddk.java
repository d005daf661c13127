package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.convoy.api.ExtensibleObject;

/** VMware VDDK import source (CDI DataVolumeSourceVDDK). */
// Renamed properties would otherwise be written last.
@JsonPropertyOrder({
  "url",
  "uuid",
  "backingFile",
  "thumbprint",
  "secretRef",
  "initImageURL",
  "certConfigMap"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSourceVddk extends ExtensibleObject {
  @JsonPropertyDescription("vCenter or ESXi URL, e.g. https://vcenter.example.com.")
  private String url;

  @JsonPropertyDescription("BIOS UUID of the VM.")
  private String uuid;

  @JsonPropertyDescription("Path of the disk, e.g. [datastore1] vm/vm.vmdk.")
  private String backingFile;

  @JsonPropertyDescription("SHA-1 fingerprint of the server certificate.")
  private String thumbprint;

  @JsonPropertyDescription("Secret with the user and password.")
  private String secretRef;

  @JsonPropertyDescription("Image holding the VDDK library.")
  @JsonProperty("initImageURL")
  private String initImageUrl;

  @JsonPropertyDescription("ConfigMap with the CA bundle of the server.")
  private String certConfigMap;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getUuid() {
    return uuid;
  }

  public void setUuid(String uuid) {
    this.uuid = uuid;
  }

  public String getBackingFile() {
    return backingFile;
  }

  public void setBackingFile(String backingFile) {
    this.backingFile = backingFile;
  }

  public String getThumbprint() {
    return thumbprint;
  }

  public void setThumbprint(String thumbprint) {
    this.thumbprint = thumbprint;
  }

  public String getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(String secretRef) {
    this.secretRef = secretRef;
  }

  public String getInitImageUrl() {
    return initImageUrl;
  }

  public void setInitImageUrl(String initImageUrl) {
    this.initImageUrl = initImageUrl;
  }

  public String getCertConfigMap() {
    return certConfigMap;
  }

  public void setCertConfigMap(String certConfigMap) {
    this.certConfigMap = certConfigMap;
  }
}
