package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** OVA/OVF files on a path the importer can read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OvaProvider {
  @JsonPropertyDescription("An .ova or .ovf file, or a directory searched one level deep.")
  @Required
  private String path;

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }
}
