package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;

/** CPU topology and model (KubeVirt CPU). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Cpu extends ExtensibleObject {
  @JsonPropertyDescription("Cores per socket.")
  private Integer cores;

  @JsonPropertyDescription("Number of sockets.")
  private Integer sockets;

  @JsonPropertyDescription("Threads per core.")
  private Integer threads;

  @JsonPropertyDescription("Maximum sockets for CPU hotplug.")
  private Integer maxSockets;

  @JsonPropertyDescription("CPU model: host-model, host-passthrough or a named libvirt model.")
  private String model;

  @JsonPropertyDescription("Pin each vCPU to a dedicated host CPU.")
  private Boolean dedicatedCpuPlacement;

  @JsonPropertyDescription("Give the emulator thread its own host CPU.")
  private Boolean isolateEmulatorThread;

  public Integer getCores() {
    return cores;
  }

  public void setCores(Integer cores) {
    this.cores = cores;
  }

  public Integer getSockets() {
    return sockets;
  }

  public void setSockets(Integer sockets) {
    this.sockets = sockets;
  }

  public Integer getThreads() {
    return threads;
  }

  public void setThreads(Integer threads) {
    this.threads = threads;
  }

  public Integer getMaxSockets() {
    return maxSockets;
  }

  public void setMaxSockets(Integer maxSockets) {
    this.maxSockets = maxSockets;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public Boolean getDedicatedCpuPlacement() {
    return dedicatedCpuPlacement;
  }

  public void setDedicatedCpuPlacement(Boolean dedicatedCpuPlacement) {
    this.dedicatedCpuPlacement = dedicatedCpuPlacement;
  }

  public Boolean getIsolateEmulatorThread() {
    return isolateEmulatorThread;
  }

  public void setIsolateEmulatorThread(Boolean isolateEmulatorThread) {
    this.isolateEmulatorThread = isolateEmulatorThread;
  }
}
