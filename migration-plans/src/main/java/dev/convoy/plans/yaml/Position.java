package dev.convoy.plans.yaml;

/**
 * Where something sits in a source file: the file's display name and a 1-based line and column.
 * Every error about a plan carries one, so a user can jump straight to the spot.
 */
public record Position(String file, int line, int column) {

  /** {@code file:line:column}, the form editors and terminals turn into links. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
