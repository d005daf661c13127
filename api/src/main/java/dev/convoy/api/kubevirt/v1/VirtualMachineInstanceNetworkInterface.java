package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.List;

/**
 * A guest network interface as reported in status (KubeVirt
 * VirtualMachineInstanceNetworkInterface).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceNetworkInterface extends ExtensibleObject {
  @JsonPropertyDescription("Name of the network of the interface.")
  private String name;

  @JsonPropertyDescription("First IP address of the interface.")
  private String ipAddress;

  @JsonPropertyDescription("All IP addresses of the interface.")
  private List<String> ipAddresses;

  @JsonPropertyDescription("MAC address.")
  private String mac;

  @JsonPropertyDescription("Interface name inside the guest.")
  private String interfaceName;

  @JsonPropertyDescription("Interface name in the launcher pod.")
  private String podInterfaceName;

  @JsonPropertyDescription("Where the data comes from: domain, guest-agent, multus-status.")
  private String infoSource;

  @JsonPropertyDescription("Number of queues.")
  private Integer queueCount;

  @JsonPropertyDescription("up or down.")
  private String linkState;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getIpAddress() {
    return ipAddress;
  }

  public void setIpAddress(String ipAddress) {
    this.ipAddress = ipAddress;
  }

  public List<String> getIpAddresses() {
    return ipAddresses;
  }

  public void setIpAddresses(List<String> ipAddresses) {
    this.ipAddresses = ipAddresses;
  }

  public String getMac() {
    return mac;
  }

  public void setMac(String mac) {
    this.mac = mac;
  }

  public String getInterfaceName() {
    return interfaceName;
  }

  public void setInterfaceName(String interfaceName) {
    this.interfaceName = interfaceName;
  }

  public String getPodInterfaceName() {
    return podInterfaceName;
  }

  public void setPodInterfaceName(String podInterfaceName) {
    this.podInterfaceName = podInterfaceName;
  }

  public String getInfoSource() {
    return infoSource;
  }

  public void setInfoSource(String infoSource) {
    this.infoSource = infoSource;
  }

  public Integer getQueueCount() {
    return queueCount;
  }

  public void setQueueCount(Integer queueCount) {
    this.queueCount = queueCount;
  }

  public String getLinkState() {
    return linkState;
  }

  public void setLinkState(String linkState) {
    this.linkState = linkState;
  }
}
