package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** Legacy BIOS settings (KubeVirt BIOS). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Bios extends ExtensibleObject {
  @JsonPropertyDescription("Send BIOS output to the serial console.")
  private Boolean useSerial;

  public Boolean getUseSerial() {
    return useSerial;
  }

  public void setUseSerial(Boolean useSerial) {
    this.useSerial = useSerial;
  }
}
