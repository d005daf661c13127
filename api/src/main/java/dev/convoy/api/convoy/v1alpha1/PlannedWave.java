package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Summary of one planned wave. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlannedWave {
  @JsonPropertyDescription("Wave name.")
  private String name;

  @JsonPropertyDescription("Names of the VMs in the wave.")
  private List<String> vms;

  @JsonPropertyDescription("Number of VMs.")
  private Integer vmCount;

  @JsonPropertyDescription("Number of disks.")
  private Integer diskCount;

  @JsonPropertyDescription("Provisioned disk size, in GiB.")
  private Double provisionedGiB;

  @JsonPropertyDescription("Estimated copy time at the plan's throughput.")
  private Long estimatedSeconds;

  @JsonPropertyDescription("The maintenance window the wave is planned into.")
  private MaintenanceWindow window;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getVms() {
    return vms;
  }

  public void setVms(List<String> vms) {
    this.vms = vms;
  }

  public Integer getVmCount() {
    return vmCount;
  }

  public void setVmCount(Integer vmCount) {
    this.vmCount = vmCount;
  }

  public Integer getDiskCount() {
    return diskCount;
  }

  public void setDiskCount(Integer diskCount) {
    this.diskCount = diskCount;
  }

  public Double getProvisionedGiB() {
    return provisionedGiB;
  }

  public void setProvisionedGiB(Double provisionedGiB) {
    this.provisionedGiB = provisionedGiB;
  }

  public Long getEstimatedSeconds() {
    return estimatedSeconds;
  }

  public void setEstimatedSeconds(Long estimatedSeconds) {
    this.estimatedSeconds = estimatedSeconds;
  }

  public MaintenanceWindow getWindow() {
    return window;
  }

  public void setWindow(MaintenanceWindow window) {
    this.window = window;
  }
}
