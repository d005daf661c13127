package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The firmware a VM boots with. */
public enum Firmware {
  @JsonProperty("bios")
  BIOS,
  @JsonProperty("efi")
  EFI
}
