package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** A volume (KubeVirt Volume): a name plus exactly one source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Volume extends ExtensibleObject {
  @JsonPropertyDescription("Volume name, referenced by a disk.")
  @Required
  private String name;

  @JsonPropertyDescription("A PVC: a filesystem PVC holding /disk.img or a block PVC.")
  private PersistentVolumeClaimVolumeSource persistentVolumeClaim;

  @JsonPropertyDescription("A CDI DataVolume.")
  private DataVolumeVolumeSource dataVolume;

  @JsonPropertyDescription(
      "A disk image inside a container image, used through an ephemeral overlay.")
  private ContainerDiskSource containerDisk;

  @JsonPropertyDescription("cloud-init NoCloud data, served as an ISO.")
  private CloudInitSource cloudInitNoCloud;

  @JsonPropertyDescription("cloud-init ConfigDrive data, served as an ISO.")
  private CloudInitSource cloudInitConfigDrive;

  @JsonPropertyDescription("A scratch disk that lives as long as the VirtualMachineInstance.")
  private EmptyDiskSource emptyDisk;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public PersistentVolumeClaimVolumeSource getPersistentVolumeClaim() {
    return persistentVolumeClaim;
  }

  public void setPersistentVolumeClaim(PersistentVolumeClaimVolumeSource persistentVolumeClaim) {
    this.persistentVolumeClaim = persistentVolumeClaim;
  }

  public DataVolumeVolumeSource getDataVolume() {
    return dataVolume;
  }

  public void setDataVolume(DataVolumeVolumeSource dataVolume) {
    this.dataVolume = dataVolume;
  }

  public ContainerDiskSource getContainerDisk() {
    return containerDisk;
  }

  public void setContainerDisk(ContainerDiskSource containerDisk) {
    this.containerDisk = containerDisk;
  }

  public CloudInitSource getCloudInitNoCloud() {
    return cloudInitNoCloud;
  }

  public void setCloudInitNoCloud(CloudInitSource cloudInitNoCloud) {
    this.cloudInitNoCloud = cloudInitNoCloud;
  }

  public CloudInitSource getCloudInitConfigDrive() {
    return cloudInitConfigDrive;
  }

  public void setCloudInitConfigDrive(CloudInitSource cloudInitConfigDrive) {
    this.cloudInitConfigDrive = cloudInitConfigDrive;
  }

  public EmptyDiskSource getEmptyDisk() {
    return emptyDisk;
  }

  public void setEmptyDisk(EmptyDiskSource emptyDisk) {
    this.emptyDisk = emptyDisk;
  }
}
