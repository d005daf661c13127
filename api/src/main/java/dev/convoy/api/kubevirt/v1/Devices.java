package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.List;

/** Devices of a VirtualMachineInstance (KubeVirt Devices). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Devices extends ExtensibleObject {
  @JsonPropertyDescription("Disks, each backed by the volume of the same name.")
  private List<Disk> disks;

  @JsonPropertyDescription("Network interfaces, each attached to the network of the same name.")
  private List<Interface> interfaces;

  @JsonPropertyDescription(
      "Add a default interface on the pod network when none is given (default true).")
  private Boolean autoattachPodInterface;

  @JsonPropertyDescription("Attach a serial console (default true).")
  private Boolean autoattachSerialConsole;

  @JsonPropertyDescription("Attach a VGA device and VNC (default true).")
  private Boolean autoattachGraphicsDevice;

  @JsonPropertyDescription("Attach a virtio memory balloon (default true).")
  private Boolean autoattachMemBalloon;

  @JsonPropertyDescription("Attach a tablet input device.")
  private Boolean autoattachInputDevice;

  @JsonPropertyDescription("One virtio-net queue per vCPU.")
  private Boolean networkInterfaceMultiqueue;

  public List<Disk> getDisks() {
    return disks;
  }

  public void setDisks(List<Disk> disks) {
    this.disks = disks;
  }

  public List<Interface> getInterfaces() {
    return interfaces;
  }

  public void setInterfaces(List<Interface> interfaces) {
    this.interfaces = interfaces;
  }

  public Boolean getAutoattachPodInterface() {
    return autoattachPodInterface;
  }

  public void setAutoattachPodInterface(Boolean autoattachPodInterface) {
    this.autoattachPodInterface = autoattachPodInterface;
  }

  public Boolean getAutoattachSerialConsole() {
    return autoattachSerialConsole;
  }

  public void setAutoattachSerialConsole(Boolean autoattachSerialConsole) {
    this.autoattachSerialConsole = autoattachSerialConsole;
  }

  public Boolean getAutoattachGraphicsDevice() {
    return autoattachGraphicsDevice;
  }

  public void setAutoattachGraphicsDevice(Boolean autoattachGraphicsDevice) {
    this.autoattachGraphicsDevice = autoattachGraphicsDevice;
  }

  public Boolean getAutoattachMemBalloon() {
    return autoattachMemBalloon;
  }

  public void setAutoattachMemBalloon(Boolean autoattachMemBalloon) {
    this.autoattachMemBalloon = autoattachMemBalloon;
  }

  public Boolean getAutoattachInputDevice() {
    return autoattachInputDevice;
  }

  public void setAutoattachInputDevice(Boolean autoattachInputDevice) {
    this.autoattachInputDevice = autoattachInputDevice;
  }

  public Boolean getNetworkInterfaceMultiqueue() {
    return networkInterfaceMultiqueue;
  }

  public void setNetworkInterfaceMultiqueue(Boolean networkInterfaceMultiqueue) {
    this.networkInterfaceMultiqueue = networkInterfaceMultiqueue;
  }
}
