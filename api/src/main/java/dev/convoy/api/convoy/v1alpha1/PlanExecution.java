package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the plan's waves are executed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanExecution {
  @JsonPropertyDescription(
      "How many disk transfers run at once, overall and per source host, datastore and storage class.")
  private ExecutionLimits limits;

  public ExecutionLimits getLimits() {
    return limits;
  }

  public void setLimits(ExecutionLimits limits) {
    this.limits = limits;
  }
}
