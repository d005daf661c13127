package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** CD-ROM attachment (KubeVirt CDRomTarget). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CdromTarget extends ExtensibleObject {
  @JsonPropertyDescription("sata, scsi or usb.")
  private String bus;

  @JsonPropertyDescription("Read-only for the guest (default true).")
  private Boolean readonly;

  @JsonPropertyDescription("open or closed.")
  private String tray;

  public String getBus() {
    return bus;
  }

  public void setBus(String bus) {
    this.bus = bus;
  }

  public Boolean getReadonly() {
    return readonly;
  }

  public void setReadonly(Boolean readonly) {
    this.readonly = readonly;
  }

  public String getTray() {
    return tray;
  }

  public void setTray(String tray) {
    this.tray = tray;
  }
}
