package dev.convoy.plans.parse;

import dev.convoy.plans.yaml.YamlException;
import dev.convoy.plans.yaml.YamlProblem;
import java.util.List;

/**
 * A plan that cannot be used. Its message lists every problem found, one per line, each as {@code
 * file:line:column: what is wrong / what was expected}.
 */
public final class InvalidPlanException extends YamlException {
  private static final long serialVersionUID = 1L;

  public InvalidPlanException(List<YamlProblem> problems) {
    super(problems);
  }
}
