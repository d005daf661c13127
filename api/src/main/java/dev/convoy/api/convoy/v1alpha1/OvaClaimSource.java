package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A PersistentVolumeClaim in the target namespace, as Kubernetes' volume names it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OvaClaimSource {
  @JsonPropertyDescription("The claim's name; it is mounted read-only.")
  @Required
  private String claimName;

  public String getClaimName() {
    return claimName;
  }

  public void setClaimName(String claimName) {
    this.claimName = claimName;
  }
}
