package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Disk attachment (KubeVirt DiskTarget). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiskTarget extends ExtensibleObject {
  @JsonPropertyDescription("virtio, sata, scsi or usb.")
  private String bus;

  @JsonPropertyDescription("Read-only for the guest.")
  private Boolean readonly;

  @JsonPropertyDescription("Guest PCI address, e.g. 0000:81:01.10.")
  private String pciAddress;

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

  public String getPciAddress() {
    return pciAddress;
  }

  public void setPciAddress(String pciAddress) {
    this.pciAddress = pciAddress;
  }
}
