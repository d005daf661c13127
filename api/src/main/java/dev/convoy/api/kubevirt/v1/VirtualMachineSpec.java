package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * Desired state of a VirtualMachine (KubeVirt VirtualMachineSpec). Fields this model does not name
 * are kept in the additional properties, so a read-modify-write never drops them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineSpec extends ExtensibleObject {
  @JsonPropertyDescription(
      "Deprecated, use runStrategy. true means Always, false means Halted. Mutually exclusive with runStrategy.")
  private Boolean running;

  @JsonPropertyDescription(
      "When a VirtualMachineInstance runs: Always, RerunOnFailure, Manual, Halted, Once or WaitAsReceiver. Halted when neither running nor runStrategy is set.")
  private String runStrategy;

  @JsonPropertyDescription("The VirtualMachineInstance created when the VirtualMachine starts.")
  @Required
  private VirtualMachineInstanceTemplateSpec template;

  @JsonPropertyDescription("CDI DataVolumes created with the VirtualMachine and deleted with it.")
  private List<DataVolumeTemplateSpec> dataVolumeTemplates;

  public Boolean getRunning() {
    return running;
  }

  public void setRunning(Boolean running) {
    this.running = running;
  }

  public String getRunStrategy() {
    return runStrategy;
  }

  public void setRunStrategy(String runStrategy) {
    this.runStrategy = runStrategy;
  }

  public VirtualMachineInstanceTemplateSpec getTemplate() {
    return template;
  }

  public void setTemplate(VirtualMachineInstanceTemplateSpec template) {
    this.template = template;
  }

  public List<DataVolumeTemplateSpec> getDataVolumeTemplates() {
    return dataVolumeTemplates;
  }

  public void setDataVolumeTemplates(List<DataVolumeTemplateSpec> dataVolumeTemplates) {
    this.dataVolumeTemplates = dataVolumeTemplates;
  }
}
