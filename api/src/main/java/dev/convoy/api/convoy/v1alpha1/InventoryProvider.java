package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An inventory read from a file instead of a live source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InventoryProvider {
  @JsonPropertyDescription(
      "Path of the inventory file (Convoy inventory JSON/YAML or RVTools .xlsx).")
  @Required
  private String file;

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }
}
