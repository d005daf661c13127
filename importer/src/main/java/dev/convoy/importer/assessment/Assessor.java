package dev.convoy.importer.assessment;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Vm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs the rule catalogue over an inventory. Pure: inventory and target in, report out. */
public final class Assessor {
  /** Bump when a rule is added, removed or changes meaning. */
  public static final int RULES_VERSION = 1;

  private final List<Rule> rules;

  public Assessor() {
    this(AssessmentRules.all());
  }

  public Assessor(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Assesses every VM of {@code inventory} against {@code target}. */
  public AssessmentReport assess(Inventory inventory, Target target) {
    AssessmentContext context = new AssessmentContext(inventory, target);
    List<AssessmentReport.VmAssessment> vms = new ArrayList<>();
    int critical = 0;
    int warning = 0;
    int info = 0;
    int blocked = 0;
    int warned = 0;
    for (Vm vm : inventory.vms()) {
      List<Finding> findings = new ArrayList<>();
      for (Rule rule : rules) {
        for (String message : rule.check().apply(vm, context)) {
          findings.add(
              new Finding(
                  rule.id(),
                  rule.severity(),
                  vm.sourceId(),
                  vm.id(),
                  vm.name(),
                  message,
                  rule.remediation()));
        }
      }
      findings.sort(Comparator.comparing(Finding::severity));
      Severity worst = findings.isEmpty() ? null : findings.get(0).severity();
      for (Finding f : findings) {
        switch (f.severity()) {
          case CRITICAL -> critical++;
          case WARNING -> warning++;
          case INFO -> info++;
        }
      }
      if (worst == Severity.CRITICAL) {
        blocked++;
      } else if (worst == Severity.WARNING) {
        warned++;
      }
      vms.add(
          new AssessmentReport.VmAssessment(vm.id(), vm.name(), vm.sourceId(), worst, findings));
    }
    List<Finding> targetFindings = AssessmentRules.targetFindings(inventory.vms(), target);
    for (Finding f : targetFindings) {
      switch (f.severity()) {
        case CRITICAL -> critical++;
        case WARNING -> warning++;
        case INFO -> info++;
      }
    }
    return new AssessmentReport(
        AssessmentReport.SCHEMA_VERSION,
        RULES_VERSION,
        Instant.now().toString(),
        new AssessmentReport.Summary(
            vms.size(), blocked, warned, vms.size() - blocked - warned, critical, warning, info),
        target,
        targetFindings,
        vms);
  }
}
