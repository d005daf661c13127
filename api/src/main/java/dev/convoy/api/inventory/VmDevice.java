package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A device other than a disk, NIC or disk controller whose presence matters for migration.
 *
 * @param kind what the device is
 * @param type the source's own type name, e.g. {@code VirtualUSBController}
 * @param summary the source's one-line description (backing, file, host device)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VmDevice(Integer key, Kind kind, String type, String label, String summary) {

  /** The device kinds Convoy recognises. */
  public enum Kind {
    @JsonProperty("usbController")
    USB_CONTROLLER,
    @JsonProperty("usbDevice")
    USB_DEVICE,
    @JsonProperty("serialPort")
    SERIAL_PORT,
    @JsonProperty("parallelPort")
    PARALLEL_PORT,
    @JsonProperty("pciPassthrough")
    PCI_PASSTHROUGH,
    @JsonProperty("scsiPassthrough")
    SCSI_PASSTHROUGH,
    @JsonProperty("cdrom")
    CDROM,
    @JsonProperty("floppy")
    FLOPPY,
    @JsonProperty("tpm")
    TPM,
    @JsonProperty("nvdimm")
    NVDIMM,
    @JsonProperty("sound")
    SOUND,
    @JsonProperty("other")
    OTHER
  }
}
