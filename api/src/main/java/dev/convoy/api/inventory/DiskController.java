package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The controller a disk hangs off.
 *
 * @param key the controller's device key
 * @param type the controller model
 * @param busNumber the controller's bus number
 * @param busSharing SCSI bus sharing: {@code noSharing}, {@code virtualSharing} or {@code
 *     physicalSharing}; null for other buses
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DiskController(Integer key, Type type, Integer busNumber, String busSharing) {

  /** Controller models. */
  public enum Type {
    @JsonProperty("pvscsi")
    PVSCSI,
    @JsonProperty("lsilogic")
    LSILOGIC,
    @JsonProperty("lsilogicSas")
    LSILOGIC_SAS,
    @JsonProperty("buslogic")
    BUSLOGIC,
    @JsonProperty("ide")
    IDE,
    @JsonProperty("sata")
    SATA,
    @JsonProperty("nvme")
    NVME,
    @JsonProperty("unknown")
    UNKNOWN
  }
}
