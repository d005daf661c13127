package dev.convoy.importer.assessment;

import dev.convoy.api.inventory.Vm;
import java.util.List;

/**
 * An assessment rule: a stable id, a severity, a title and remediation, and a small pure check of
 * one VM in the context of its inventory and target.
 *
 * @param id stable identifier (Forklift's concern id where Forklift has the same rule)
 * @param title one line, for the rule catalogue ({@code docs/assessment.md})
 * @param remediation what the user should do when the rule fires
 * @param check returns one message per problem found; empty when the VM passes
 */
public record Rule(String id, Severity severity, String title, String remediation, Check check) {

  /** The check of one VM. */
  @FunctionalInterface
  public interface Check {
    List<String> apply(Vm vm, AssessmentContext context);
  }
}
