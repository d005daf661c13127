package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** UEFI settings (KubeVirt EFI). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Efi extends ExtensibleObject {
  @JsonPropertyDescription("Enable Secure Boot (KubeVirt default true when efi is set).")
  private Boolean secureBoot;

  @JsonPropertyDescription("Keep the EFI variable store across restarts.")
  private Boolean persistent;

  public Boolean getSecureBoot() {
    return secureBoot;
  }

  public void setSecureBoot(Boolean secureBoot) {
    this.secureBoot = secureBoot;
  }

  public Boolean getPersistent() {
    return persistent;
  }

  public void setPersistent(Boolean persistent) {
    this.persistent = persistent;
  }
}
