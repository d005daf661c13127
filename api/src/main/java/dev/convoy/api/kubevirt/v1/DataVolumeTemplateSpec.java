package dev.convoy.api.kubevirt.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.convoy.api.ExtensibleObject;
import dev.convoy.api.UnvalidatedObjectSchema;
import dev.convoy.api.cdi.v1beta1.DataVolumeSpec;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** A CDI DataVolume owned by a VirtualMachine (KubeVirt DataVolumeTemplateSpec). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataVolumeTemplateSpec extends ExtensibleObject {
  private String apiVersion;

  private String kind;

  @JsonPropertyDescription("Name, labels and annotations of the DataVolume.")
  @SchemaFrom(type = UnvalidatedObjectSchema.class)
  private ObjectMeta metadata;

  @JsonPropertyDescription("DataVolume specification (cdi.kubevirt.io/v1beta1).")
  @Required
  private DataVolumeSpec spec;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public ObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  public DataVolumeSpec getSpec() {
    return spec;
  }

  public void setSpec(DataVolumeSpec spec) {
    this.spec = spec;
  }
}
