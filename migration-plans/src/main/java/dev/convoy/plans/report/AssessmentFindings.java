package dev.convoy.plans.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.plans.report.WaveReport.VmFinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the per-VM findings out of an assessment report ({@code convoy assess -o json|yaml}, schema
 * {@code convoy.dev/assessment/v1}) for the wave report. Only the fields the wave report shows are
 * read, so the assessment may grow without breaking it.
 */
public final class AssessmentFindings {
  /** The assessment schema this reader understands. */
  public static final String SCHEMA_VERSION = "convoy.dev/assessment/v1";

  private AssessmentFindings() {}

  /** The assessment cannot be used; the message names the file and the problem. */
  public static final class InvalidAssessmentException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidAssessmentException(String message) {
      super(message);
    }
  }

  /**
   * Findings per VM key ({@code sourceId:id}, or {@code id} without a source), in report order.
   *
   * @param origin names the file in messages
   */
  public static Map<String, List<VmFinding>> parse(String text, String origin)
      throws InvalidAssessmentException {
    JsonNode root;
    try {
      root = Serialization.yaml().readTree(text);
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      throw new InvalidAssessmentException(
          origin
              + (location == null ? "" : ":" + location.getLineNr() + ":" + location.getColumnNr())
              + ": not JSON or YAML: "
              + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidAssessmentException(origin + ": not an assessment report");
    }
    String version = root.path("schemaVersion").asText("");
    if (!SCHEMA_VERSION.equals(version)) {
      throw new InvalidAssessmentException(
          origin
              + ": schemaVersion is '"
              + version
              + "', expected '"
              + SCHEMA_VERSION
              + "' (write it with convoy assess -o json)");
    }
    Map<String, List<VmFinding>> findings = new LinkedHashMap<>();
    for (JsonNode vm : root.path("vms")) {
      String id = vm.path("id").asText(null);
      if (id == null) {
        continue;
      }
      String source = vm.path("sourceId").asText(null);
      List<VmFinding> list = new ArrayList<>();
      for (JsonNode finding : vm.path("findings")) {
        list.add(
            new VmFinding(
                finding.path("severity").asText("Info"),
                finding.path("ruleId").asText(""),
                finding.path("message").asText("")));
      }
      findings.put(source == null ? id : source + ":" + id, list);
    }
    return findings;
  }
}
