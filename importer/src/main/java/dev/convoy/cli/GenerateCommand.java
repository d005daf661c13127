package dev.convoy.cli;

import dev.convoy.plans.PlanWorkflow.Planned;
import dev.convoy.plans.manifests.GeneratedFile;
import dev.convoy.plans.manifests.ManifestGenerator;
import dev.convoy.plans.manifests.ManifestGenerator.DiskMode;
import dev.convoy.plans.manifests.ManifestWriter;
import dev.convoy.plans.waves.PlanIssue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy generate PLAN.yaml --out DIR}: plans the waves and writes, per wave, a folder with
 * a kustomization.yaml and each VM's disks and VirtualMachine. All or nothing: on any error the
 * output folder is left as it was.
 */
@Command(
    name = "generate",
    description = {
      "Generate KubeVirt manifests per wave (wave-01/, ...) from a plan: VirtualMachines plus",
      "their disks as PVCs (Convoy's importer) or CDI DataVolumes (--disks=cdi)."
    })
public final class GenerateCommand implements Callable<Integer> {
  /** Values of {@code --disks}. */
  enum Disks {
    pvc,
    cdi
  }

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "PLAN.yaml",
      description = "The plan (convoy.dev/v1alpha1 MigrationPlan).")
  Path planFile;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder; replaced as a whole.")
  Path out;

  @Option(
      names = "--disks",
      paramLabel = "pvc|cdi",
      description = "pvc (default): PVCs filled by Convoy's importer; cdi: CDI DataVolumes.",
      defaultValue = "pvc")
  Disks disks;

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description = "Inventory file(s) (merged when repeated); default: the plan's own.")
  List<Path> inventories = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Planned planned = PlanCommand.planOrExplain(planFile, inventories, err);
    if (planned.waves().hasErrors()) {
      StringBuilder message =
          new StringBuilder("the plan cannot meet its hard constraints; nothing was written:");
      for (PlanIssue issue : planned.waves().issues()) {
        if (issue.severity() == PlanIssue.Severity.ERROR) {
          message.append(System.lineSeparator()).append("  ").append(issue);
        }
      }
      throw new UserException(ExitCodes.BLOCKED, message.toString());
    }
    List<GeneratedFile> files =
        ManifestGenerator.generate(
            planned.resolved(), planned.waves(), disks == Disks.cdi ? DiskMode.CDI : DiskMode.PVC);
    try {
      ManifestWriter.write(
          out, files, "plan " + planned.resolved().planName() + " (" + planFile + ")\n");
    } catch (ManifestWriter.TargetNotOursException e) {
      throw UserException.invalidInput(e.getMessage());
    } catch (IOException e) {
      throw UserException.unavailable(
          "cannot write " + out + " (" + e + "); nothing was changed", e);
    }
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        "Wrote %d files for %d VMs in %d waves to %s%n",
        files.size(), planned.waves().vmCount(), planned.waves().waves().size(), out);
    for (PlanIssue issue : planned.waves().issues()) {
      err.println("convoy: " + issue);
    }
    return ExitCodes.OK;
  }
}
