package dev.convoy.cli;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.assessment.AssessmentRenderer;
import dev.convoy.importer.assessment.AssessmentReport;
import dev.convoy.importer.assessment.Assessor;
import dev.convoy.importer.assessment.KubernetesTargetReader;
import dev.convoy.importer.assessment.Severity;
import dev.convoy.importer.assessment.TargetFile;
import dev.convoy.importer.inventory.InventoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy assess}: what will not migrate cleanly, with remediation. */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = {
      "Assess VMs from a live source or a saved inventory: what will not migrate cleanly, with"
          + " remediation (rules: docs/assessment.md).",
      "",
      "Every finding has a rule id, a severity (Critical, Warning, Info), a message and a"
          + " remediation. With --target, the target is checked too: storage class, free capacity"
          + " and quota.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  no finding at or above --fail-on",
      "  2  usage error",
      "  3  invalid input (source or target file)",
      "  4  vCenter unreachable, TLS certificate untrusted, login refused",
      "  5  findings at or above --fail-on (default: Critical) block the migration"
    })
public final class AssessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SourceOptions source;

  /** Output formats. */
  enum Format {
    table,
    json,
    yaml,
    html
  }

  /** When the exit code says "blocked". */
  enum FailOn {
    critical,
    warning,
    never
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json, yaml or html (default: ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the report to FILE (atomically) instead of standard output.")
  Path out;

  @Option(
      names = "--target",
      paramLabel = "FILE",
      description =
          "YAML/JSON describing the target: namespace, storageClass, storageClasses (name,"
              + " availableBytes), quotaBytes, warm, maxDisksPerVm.")
  Path target;

  @Option(
      names = "--kube",
      description =
          "Read the target from a Kubernetes cluster: storage classes, CSIStorageCapacity and the"
              + " namespace's ResourceQuota (kubeconfig: --kubeconfig, else KUBECONFIG or"
              + " ~/.kube/config).")
  boolean kube;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig to use with --kube.")
  Path kubeconfig;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "The target namespace (for the quota check).")
  String namespace;

  @Option(
      names = "--storage-class",
      paramLabel = "NAME",
      description =
          "The storage class the disks will use (with --kube: default is the cluster's default class).")
  String storageClass;

  @Option(
      names = "--migration",
      paramLabel = "TYPE",
      description = "cold or warm: cold migration does not need changed block tracking.")
  MigrationType migration;

  /** Cold or warm migration. */
  enum MigrationType {
    cold,
    warm
  }

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      defaultValue = "critical",
      description =
          "Exit with 5 when a finding is at least: critical, warning or never (default: ${DEFAULT-VALUE}).")
  FailOn failOn;

  /** The target from --kube, --target and the flags (flags win). */
  private dev.convoy.importer.assessment.Target target() throws InventoryException {
    Boolean warm = migration == null ? null : migration == MigrationType.warm;
    dev.convoy.importer.assessment.Target base;
    if (kube) {
      if (target != null) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--kube and --target exclude each other");
      }
      io.fabric8.kubernetes.client.Config config;
      try {
        config =
            kubeconfig == null
                ? io.fabric8.kubernetes.client.Config.autoConfigure(null)
                : io.fabric8.kubernetes.client.Config.fromKubeconfig(
                    java.nio.file.Files.readString(kubeconfig));
      } catch (IOException | RuntimeException e) {
        throw InventoryException.invalid(
            "cannot read kubeconfig " + kubeconfig + ": " + e.getMessage());
      }
      try (io.fabric8.kubernetes.client.KubernetesClient client =
          new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
        return KubernetesTargetReader.read(
            client,
            namespace != null ? namespace : client.getNamespace(),
            storageClass,
            warm,
            null);
      } catch (IllegalStateException | io.fabric8.kubernetes.client.KubernetesClientException e) {
        throw new InventoryException(
            InventoryException.Kind.UNAVAILABLE,
            "reading the target cluster: " + e.getMessage(),
            e);
      }
    }
    base =
        target == null ? dev.convoy.importer.assessment.Target.unknown() : TargetFile.read(target);
    return new dev.convoy.importer.assessment.Target(
        namespace != null ? namespace : base.namespace(),
        storageClass != null ? storageClass : base.storageClass(),
        base.storageClasses(),
        base.quotaBytes(),
        warm != null ? warm : base.warm(),
        base.maxDisksPerVm());
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Inventory inventory;
    dev.convoy.importer.assessment.Target targetInfo;
    try {
      targetInfo = target();
    } catch (InventoryException e) {
      throw SourceOptions.toUserException(e);
    }
    inventory = source.collect(spec, err);
    AssessmentReport report = new Assessor().assess(inventory, targetInfo);
    String text =
        switch (output) {
          case table -> AssessmentRenderer.table(report);
          case json -> AssessmentRenderer.serialise(report, InventoryCodec.Format.JSON);
          case yaml -> AssessmentRenderer.serialise(report, InventoryCodec.Format.YAML);
          case html -> AssessmentRenderer.html(report);
        };
    ReportOutput.write(spec, out, text, "the assessment of " + report.summary().vms() + " VMs");
    boolean blocked =
        switch (failOn) {
          case critical -> report.hasAtLeast(Severity.CRITICAL);
          case warning -> report.hasAtLeast(Severity.WARNING);
          case never -> false;
        };
    if (blocked) {
      err.println(
          "convoy: "
              + report.summary().vmsBlocked()
              + " VM(s) have Critical findings"
              + (report.targetFindings().isEmpty()
                  ? ""
                  : " and the target has " + report.targetFindings().size() + " finding(s)")
              + "; fix them before migrating (see the remediation column)");
      return ExitCodes.BLOCKED;
    }
    return ExitCodes.OK;
  }
}
