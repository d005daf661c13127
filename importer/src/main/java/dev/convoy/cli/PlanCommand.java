package dev.convoy.cli;

import dev.convoy.api.convoy.v1alpha1.AutoWaves;
import dev.convoy.api.inventory.InventoryCodec.InvalidInventoryException;
import dev.convoy.plans.PlanOutput;
import dev.convoy.plans.PlanWorkflow;
import dev.convoy.plans.PlanWorkflow.InventoryUnavailableException;
import dev.convoy.plans.PlanWorkflow.Planned;
import dev.convoy.plans.manifests.ManifestWriter;
import dev.convoy.plans.parse.InvalidPlanException;
import dev.convoy.plans.report.AssessmentFindings;
import dev.convoy.plans.report.WaveReport;
import dev.convoy.plans.resolve.PlanResolver;
import dev.convoy.plans.yaml.YamlProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy plan PLAN.yaml}: validates a plan against its inventory and prints the waves with
 * the reason every VM sits where it does; optionally writes the HTML report.
 */
@Command(
    name = "plan",
    description = {
      "Plan migration waves from a plan YAML and an inventory, and explain every placement.",
      "Exit code 3 for an invalid plan, 5 when a hard constraint cannot be met."
    })
public final class PlanCommand implements Callable<Integer> {
  /** Output formats of {@code -o}. */
  enum Format {
    table,
    json,
    yaml
  }

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PLAN.yaml",
      description = "The plan (convoy.dev/v1alpha1 MigrationPlan).")
  Path planFile;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description =
          "Inventory file(s) from convoy inventory (merged when repeated); default: the plan's"
              + " source.provider.inventory.file.")
  List<Path> inventories = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default), json or yaml.",
      defaultValue = "table")
  Format format;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Also write the HTML report.")
  Path report;

  @Option(
      names = "--assessment",
      paramLabel = "FILE",
      description =
          "An assessment report (convoy assess -o json) whose findings the HTML report shows per VM.")
  Path assessment;

  @Override
  public Integer call() {
    Planned planned = planOrExplain(planFile, inventories, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    String name = planned.resolved().planName();
    switch (format) {
      case json -> out.print(PlanOutput.json(document(planned)));
      case yaml -> out.print(PlanOutput.yaml(document(planned)));
      default -> out.print(PlanOutput.table(name, planned.waves(), throughputText(planned)));
    }
    out.flush();
    if (report != null) {
      String html =
          WaveReport.render(
              new WaveReport.Input(
                  name,
                  planned.waves(),
                  planned.resolved().warnings(),
                  throughputText(planned),
                  findings(),
                  Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
      Path absolute = report.toAbsolutePath().normalize();
      try {
        ManifestWriter.writeFile(absolute, html);
      } catch (IOException e) {
        throw UserException.unavailable(
            "cannot write the report " + report + ": " + e.getMessage(), e);
      }
      spec.commandLine().getErr().println("convoy: wrote the report to " + report);
    }
    return exitCode(planned);
  }

  private Map<String, List<WaveReport.VmFinding>> findings() {
    if (assessment == null) {
      return Map.of();
    }
    try {
      return AssessmentFindings.parse(Files.readString(assessment), assessment.toString());
    } catch (AssessmentFindings.InvalidAssessmentException e) {
      throw UserException.invalidInput(e.getMessage());
    } catch (IOException e) {
      throw UserException.invalidInput("cannot read the assessment " + assessment + ": " + e);
    }
  }

  private static PlanOutput.Document document(Planned planned) {
    return PlanOutput.document(
        planned.resolved().planName(), planned.waves(), planned.resolved().warnings());
  }

  /** Exit code for a planned result: BLOCKED when a hard constraint is not met. */
  static int exitCode(Planned planned) {
    return planned.waves().hasErrors() ? ExitCodes.BLOCKED : ExitCodes.OK;
  }

  /**
   * Runs the plan workflow and turns every kind of bad input into a {@link UserException} whose
   * message lists all positioned problems; prints plan warnings to {@code err}.
   */
  static Planned planOrExplain(Path planFile, List<Path> inventories, PrintWriter err) {
    Planned planned;
    try {
      planned = PlanWorkflow.plan(planFile, inventories);
    } catch (InvalidPlanException e) {
      throw UserException.invalidInput(problems(e.problems()));
    } catch (InvalidInventoryException e) {
      throw UserException.invalidInput(e.getMessage());
    } catch (InventoryUnavailableException e) {
      throw UserException.invalidInput(e.getMessage());
    } catch (IOException e) {
      throw UserException.invalidInput("cannot read " + e.getMessage());
    }
    for (YamlProblem warning : planned.resolved().warnings()) {
      err.println("convoy: warning: " + warning);
    }
    return planned;
  }

  static String problems(List<YamlProblem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    StringBuilder message = new StringBuilder(problems.size() + " problems in the plan:");
    for (YamlProblem problem : problems) {
      message.append(System.lineSeparator()).append("  ").append(problem);
    }
    return message.toString();
  }

  static String throughputText(Planned planned) {
    var waves = planned.resolved().parsed().plan().getSpec().getWaves();
    AutoWaves auto = waves == null ? null : waves.getAuto();
    Integer mibps = auto == null ? null : auto.getThroughputMiBps();
    if (mibps == null) {
      return PlanResolver.DEFAULT_THROUGHPUT_MIBPS + " MiB/s (assumed default)";
    }
    return mibps
        + " MiB/s ("
        + (Boolean.TRUE.equals(auto.getThroughputMeasured()) ? "measured" : "assumed")
        + ")";
  }
}
