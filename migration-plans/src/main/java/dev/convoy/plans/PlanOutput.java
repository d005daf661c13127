package dev.convoy.plans;

import dev.convoy.api.Serialization;
import dev.convoy.plans.waves.CutoverWindow;
import dev.convoy.plans.waves.Durations;
import dev.convoy.plans.waves.PlacementReason;
import dev.convoy.plans.waves.PlanIssue;
import dev.convoy.plans.waves.Wave;
import dev.convoy.plans.waves.WavePlan;
import dev.convoy.plans.waves.WaveVm;
import dev.convoy.plans.yaml.YamlProblem;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The planned waves as a table for people, or as JSON/YAML for tools. */
public final class PlanOutput {
  private static final DateTimeFormatter WINDOW_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private PlanOutput() {}

  /** The machine-readable form: one document with the waves, their VMs and reasons, the issues. */
  public record Document(
      String plan,
      int vmCount,
      int waveCount,
      boolean throughputMeasured,
      List<WaveDocument> waves,
      List<String> issues,
      List<String> warnings) {}

  /** One wave in the machine-readable form. */
  public record WaveDocument(
      int number,
      String name,
      String environment,
      int vmCount,
      int diskCount,
      long provisionedBytes,
      long estimatedSeconds,
      String windowStart,
      String windowEnd,
      String windowTimeZone,
      List<VmDocument> vms) {}

  /** One VM of a wave in the machine-readable form. */
  public record VmDocument(
      String name,
      String id,
      int diskCount,
      long provisionedBytes,
      String environment,
      int priority,
      List<PlacementReason> reasons) {}

  /** The document for {@code plan}. */
  public static Document document(String planName, WavePlan plan, List<YamlProblem> warnings) {
    List<WaveDocument> waves = new ArrayList<>();
    for (Wave wave : plan.waves()) {
      List<VmDocument> vms = new ArrayList<>();
      for (WaveVm vm : wave.vms()) {
        vms.add(
            new VmDocument(
                vm.name(),
                vm.id(),
                vm.diskCount(),
                vm.provisionedBytes(),
                vm.environment(),
                vm.priority(),
                vm.reasons()));
      }
      CutoverWindow window = wave.window();
      waves.add(
          new WaveDocument(
              wave.number(),
              wave.name(),
              wave.environment(),
              wave.vms().size(),
              wave.diskCount(),
              wave.provisionedBytes(),
              wave.estimatedDuration().getSeconds(),
              window == null ? null : window.start().toOffsetDateTime().toString(),
              window == null ? null : window.end().toOffsetDateTime().toString(),
              window == null ? null : window.start().getZone().getId(),
              vms));
    }
    return new Document(
        planName,
        plan.vmCount(),
        plan.waves().size(),
        plan.throughputMeasured(),
        waves,
        plan.issues().stream().map(PlanIssue::toString).toList(),
        warnings.stream().map(YamlProblem::toString).toList());
  }

  /** JSON text of the document. */
  public static String json(Document document) {
    try {
      return Serialization.json().writerWithDefaultPrettyPrinter().writeValueAsString(document)
          + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** YAML text of the document. */
  public static String yaml(Document document) {
    return Serialization.toYaml(document);
  }

  /** A table of the waves, then each wave's VMs with their reasons, then the issues. */
  public static String table(String planName, WavePlan plan, String throughputText) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "Plan %s: %d VMs in %d waves (throughput %s)%n%n",
            planName, plan.vmCount(), plan.waves().size(), throughputText));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {"WAVE", "ENV", "VMS", "DISKS", "PROVISIONED", "EST. DURATION", "WINDOW"});
    for (Wave wave : plan.waves()) {
      rows.add(
          new String[] {
            wave.name(),
            wave.environment() == null ? "-" : wave.environment(),
            Integer.toString(wave.vms().size()),
            Integer.toString(wave.diskCount()),
            size(wave.provisionedBytes()),
            Durations.format(wave.estimatedDuration()),
            window(wave.window())
          });
    }
    appendTable(out, rows, "");
    for (Wave wave : plan.waves()) {
      out.append(String.format("%n%s%n", wave.name()));
      List<String[]> vmRows = new ArrayList<>();
      vmRows.add(new String[] {"VM", "DISKS", "PROVISIONED", "REASONS"});
      for (WaveVm vm : wave.vms()) {
        List<String> reasons = vm.reasons().stream().map(PlacementReason::toString).toList();
        vmRows.add(
            new String[] {
              vm.name(),
              Integer.toString(vm.diskCount()),
              size(vm.provisionedBytes()),
              String.join("; ", reasons)
            });
      }
      appendTable(out, vmRows, "  ");
    }
    if (!plan.issues().isEmpty()) {
      out.append(String.format("%nIssues:%n"));
      plan.issues().forEach(i -> out.append("  ").append(i).append(System.lineSeparator()));
    }
    return out.toString();
  }

  private static void appendTable(StringBuilder out, List<String[]> rows, String indent) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns - 1; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < columns; c++) {
        line.append(c == columns - 1 ? row[c] : pad(row[c], widths[c] + 2));
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  /** {@code 12.5 GiB}, {@code 1.0 MiB}. */
  public static String size(long bytes) {
    double gib = bytes / (1024.0 * 1024 * 1024);
    if (gib >= 1) {
      return String.format(Locale.ROOT, "%.1f GiB", gib);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  /** {@code 2026-12-05 22:00 → 2026-12-06 02:00 Europe/Berlin}, or {@code -}. */
  public static String window(CutoverWindow window) {
    if (window == null) {
      return "-";
    }
    return WINDOW_TIME.format(window.start())
        + " → "
        + WINDOW_TIME.format(window.end())
        + " "
        + window.start().getZone().getId();
  }
}
