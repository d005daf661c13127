package dev.convoy.plans.yaml;

/** One problem in a YAML document: where it is and what is wrong or what was expected. */
public record YamlProblem(Position position, String message) implements Comparable<YamlProblem> {

  /** {@code file:line:column: message}. */
  @Override
  public String toString() {
    return position + ": " + message;
  }

  /** Orders by line, then column, then message, so reports read top to bottom. */
  @Override
  public int compareTo(YamlProblem other) {
    int byLine = Integer.compare(position.line(), other.position.line());
    if (byLine != 0) {
      return byLine;
    }
    int byColumn = Integer.compare(position.column(), other.position.column());
    return byColumn != 0 ? byColumn : message.compareTo(other.message);
  }
}
