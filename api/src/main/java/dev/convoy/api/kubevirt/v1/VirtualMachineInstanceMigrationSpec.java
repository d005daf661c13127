package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import java.util.Map;

/**
 * Specification of a VirtualMachineInstanceMigration (KubeVirt
 * VirtualMachineInstanceMigrationSpec).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceMigrationSpec extends ExtensibleObject {
  @JsonPropertyDescription("Name of the VirtualMachineInstance to migrate, in the same namespace.")
  private String vmiName;

  @JsonPropertyDescription("Extra node selector for the target pod.")
  private Map<String, String> addedNodeSelector;

  public String getVmiName() {
    return vmiName;
  }

  public void setVmiName(String vmiName) {
    this.vmiName = vmiName;
  }

  public Map<String, String> getAddedNodeSelector() {
    return addedNodeSelector;
  }

  public void setAddedNodeSelector(Map<String, String> addedNodeSelector) {
    this.addedNodeSelector = addedNodeSelector;
  }
}
