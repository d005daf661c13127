package dev.convoy.api.convoy.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A maintenance window in which a wave may run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceWindow {
  @JsonPropertyDescription("Local start, ISO 8601 without offset, e.g. 2026-10-03T22:00.")
  @Required
  private String start;

  @JsonPropertyDescription("Local end, ISO 8601 without offset, after start.")
  @Required
  private String end;

  @JsonPropertyDescription("IANA time zone of start and end, e.g. Europe/Berlin. UTC when unset.")
  private String timeZone;

  public String getStart() {
    return start;
  }

  public void setStart(String start) {
    this.start = start;
  }

  public String getEnd() {
    return end;
  }

  public void setEnd(String end) {
    this.end = end;
  }

  public String getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    this.timeZone = timeZone;
  }
}
