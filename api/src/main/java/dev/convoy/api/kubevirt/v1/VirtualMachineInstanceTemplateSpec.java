package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import dev.convoy.api.UnvalidatedObjectSchema;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** Template of the VirtualMachineInstance a VirtualMachine creates: metadata plus spec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualMachineInstanceTemplateSpec extends ExtensibleObject {
  @JsonPropertyDescription("Labels and annotations copied onto the VirtualMachineInstance.")
  @SchemaFrom(type = UnvalidatedObjectSchema.class)
  private ObjectMeta metadata;

  @JsonPropertyDescription("Specification of the VirtualMachineInstance.")
  private VirtualMachineInstanceSpec spec;

  public ObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public VirtualMachineInstanceSpec getSpec() {
    return spec;
  }

  public void setSpec(VirtualMachineInstanceSpec spec) {
    this.spec = spec;
  }
}
