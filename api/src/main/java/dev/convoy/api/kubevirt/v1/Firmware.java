package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Firmware settings (KubeVirt Firmware). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Firmware extends ExtensibleObject {
  @JsonPropertyDescription("SMBIOS system UUID of the guest.")
  private String uuid;

  @JsonPropertyDescription("SMBIOS system serial number of the guest.")
  private String serial;

  @JsonPropertyDescription("BIOS or EFI.")
  private Bootloader bootloader;

  public String getUuid() {
    return uuid;
  }

  public void setUuid(String uuid) {
    this.uuid = uuid;
  }

  public String getSerial() {
    return serial;
  }

  public void setSerial(String serial) {
    this.serial = serial;
  }

  public Bootloader getBootloader() {
    return bootloader;
  }

  public void setBootloader(Bootloader bootloader) {
    this.bootloader = bootloader;
  }
}
