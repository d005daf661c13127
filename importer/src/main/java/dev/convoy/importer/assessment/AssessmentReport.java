package dev.convoy.importer.assessment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The result of assessing an inventory: per-VM findings, target findings and counts. Serialised as
 * JSON/YAML with {@code schemaVersion} {@value #SCHEMA_VERSION}.
 *
 * @param rulesVersion changes whenever a rule is added, removed or changes meaning, so saved
 *     reports can be told apart (like Forklift's RULES_VERSION)
 * @param target what was known about the target
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "schemaVersion",
  "rulesVersion",
  "generatedAt",
  "summary",
  "target",
  "targetFindings",
  "vms"
})
public record AssessmentReport(
    String schemaVersion,
    int rulesVersion,
    String generatedAt,
    Summary summary,
    Target target,
    List<Finding> targetFindings,
    List<VmAssessment> vms) {

  public static final String SCHEMA_VERSION = "convoy.dev/assessment/v1";

  /**
   * Counts over the whole report.
   *
   * @param vmsBlocked VMs with at least one Critical finding
   * @param vmsWithWarnings VMs whose worst finding is a Warning
   * @param vmsClean VMs with Info findings at most
   */
  public record Summary(
      int vms,
      int vmsBlocked,
      int vmsWithWarnings,
      int vmsClean,
      int critical,
      int warning,
      int info) {}

  /**
   * One VM's findings, worst first.
   *
   * @param worst the most severe finding's severity, null when there is none
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VmAssessment(
      String id, String name, String sourceId, Severity worst, List<Finding> findings) {}

  /** Whether any finding (VM or target) has {@code severity} or worse. */
  public boolean hasAtLeast(Severity severity) {
    return targetFindings.stream().anyMatch(f -> f.severity().compareTo(severity) <= 0)
        || vms.stream().anyMatch(v -> v.worst() != null && v.worst().compareTo(severity) <= 0);
  }
}
