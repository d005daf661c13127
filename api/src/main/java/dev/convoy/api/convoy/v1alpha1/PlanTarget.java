package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** Where the VMs of a plan go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanTarget {
  @JsonPropertyDescription("Namespace of the generated VirtualMachines, DataVolumes and PVCs.")
  @Required
  private String namespace;

  @JsonPropertyDescription(
      "Source datastore to storage class. Every datastore of a selected VM must be mapped.")
  private List<StorageMapping> storageMap;

  @JsonPropertyDescription(
      "Source network to pod network or Multus network. Every network of a selected VM must be mapped.")
  private List<NetworkMapping> networkMap;

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public List<StorageMapping> getStorageMap() {
    return storageMap;
  }

  public void setStorageMap(List<StorageMapping> storageMap) {
    this.storageMap = storageMap;
  }

  public List<NetworkMapping> getNetworkMap() {
    return networkMap;
  }

  public void setNetworkMap(List<NetworkMapping> networkMap) {
    this.networkMap = networkMap;
  }
}
