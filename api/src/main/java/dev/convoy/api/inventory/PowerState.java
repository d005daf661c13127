package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A VM's power state, with vSphere's names. */
public enum PowerState {
  @JsonProperty("poweredOn")
  POWERED_ON,
  @JsonProperty("poweredOff")
  POWERED_OFF,
  @JsonProperty("suspended")
  SUSPENDED
}
