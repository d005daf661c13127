package dev.convoy.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.testing.GeneratedCrds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed in {@code deploy/crds/} are exactly the ones the build generates from the
 * model (in {@code target/classes/META-INF/fabric8/}). Nobody edits them by hand: change the Java
 * model and refresh them.
 */
class CrdsUpToDateTest {

  /** The command that refreshes deploy/crds/. */
  static final String REFRESH = "mvn -B -pl api process-classes -Pupdate-crds";

  static Path committedDir() {
    String dir = System.getProperty("convoy.crds.dir");
    return dir != null
        ? Path.of(dir).normalize()
        : Path.of(System.getProperty("convoy.root"), "deploy/crds");
  }

  static Set<String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** Where two texts first differ, or null when they are equal. */
  static String firstDifference(String committed, String generated) {
    if (committed.equals(generated)) {
      return null;
    }
    String[] a = committed.split("\n", -1);
    String[] b = generated.split("\n", -1);
    int line = 0;
    while (line < a.length && line < b.length && a[line].equals(b[line])) {
      line++;
    }
    return String.format(
        "at line %d: committed '%s', generated '%s'",
        line + 1, line < a.length ? a[line] : "<end>", line < b.length ? b[line] : "<end>");
  }

  @Test
  @DisplayName("deploy/crds/ holds exactly the generated CRDs, byte for byte")
  void committedCrdsMatchGenerated() throws Exception {
    Path generated = GeneratedCrds.directory();
    Path committed = committedDir();
    Set<String> generatedFiles = yamlFiles(generated);
    Set<String> committedFiles = yamlFiles(committed);
    assertThat(generatedFiles).as("CRDs generated in %s", generated).isNotEmpty();

    List<String> problems = new ArrayList<>();
    for (String name : generatedFiles) {
      Path file = committed.resolve(name);
      if (!committedFiles.contains(name)) {
        problems.add(file + " is missing (generated " + generated.resolve(name) + ")");
      } else {
        String difference =
            firstDifference(Files.readString(file), Files.readString(generated.resolve(name)));
        if (difference != null) {
          problems.add(
              file
                  + " is stale: it differs from the generated "
                  + generated.resolve(name)
                  + " "
                  + difference);
        }
      }
    }
    for (String name : committedFiles) {
      if (!generatedFiles.contains(name)) {
        problems.add(committed.resolve(name) + " is no longer generated: remove it");
      }
    }
    assertThat(problems)
        .as(
            "deploy/crds/ is out of date with the model. Refresh it from the repository root with:%n  %s%n"
                + "and commit the result.",
            REFRESH)
        .isEmpty();
  }
}
