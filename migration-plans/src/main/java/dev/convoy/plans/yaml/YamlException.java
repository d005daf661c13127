package dev.convoy.plans.yaml;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A document that cannot be used, with every problem found, each positioned. The message lists them
 * one per line in {@code file:line:column: message} form.
 */
public class YamlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<YamlProblem> problems;

  public YamlException(List<YamlProblem> problems) {
    super(
        problems.stream().sorted().map(YamlProblem::toString).collect(Collectors.joining("\n")),
        null,
        false,
        false);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a YamlException needs at least one problem");
    }
    this.problems = problems.stream().sorted().toList();
  }

  /** The problems, ordered by position. */
  public List<YamlProblem> problems() {
    return problems;
  }
}
