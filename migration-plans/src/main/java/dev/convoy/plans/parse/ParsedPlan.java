package dev.convoy.plans.parse;

import dev.convoy.api.convoy.v1alpha1.MigrationPlan;
import dev.convoy.plans.yaml.Position;
import java.util.Map;

/**
 * A plan document that passed every check that needs no inventory, with the position of every node,
 * so later checks (against an inventory) still point at the right line.
 *
 * @param plan the plan as the operator's model
 * @param file the file name used in messages
 */
public record ParsedPlan(
    MigrationPlan plan,
    String file,
    Map<String, Position> valuePositions,
    Map<String, Position> keyPositions) {
  public ParsedPlan {
    valuePositions = Map.copyOf(valuePositions);
    keyPositions = Map.copyOf(keyPositions);
  }

  /**
   * Where the value at {@code path} (e.g. {@code spec.target.networkMap[1].source}) is; for a path
   * the document does not have, where its nearest existing parent is.
   */
  public Position at(String path) {
    for (String p = path; ; p = parent(p)) {
      Position position = valuePositions.get(p);
      if (position != null) {
        return position;
      }
      if (p.isEmpty()) {
        return new Position(file, 1, 1);
      }
    }
  }

  /** Where the key of {@code path} is, or where its value is when it has no key. */
  public Position keyAt(String path) {
    Position position = keyPositions.get(path);
    return position != null ? position : at(path);
  }

  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
