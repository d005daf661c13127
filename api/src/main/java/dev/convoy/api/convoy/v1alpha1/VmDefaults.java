package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Settings applied to every generated VirtualMachine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmDefaults {
  @JsonPropertyDescription(
      "Bus of the migrated disks: virtio (fast; the guest needs virtio drivers), scsi (virtio-scsi for disks on a source SCSI controller) or sata (boots any guest). IDE and SATA source disks stay sata.")
  @Pattern("^(virtio|scsi|sata)$")
  @Default("virtio")
  private String diskBus = "virtio";

  @JsonPropertyDescription("Model of the migrated NICs: virtio, e1000e or e1000.")
  @Pattern("^(virtio|e1000e|e1000)$")
  @Default("virtio")
  private String nicModel = "virtio";

  @JsonPropertyDescription(
      "runStrategy of the generated VirtualMachines (Always, Halted, Manual, RerunOnFailure, Once).")
  @Pattern("^(Always|Halted|Manual|RerunOnFailure|Once)$")
  private String runStrategy;

  @JsonPropertyDescription(
      "Keep the source MAC addresses, so guest network configuration bound to a MAC keeps working.")
  @Default("true")
  private Boolean preserveMacs = true;

  public String getDiskBus() {
    return diskBus;
  }

  public void setDiskBus(String diskBus) {
    this.diskBus = diskBus;
  }

  public String getNicModel() {
    return nicModel;
  }

  public void setNicModel(String nicModel) {
    this.nicModel = nicModel;
  }

  public String getRunStrategy() {
    return runStrategy;
  }

  public void setRunStrategy(String runStrategy) {
    this.runStrategy = runStrategy;
  }

  public Boolean getPreserveMacs() {
    return preserveMacs;
  }

  public void setPreserveMacs(Boolean preserveMacs) {
    this.preserveMacs = preserveMacs;
  }
}
