package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * Bounded concurrency of disk transfers (Forklift's per-host transfer slots). A slot is one disk
 * being copied; a VM starts when all of its remaining disks fit. 0 means unlimited.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionLimits {
  @JsonPropertyDescription(
      "Disk transfers at once over the whole migration. Defaults to waves.auto.caps.maxConcurrentDisks when set, else unlimited; 0 means unlimited.")
  @Min(0)
  private Integer total;

  @JsonPropertyDescription(
      "Disk transfers at once reading from one ESXi host. Default 20 (Forklift's MAX_VM_INFLIGHT); 0 means unlimited.")
  @Min(0)
  private Integer perHost;

  @JsonPropertyDescription(
      "Disk transfers at once reading from one datastore. Default 20; 0 means unlimited.")
  @Min(0)
  private Integer perDatastore;

  @JsonPropertyDescription(
      "Disk transfers at once writing to one storage class. Default 20; 0 means unlimited.")
  @Min(0)
  private Integer perStorageClass;

  public Integer getTotal() {
    return total;
  }

  public void setTotal(Integer total) {
    this.total = total;
  }

  public Integer getPerHost() {
    return perHost;
  }

  public void setPerHost(Integer perHost) {
    this.perHost = perHost;
  }

  public Integer getPerDatastore() {
    return perDatastore;
  }

  public void setPerDatastore(Integer perDatastore) {
    this.perDatastore = perDatastore;
  }

  public Integer getPerStorageClass() {
    return perStorageClass;
  }

  public void setPerStorageClass(Integer perStorageClass) {
    this.perStorageClass = perStorageClass;
  }
}
