package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A guest disk (KubeVirt Disk): exactly one of disk, cdrom or lun. */
// Renamed properties would otherwise be written last.
@JsonPropertyOrder({
  "name",
  "disk",
  "cdrom",
  "lun",
  "bootOrder",
  "serial",
  "cache",
  "io",
  "dedicatedIOThread",
  "shareable",
  "errorPolicy"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Disk extends ExtensibleObject {
  @JsonPropertyDescription("Name of the volume backing this disk.")
  @Required
  private String name;

  @JsonPropertyDescription("Attach as a disk.")
  private DiskTarget disk;

  @JsonPropertyDescription("Attach as a CD-ROM.")
  private CdromTarget cdrom;

  @JsonPropertyDescription("Attach as a SCSI LUN.")
  private LunTarget lun;

  @JsonPropertyDescription("Boot order, starting at 1; unique across disks and interfaces.")
  private Integer bootOrder;

  @JsonPropertyDescription("Serial number shown to the guest.")
  private String serial;

  @JsonPropertyDescription("Host cache mode: none, writethrough or writeback.")
  private String cache;

  @JsonPropertyDescription("I/O mode: native, threads or default.")
  private String io;

  @JsonPropertyDescription("Give this disk its own I/O thread.")
  @JsonProperty("dedicatedIOThread")
  private Boolean dedicatedIoThread;

  @JsonPropertyDescription("Allow several VMs to write the disk.")
  private Boolean shareable;

  @JsonPropertyDescription("What an I/O error does: stop, ignore, report or enospace.")
  private String errorPolicy;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public DiskTarget getDisk() {
    return disk;
  }

  public void setDisk(DiskTarget disk) {
    this.disk = disk;
  }

  public CdromTarget getCdrom() {
    return cdrom;
  }

  public void setCdrom(CdromTarget cdrom) {
    this.cdrom = cdrom;
  }

  public LunTarget getLun() {
    return lun;
  }

  public void setLun(LunTarget lun) {
    this.lun = lun;
  }

  public Integer getBootOrder() {
    return bootOrder;
  }

  public void setBootOrder(Integer bootOrder) {
    this.bootOrder = bootOrder;
  }

  public String getSerial() {
    return serial;
  }

  public void setSerial(String serial) {
    this.serial = serial;
  }

  public String getCache() {
    return cache;
  }

  public void setCache(String cache) {
    this.cache = cache;
  }

  public String getIo() {
    return io;
  }

  public void setIo(String io) {
    this.io = io;
  }

  public Boolean getDedicatedIoThread() {
    return dedicatedIoThread;
  }

  public void setDedicatedIoThread(Boolean dedicatedIoThread) {
    this.dedicatedIoThread = dedicatedIoThread;
  }

  public Boolean getShareable() {
    return shareable;
  }

  public void setShareable(Boolean shareable) {
    this.shareable = shareable;
  }

  public String getErrorPolicy() {
    return errorPolicy;
  }

  public void setErrorPolicy(String errorPolicy) {
    this.errorPolicy = errorPolicy;
  }
}
