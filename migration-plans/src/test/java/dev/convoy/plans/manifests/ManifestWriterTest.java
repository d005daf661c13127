package dev.convoy.plans.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

  static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  @DisplayName("writes all files, then replaces its own earlier output as a whole")
  void writesAndReplaces(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    ManifestWriter.write(
        out,
        List.of(new GeneratedFile("wave-01/a.yaml", "a"), new GeneratedFile("wave-02/b.yaml", "b")),
        "test\n");
    assertThat(listing(out))
        .containsExactly(
            "", ".convoy-generated", "wave-01", "wave-01/a.yaml", "wave-02", "wave-02/b.yaml");
    ManifestWriter.write(out, List.of(new GeneratedFile("wave-01/c.yaml", "c")), "test\n");
    assertThat(listing(out)).containsExactly("", ".convoy-generated", "wave-01", "wave-01/c.yaml");
    assertThat(listing(dir))
        .containsExactly("", "out", "out/.convoy-generated", "out/wave-01", "out/wave-01/c.yaml");
  }

  @Test
  @DisplayName("a failure half-way leaves the previous output untouched and no temporary folders")
  void failureLeavesTargetAlone(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("out");
    ManifestWriter.write(out, List.of(new GeneratedFile("wave-01/a.yaml", "old")), "test\n");
    // The second file needs "wave-01/a.yaml" to be a folder: writing it fails after the first.
    List<GeneratedFile> clash =
        List.of(
            new GeneratedFile("wave-01/a.yaml", "new"),
            new GeneratedFile("wave-01/a.yaml/x.yaml", "x"));
    assertThatThrownBy(() -> ManifestWriter.write(out, clash, "test\n"))
        .isInstanceOf(IOException.class);
    assertThat(out.resolve("wave-01/a.yaml")).hasContent("old");
    assertThat(listing(dir))
        .containsExactly("", "out", "out/.convoy-generated", "out/wave-01", "out/wave-01/a.yaml");
  }

  @Test
  @DisplayName("never replaces a folder it did not write, nor writes outside the target")
  void refusesForeignFolders(@TempDir Path dir) throws IOException {
    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("keep.txt"), "keep");
    assertThatThrownBy(
            () -> ManifestWriter.write(foreign, List.of(new GeneratedFile("a.yaml", "a")), ""))
        .isInstanceOf(ManifestWriter.TargetNotOursException.class)
        .hasMessageContaining("not empty and was not written by convoy generate");
    assertThat(foreign.resolve("keep.txt")).hasContent("keep");
    assertThatThrownBy(() -> new GeneratedFile("../escape.yaml", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
