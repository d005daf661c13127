package dev.convoy.api.cdi.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Source of a DataVolume (CDI DataVolumeSource): exactly one field is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeSource extends ExtensibleObject {
  @JsonPropertyDescription("Import from an HTTP(S) URL.")
  private DataVolumeSourceHttp http;

  @JsonPropertyDescription("Create an empty disk.")
  private DataVolumeBlankImage blank;

  @JsonPropertyDescription("Clone another PVC.")
  private DataVolumeSourcePvc pvc;

  @JsonPropertyDescription("Import a VMware disk through VDDK.")
  private DataVolumeSourceVddk vddk;

  @JsonPropertyDescription("Wait for an upload through the CDI upload proxy.")
  private DataVolumeSourceUpload upload;

  @JsonPropertyDescription("Import a disk image from a container registry.")
  private DataVolumeSourceRegistry registry;

  public DataVolumeSourceHttp getHttp() {
    return http;
  }

  public void setHttp(DataVolumeSourceHttp http) {
    this.http = http;
  }

  public DataVolumeBlankImage getBlank() {
    return blank;
  }

  public void setBlank(DataVolumeBlankImage blank) {
    this.blank = blank;
  }

  public DataVolumeSourcePvc getPvc() {
    return pvc;
  }

  public void setPvc(DataVolumeSourcePvc pvc) {
    this.pvc = pvc;
  }

  public DataVolumeSourceVddk getVddk() {
    return vddk;
  }

  public void setVddk(DataVolumeSourceVddk vddk) {
    this.vddk = vddk;
  }

  public DataVolumeSourceUpload getUpload() {
    return upload;
  }

  public void setUpload(DataVolumeSourceUpload upload) {
    this.upload = upload;
  }

  public DataVolumeSourceRegistry getRegistry() {
    return registry;
  }

  public void setRegistry(DataVolumeSourceRegistry registry) {
    this.registry = registry;
  }
}
