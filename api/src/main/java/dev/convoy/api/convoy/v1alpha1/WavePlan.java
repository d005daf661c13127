package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** How the selected VMs are grouped into waves; exactly one of explicit or auto. */
@ValidationRule(
    value = "has(self.explicit) != has(self.auto)",
    message = "exactly one of explicit or auto must be set")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WavePlan {
  @JsonPropertyDescription("Waves listed by hand, migrated in this order.")
  private List<ExplicitWave> explicit;

  @JsonPropertyDescription(
      "Waves computed from move groups, dependencies, environments, priorities and capacity caps.")
  private AutoWaves auto;

  public List<ExplicitWave> getExplicit() {
    return explicit;
  }

  public void setExplicit(List<ExplicitWave> explicit) {
    this.explicit = explicit;
  }

  public AutoWaves getAuto() {
    return auto;
  }

  public void setAuto(AutoWaves auto) {
    this.auto = auto;
  }
}
