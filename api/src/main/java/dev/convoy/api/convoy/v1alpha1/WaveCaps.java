package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Capacity limits of one wave. Unset means no limit. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WaveCaps {
  @JsonPropertyDescription("Maximum number of VMs in a wave.")
  @Min(1)
  private Integer maxVms;

  @JsonPropertyDescription("Maximum provisioned disk size of a wave, in GiB.")
  @Min(1)
  private Long maxProvisionedGiB;

  @JsonPropertyDescription("Maximum number of disks copied at the same time.")
  @Min(1)
  private Integer maxConcurrentDisks;

  public Integer getMaxVms() {
    return maxVms;
  }

  public void setMaxVms(Integer maxVms) {
    this.maxVms = maxVms;
  }

  public Long getMaxProvisionedGiB() {
    return maxProvisionedGiB;
  }

  public void setMaxProvisionedGiB(Long maxProvisionedGiB) {
    this.maxProvisionedGiB = maxProvisionedGiB;
  }

  public Integer getMaxConcurrentDisks() {
    return maxConcurrentDisks;
  }

  public void setMaxConcurrentDisks(Integer maxConcurrentDisks) {
    this.maxConcurrentDisks = maxConcurrentDisks;
  }
}
