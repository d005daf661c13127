package dev.convoy.plans.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.convoy.plans.yaml.YamlProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Property tests over generated malformed plans: each of at least 1,000 inputs that is malformed by
 * construction must be rejected with an {@link InvalidPlanException} whose every problem has a real
 * position; random damage must never produce any other exception; nothing may hang.
 */
class PlanFuzzTest {
  static final long SEED = 0xC04F05L;
  static final List<String> BASES =
      List.of(
          PlanParserTest.resource("full-auto.yaml"),
          PlanParserTest.HEADER
              + """
                waves:
                  explicit:
                    - name: pilot
                      vms: [a, b]
                    - name: main
                      vms: [c]
              """);

  /** A mutation that always makes the plan invalid. */
  record Mutation(String name, Function<Random, Function<String, String>> make) {}

  static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n", -1)));
  }

  static List<Integer> contentLines(List<String> lines) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        indexes.add(i);
      }
    }
    return indexes;
  }

  static int pick(Random random, List<Integer> indexes) {
    return indexes.get(random.nextInt(indexes.size()));
  }

  /** Lines holding a "key: ..." entry (possibly after "- "), with the key's start and end. */
  static List<int[]> keys(List<String> lines) {
    List<int[]> keys = new ArrayList<>();
    var pattern = java.util.regex.Pattern.compile("^(\\s*(?:- )?)([A-Za-z][A-Za-z0-9]*):(\\s|$)");
    for (int i = 0; i < lines.size(); i++) {
      var matcher = pattern.matcher(lines.get(i));
      if (matcher.find()) {
        keys.add(new int[] {i, matcher.start(2), matcher.end(2)});
      }
    }
    return keys;
  }

  static final List<Mutation> MALFORMING =
      List.of(
          new Mutation(
              "misspelt key",
              random ->
                  text -> {
                    List<String> lines = lines(text);
                    List<int[]> keys = keys(lines);
                    int[] key = keys.get(random.nextInt(keys.size()));
                    String line = lines.get(key[0]);
                    String name = line.substring(key[1], key[2]);
                    String typo =
                        switch (random.nextInt(3)) {
                          case 0 -> name + "zq";
                          case 1 -> "zq" + name;
                          default ->
                              name.substring(0, name.length() / 2)
                                  + "Qz"
                                  + name.substring(name.length() / 2);
                        };
                    lines.set(key[0], line.substring(0, key[1]) + typo + line.substring(key[2]));
                    return String.join("\n", lines);
                  }),
          new Mutation(
              "value of the wrong kind",
              random ->
                  text -> {
                    List<String> lines = lines(text);
                    List<int[]> keys = keys(lines);
                    int[] key = keys.get(random.nextInt(keys.size()));
                    String line = lines.get(key[0]);
                    // Replace the whole value (including nested lines) with a list of a list.
                    int end = key[0] + 1;
                    while (end < lines.size()
                        && (lines.get(end).isBlank()
                            || lines.get(end).length() - lines.get(end).stripLeading().length()
                                > key[1])) {
                      end++;
                    }
                    for (int i = end - 1; i > key[0]; i--) {
                      lines.remove(i);
                    }
                    lines.set(key[0], line.substring(0, key[2]) + ": [[]]");
                    return String.join("\n", lines);
                  }),
          new Mutation(
              "tab indentation",
              random ->
                  text -> {
                    List<String> lines = lines(text);
                    int i = pick(random, contentLines(lines));
                    lines.set(i, "\t" + lines.get(i));
                    return String.join("\n", lines);
                  }),
          new Mutation(
              "control character",
              random ->
                  text -> {
                    int at = random.nextInt(text.length());
                    return text.substring(0, at)
                        + (char) (1 + random.nextInt(7))
                        + text.substring(at);
                  }),
          new Mutation(
              "duplicate key",
              random ->
                  text -> {
                    List<String> lines = lines(text);
                    List<int[]> keys = new ArrayList<>(keys(lines));
                    keys.removeIf(k -> lines.get(k[0]).substring(0, k[1]).contains("-"));
                    int[] key = keys.get(random.nextInt(keys.size()));
                    String line = lines.get(key[0]);
                    lines.add(key[0], line.substring(0, key[2]) + ": 1");
                    return String.join("\n", lines);
                  }),
          new Mutation(
              "unclosed flow collection",
              random ->
                  text -> {
                    List<String> lines = lines(text);
                    List<int[]> keys = keys(lines);
                    int[] key = keys.get(random.nextInt(keys.size()));
                    lines.add(key[0] + 1, " ".repeat(key[1] + 2) + "zzextra: [a, {b: c");
                    return String.join("\n", lines);
                  }),
          new Mutation(
              "nested too deep",
              random ->
                  text ->
                      text + "\nextra: " + "[".repeat(70 + random.nextInt(200)) + "]".repeat(10)),
          new Mutation(
              "alias bomb",
              random ->
                  text -> {
                    StringBuilder bomb =
                        new StringBuilder(text)
                            .append("\nb0: &b0 [x, x, x, x, x, x, x, x, x, x]\n");
                    int levels = 8 + random.nextInt(6);
                    for (int i = 1; i < levels; i++) {
                      bomb.append("b").append(i).append(": &b").append(i).append(" [");
                      for (int j = 0; j < 10; j++) {
                        bomb.append(j == 0 ? "" : ", ").append("*b").append(i - 1);
                      }
                      bomb.append("]\n");
                    }
                    return bomb.toString();
                  }),
          new Mutation(
              "truncated inside a quoted string",
              random ->
                  text -> {
                    List<String> lines = lines(text);
                    int i = pick(random, contentLines(lines));
                    String line = lines.get(i);
                    String indent = line.substring(0, line.length() - line.stripLeading().length());
                    lines.add(i + 1, indent + "zz: \"unterminated " + random.nextInt());
                    return String.join("\n", lines.subList(0, i + 2));
                  }),
          new Mutation(
              "wrong header",
              random ->
                  text ->
                      random.nextBoolean()
                          ? text.replace(
                              "convoy.dev/v1alpha1", "convoy.dev/v" + random.nextInt(9) + "beta")
                          : text.replace(
                              "kind: MigrationPlan", "kind: Plan" + random.nextInt(100))),
          new Mutation(
              "not a mapping",
              random ->
                  text ->
                      switch (random.nextInt(4)) {
                        case 0 -> "- " + text.replace("\n", "\n  ");
                        case 1 -> "just text " + random.nextInt();
                        case 2 -> "";
                        default -> "---\n" + text + "\n---\nkind: Second\n";
                      }));

  static void assertPositioned(InvalidPlanException e, String text, String what) {
    assertThat(e.problems()).as(what).isNotEmpty();
    int lineCount = text.split("\n", -1).length;
    for (YamlProblem problem : e.problems()) {
      assertThat(problem.position().line()).as(what + ": " + problem).isBetween(1, lineCount + 1);
      assertThat(problem.position().column()).as(what + ": " + problem).isPositive();
      assertThat(problem.message()).as(what).isNotBlank();
      assertThat(problem.toString()).startsWith("fuzz.yaml:" + problem.position().line() + ":");
    }
  }

  @Test
  @DisplayName("1,200 plans malformed by construction: each is rejected with positioned errors")
  void malformedPlansAreRejectedWithPositions() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(90),
        () -> {
          Random random = new Random(SEED);
          int rejected = 0;
          for (int i = 0; i < 1200; i++) {
            Mutation mutation = MALFORMING.get(i % MALFORMING.size());
            String base = BASES.get(random.nextInt(BASES.size()));
            String text = mutation.make().apply(random).apply(base);
            String what = "#" + i + " " + mutation.name();
            try {
              PlanParser.parse("fuzz.yaml", text);
              throw new AssertionError(what + " was accepted:\n" + text);
            } catch (InvalidPlanException e) {
              assertPositioned(e, text, what);
              rejected++;
            }
          }
          assertThat(rejected).isGreaterThanOrEqualTo(1000);
        });
  }

  @Test
  @DisplayName("1,000 randomly damaged plans: accepted or rejected with positions, nothing else")
  void randomDamageNeverEscapes() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(90),
        () -> {
          Random random = new Random(SEED + 1);
          String alphabet = ":-[]{}&*!|>'\"#%@` \n\tab1,.?";
          for (int i = 0; i < 1000; i++) {
            StringBuilder text = new StringBuilder(BASES.get(random.nextInt(BASES.size())));
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
              int at = random.nextInt(text.length());
              switch (random.nextInt(3)) {
                case 0 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> text.deleteCharAt(at);
                default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
              }
            }
            try {
              PlanParser.parse("fuzz.yaml", text.toString());
            } catch (InvalidPlanException e) {
              assertPositioned(e, text.toString(), "#" + i);
            }
          }
        });
  }
}
