package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;

/** Virtual hardware of a VirtualMachineInstance (KubeVirt DomainSpec). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DomainSpec extends ExtensibleObject {
  @JsonPropertyDescription("Resource requests and limits of the launcher pod.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("CPU topology and model.")
  private Cpu cpu;

  @JsonPropertyDescription("Guest memory.")
  private Memory memory;

  @JsonPropertyDescription("Machine type.")
  private Machine machine;

  @JsonPropertyDescription("Firmware: UUID, serial, BIOS or EFI.")
  private Firmware firmware;

  @JsonPropertyDescription(
      "Hypervisor features such as ACPI, APIC, SMM and Hyper-V enlightenments.")
  private Features features;

  @JsonPropertyDescription("Guest clock and timers.")
  private Clock clock;

  @JsonPropertyDescription("Disks, interfaces and other devices.")
  @Required
  private Devices devices;

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Cpu getCpu() {
    return cpu;
  }

  public void setCpu(Cpu cpu) {
    this.cpu = cpu;
  }

  public Memory getMemory() {
    return memory;
  }

  public void setMemory(Memory memory) {
    this.memory = memory;
  }

  public Machine getMachine() {
    return machine;
  }

  public void setMachine(Machine machine) {
    this.machine = machine;
  }

  public Firmware getFirmware() {
    return firmware;
  }

  public void setFirmware(Firmware firmware) {
    this.firmware = firmware;
  }

  public Features getFeatures() {
    return features;
  }

  public void setFeatures(Features features) {
    this.features = features;
  }

  public Clock getClock() {
    return clock;
  }

  public void setClock(Clock clock) {
    this.clock = clock;
  }

  public Devices getDevices() {
    return devices;
  }

  public void setDevices(Devices devices) {
    this.devices = devices;
  }
}
