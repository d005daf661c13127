package dev.convoy.launcher.convert;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The VMI cannot become a correct domain: each problem names the field (e.g. {@code
 * spec.domain.devices.gpus}) and says why. Thrown instead of producing a domain that silently
 * differs from what the VMI asks for.
 */
public final class ConversionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One problem: the field path in the VMI and what is wrong with it. */
  public record Problem(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private final transient List<Problem> problems;

  public ConversionException(List<Problem> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String format(List<Problem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size()
        + " problems:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
