package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Boot firmware: exactly one of bios or efi (KubeVirt Bootloader). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Bootloader extends ExtensibleObject {
  @JsonPropertyDescription("Legacy BIOS.")
  private Bios bios;

  @JsonPropertyDescription("UEFI firmware.")
  private Efi efi;

  public Bios getBios() {
    return bios;
  }

  public void setBios(Bios bios) {
    this.bios = bios;
  }

  public Efi getEfi() {
    return efi;
  }

  public void setEfi(Efi efi) {
    this.efi = efi;
  }
}
