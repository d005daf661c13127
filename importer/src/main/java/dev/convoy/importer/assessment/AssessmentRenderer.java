package dev.convoy.importer.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.convoy.api.inventory.InventoryCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders an assessment report as a table, JSON, YAML or a self-contained HTML page. */
public final class AssessmentRenderer {
  private AssessmentRenderer() {}

  /** JSON or YAML with the inventory's conventions (sorted maps, indented). */
  public static String serialise(AssessmentReport report, InventoryCodec.Format format) {
    try {
      String text = InventoryCodec.mapper(format).writeValueAsString(report);
      return format == InventoryCodec.Format.JSON ? text + System.lineSeparator() : text;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the report", e);
    }
  }

  /** One line per finding, grouped by VM, with a summary. */
  public static String table(AssessmentReport report) {
    StringBuilder out = new StringBuilder();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"VM", "SEVERITY", "RULE", "FINDING"});
    for (Finding f : report.targetFindings()) {
      rows.add(new String[] {"(target)", f.severity().label(), f.ruleId(), f.message()});
    }
    for (AssessmentReport.VmAssessment vm : report.vms()) {
      if (vm.findings().isEmpty()) {
        rows.add(new String[] {vm.name(), "-", "-", "no findings"});
      }
      for (Finding f : vm.findings()) {
        rows.add(new String[] {vm.name(), f.severity().label(), f.ruleId(), f.message()});
      }
    }
    int[] widths = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
      }
      out.append(line).append(row[3]).append('\n');
    }
    AssessmentReport.Summary s = report.summary();
    out.append(
        String.format(
            Locale.ROOT,
            "%n%d VMs: %d blocked by Critical findings, %d with warnings, %d clean. Findings: %d"
                + " Critical, %d Warning, %d Info. Remediation per rule: docs/assessment.md%n",
            s.vms(),
            s.vmsBlocked(),
            s.vmsWithWarnings(),
            s.vmsClean(),
            s.critical(),
            s.warning(),
            s.info()));
    return out.toString();
  }

  /** A self-contained HTML page (no scripts, no external resources). */
  public static String html(AssessmentReport report) {
    StringBuilder out = new StringBuilder();
    AssessmentReport.Summary s = report.summary();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Convoy assessment</title><style>")
        .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
        .append(
            ".Critical{background:#f8d7da}.Warning{background:#fff3cd}.Info{background:#e7f1ff}")
        .append("</style></head><body>\n<h1>Convoy assessment</h1>\n<p>")
        .append(s.vms())
        .append(" VMs: ")
        .append(s.vmsBlocked())
        .append(" blocked by Critical findings, ")
        .append(s.vmsWithWarnings())
        .append(" with warnings, ")
        .append(s.vmsClean())
        .append(" clean. Findings: ")
        .append(s.critical())
        .append(" Critical, ")
        .append(s.warning())
        .append(" Warning, ")
        .append(s.info())
        .append(" Info. Generated ")
        .append(escape(report.generatedAt()))
        .append(", rules version ")
        .append(report.rulesVersion())
        .append(".</p>\n");
    if (!report.targetFindings().isEmpty()) {
      out.append(
          "<h2>Target</h2>\n<table><tr><th>Severity</th><th>Rule</th><th>Finding</th><th>Remediation</th></tr>\n");
      for (Finding f : report.targetFindings()) {
        row(out, f);
      }
      out.append("</table>\n");
    }
    out.append(
        "<h2>VMs</h2>\n<table><tr><th>VM</th><th>Severity</th><th>Rule</th><th>Finding</th><th>Remediation</th></tr>\n");
    for (AssessmentReport.VmAssessment vm : report.vms()) {
      if (vm.findings().isEmpty()) {
        out.append("<tr><td>")
            .append(escape(vm.name()))
            .append("</td><td colspan=\"4\">no findings</td></tr>\n");
      }
      for (Finding f : vm.findings()) {
        out.append("<tr class=\"")
            .append(f.severity().label())
            .append("\"><td>")
            .append(escape(vm.name()))
            .append("</td>");
        out.append("<td>")
            .append(f.severity().label())
            .append("</td><td><code>")
            .append(escape(f.ruleId()))
            .append("</code></td><td>")
            .append(escape(f.message()))
            .append("</td><td>")
            .append(escape(f.remediation()))
            .append("</td></tr>\n");
      }
    }
    out.append("</table>\n</body></html>\n");
    return out.toString();
  }

  private static void row(StringBuilder out, Finding f) {
    out.append("<tr class=\"")
        .append(f.severity().label())
        .append("\"><td>")
        .append(f.severity().label())
        .append("</td><td><code>")
        .append(escape(f.ruleId()))
        .append("</code></td><td>")
        .append(escape(f.message()))
        .append("</td><td>")
        .append(escape(f.remediation()))
        .append("</td></tr>\n");
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
