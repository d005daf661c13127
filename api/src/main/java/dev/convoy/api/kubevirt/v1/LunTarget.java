package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** SCSI LUN attachment (KubeVirt LunTarget). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LunTarget extends ExtensibleObject {
  @JsonPropertyDescription("scsi.")
  private String bus;

  @JsonPropertyDescription("Read-only for the guest.")
  private Boolean readonly;

  @JsonPropertyDescription("Allow SCSI persistent reservations.")
  private Boolean reservation;

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

  public Boolean getReservation() {
    return reservation;
  }

  public void setReservation(Boolean reservation) {
    this.reservation = reservation;
  }
}
