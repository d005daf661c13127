package dev.convoy.importer.assessment;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much a finding matters, Forklift's three levels. */
public enum Severity {
  /** The VM cannot be migrated as it is; fix it first. */
  @JsonProperty("Critical")
  CRITICAL,
  /** The VM migrates, but something will be lost or must be done by hand. */
  @JsonProperty("Warning")
  WARNING,
  /** Worth knowing; nothing to do. */
  @JsonProperty("Info")
  INFO;

  /** The name used in reports: Critical, Warning, Info. */
  public String label() {
    return switch (this) {
      case CRITICAL -> "Critical";
      case WARNING -> "Warning";
      case INFO -> "Info";
    };
  }
}
