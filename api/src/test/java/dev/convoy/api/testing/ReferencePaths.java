package dev.convoy.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the repository and the shared reference data are at test time. The repository root comes
 * from the system property {@code convoy.root}, which surefire sets; the reference data lives next
 * to the repository in {@code ../shared/reference/} and is never copied into it. Every method fails
 * with a message saying what is missing.
 */
public final class ReferencePaths {

  private ReferencePaths() {}

  /** The repository root ({@code convoy.root}). */
  public static Path root() {
    String root = System.getProperty("convoy.root");
    if (root == null || root.isBlank()) {
      throw new IllegalStateException(
          "system property convoy.root is not set: run the tests through Maven (surefire sets it) or pass"
              + " -Dconvoy.root=/path/to/the/repository");
    }
    return existingDirectory(Path.of(root).toAbsolutePath().normalize(), "convoy.root");
  }

  /** {@code ${convoy.root}/../shared/reference}. */
  public static Path reference() {
    return existingDirectory(
        root().resolve("../shared/reference").normalize(),
        "the shared reference data (expected next to the repository, in ../shared/reference)");
  }

  /** KubeVirt's OpenAPI v2 document. */
  public static Path kubevirtSwagger() {
    return existingFile(reference().resolve("kubevirt/swagger.json"));
  }

  /** CDI's OpenAPI v2 document. */
  public static Path cdiSwagger() {
    return existingFile(reference().resolve("cdi/swagger.json"));
  }

  /** KubeVirt's example manifests ({@code kubevirt/examples/*.yaml}), sorted by name. */
  public static List<Path> kubevirtExamples() {
    Path dir = existingDirectory(reference().resolve("kubevirt/examples"), "KubeVirt's examples");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      if (yaml.isEmpty()) {
        throw new IllegalStateException(dir + " holds no .yaml files");
      }
      return yaml;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static Path existingDirectory(Path dir, String what) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(what + ": directory " + dir + " does not exist");
    }
    return dir;
  }

  private static Path existingFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("reference file " + file + " does not exist");
    }
    return file;
  }
}
