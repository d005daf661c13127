package dev.convoy.plans.parse;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys and names, by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code input}, if it is close enough to be a likely typo: at most a
   * third of the input's length in edits (at least 1, at most 3), compared case-insensitively. Ties
   * go to the alphabetically first candidate, so the answer never depends on iteration order.
   */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String needle = input.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, needle.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String hay = candidate.toLowerCase(Locale.ROOT);
      if (Math.abs(hay.length() - needle.length()) > limit) {
        continue;
      }
      int distance = distance(needle, hay, limit);
      if (distance <= limit
          && (distance < bestDistance
              || (distance == bestDistance && candidate.compareTo(best) < 0))) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code "; did you mean 'x'?"} or the empty string. */
  public static String didYouMean(String input, Collection<String> candidates) {
    return closest(input, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
  }

  /**
   * Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early
   * once every path exceeds {@code limit}.
   */
  static int distance(String a, String b, int limit) {
    int n = a.length();
    int m = b.length();
    int[] before = new int[m + 1];
    int[] previous = new int[m + 1];
    int[] current = new int[m + 1];
    for (int j = 0; j <= m; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= m; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int value = Math.min(Math.min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
        rowMin = Math.min(rowMin, value);
      }
      if (rowMin > limit) {
        return rowMin;
      }
      int[] recycled = before;
      before = previous;
      previous = current;
      current = recycled;
    }
    return previous[m];
  }
}
