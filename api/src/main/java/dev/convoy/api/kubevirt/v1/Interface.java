package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * A guest network interface (KubeVirt Interface): one binding of masquerade, bridge or sriov, or a
 * binding plugin.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Interface extends ExtensibleObject {
  @JsonPropertyDescription("Name of the network this interface attaches to.")
  @Required
  private String name;

  @JsonPropertyDescription("Device model: virtio, e1000, e1000e, rtl8139, ...")
  private String model;

  @JsonPropertyDescription("MAC address, e.g. 02:00:00:12:34:56.")
  private String macAddress;

  @JsonPropertyDescription("Boot order, starting at 1; unique across disks and interfaces.")
  private Integer bootOrder;

  @JsonPropertyDescription("Guest PCI address.")
  private String pciAddress;

  @JsonPropertyDescription("NAT behind the pod IP.")
  private InterfaceMasquerade masquerade;

  @JsonPropertyDescription("Bridge to the network; the guest gets the pod IP on the pod network.")
  private InterfaceBridge bridge;

  @JsonPropertyDescription("SR-IOV virtual function passthrough.")
  private InterfaceSriov sriov;

  @JsonPropertyDescription("Ports forwarded to the guest (masquerade).")
  private List<Port> ports;

  @JsonPropertyDescription("up, down or absent.")
  private String state;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public String getMacAddress() {
    return macAddress;
  }

  public void setMacAddress(String macAddress) {
    this.macAddress = macAddress;
  }

  public Integer getBootOrder() {
    return bootOrder;
  }

  public void setBootOrder(Integer bootOrder) {
    this.bootOrder = bootOrder;
  }

  public String getPciAddress() {
    return pciAddress;
  }

  public void setPciAddress(String pciAddress) {
    this.pciAddress = pciAddress;
  }

  public InterfaceMasquerade getMasquerade() {
    return masquerade;
  }

  public void setMasquerade(InterfaceMasquerade masquerade) {
    this.masquerade = masquerade;
  }

  public InterfaceBridge getBridge() {
    return bridge;
  }

  public void setBridge(InterfaceBridge bridge) {
    this.bridge = bridge;
  }

  public InterfaceSriov getSriov() {
    return sriov;
  }

  public void setSriov(InterfaceSriov sriov) {
    this.sriov = sriov;
  }

  public List<Port> getPorts() {
    return ports;
  }

  public void setPorts(List<Port> ports) {
    this.ports = ports;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }
}
