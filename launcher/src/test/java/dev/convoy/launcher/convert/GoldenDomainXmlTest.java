package dev.convoy.launcher.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.convoy.api.testing.ReferencePaths;
import dev.convoy.launcher.domxml.DomainXmlPreview;
import dev.convoy.launcher.domxml.ManifestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every manifest converts to exactly the checked-in domain XML (which libvirt's own
 * schema accepts), or fails with exactly the checked-in error.
 *
 * <p>Manifests: Convoy's cases in {@code src/test/resources/vmi/} and every VirtualMachineInstance
 * among KubeVirt's examples ({@code ../shared/reference/kubevirt/examples/}). Expected results:
 * {@code src/test/resources/golden/<set>/<name>.xml} or {@code <name>.error.txt}.
 *
 * <p>To regenerate after an intended change, run {@code mvn -pl launcher test
 * -Dtest=GoldenDomainXmlTest -Dconvoy.golden.update=true} (or set {@code CONVOY_GOLDEN_UPDATE=1}),
 * then review the diff with {@code git diff launcher/src/test/resources/golden}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenDomainXmlTest {

  /**
   * The context of every golden file: a launcher pod under TCG, two host bridges, one block PVC.
   */
  static final ConversionContext CONTEXT =
      DomainXmlPreview.podContext(
          Accelerator.TCG,
          Set.of("win2019-app01-data", "rhel8-db02-pgdata"),
          Map.of(
              "finance/vlan-100", "br-vlan100",
              "lab-net", "br-lab",
              "pod", "br-pod",
              "ptp-conf", "br-ptp"));

  private static final boolean UPDATE =
      Boolean.getBoolean("convoy.golden.update") || System.getenv("CONVOY_GOLDEN_UPDATE") != null;

  static Path goldenRoot() {
    return ReferencePaths.root().resolve("launcher/src/test/resources/golden");
  }

  static Path convoyCases() {
    return ReferencePaths.root().resolve("launcher/src/test/resources/vmi");
  }

  Stream<Arguments> manifests() throws IOException {
    List<Path> convoy;
    try (Stream<Path> files = Files.list(convoyCases())) {
      convoy = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<Path> kubevirt =
        ReferencePaths.kubevirtExamples().stream()
            .filter(GoldenDomainXmlTest::isVmiManifest)
            .toList();
    assertThat(kubevirt).as("KubeVirt's VirtualMachineInstance examples").isNotEmpty();
    return Stream.concat(
        convoy.stream().map(f -> Arguments.of("convoy", f)),
        kubevirt.stream().map(f -> Arguments.of("kubevirt-examples", f)));
  }

  private static boolean isVmiManifest(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .anyMatch(l -> l.equals("kind: VirtualMachineInstance"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}/{1}")
  @MethodSource("manifests")
  @DisplayName("a manifest converts to its golden domain XML, or fails with its golden error")
  void matchesGoldenFile(String set, Path manifest) throws Exception {
    String base = manifest.getFileName().toString().replaceFirst("\\.yaml$", "");
    Path xmlFile = goldenRoot().resolve(set).resolve(base + ".xml");
    Path errorFile = goldenRoot().resolve(set).resolve(base + ".error.txt");

    String xml = null;
    String error = null;
    try {
      xml = DomainXmlPreview.render(manifest, CONTEXT);
    } catch (ManifestException e) {
      // The path in front of the message differs between machines; the golden file has the rest.
      error = e.getMessage().replace(manifest.toString(), manifest.getFileName().toString()) + "\n";
    }

    if (UPDATE) {
      Files.createDirectories(xmlFile.getParent());
      Files.deleteIfExists(xml != null ? errorFile : xmlFile);
      Files.writeString(
          xml != null ? xmlFile : errorFile, xml != null ? xml : error, StandardCharsets.UTF_8);
    }
    if (xml != null) {
      if (!Files.exists(xmlFile)) {
        fail(
            "%s converts, but there is no golden file %s; regenerate (see class Javadoc). Got:%n%s",
            manifest, xmlFile, xml);
      }
      assertThat(xml)
          .as("domain XML of %s vs %s", manifest, xmlFile)
          .isEqualTo(Files.readString(xmlFile));
      LibvirtSchema.assertValidDomain(xml, manifest.toString());
    } else {
      if (!Files.exists(errorFile)) {
        fail(
            "%s does not convert, and there is no golden error file %s:%n%s",
            manifest, errorFile, error);
      }
      assertThat(error)
          .as("error of %s vs %s", manifest, errorFile)
          .isEqualTo(Files.readString(errorFile));
    }
  }

  @Test
  @DisplayName("every golden file belongs to a manifest that still exists")
  void noOrphanedGoldenFiles() throws IOException {
    List<String> manifests =
        manifests()
            .map(
                a ->
                    a.get()[0]
                        + "/"
                        + ((Path) a.get()[1]).getFileName().toString().replaceFirst("\\.yaml$", ""))
            .toList();
    try (Stream<Path> files = Files.walk(goldenRoot())) {
      List<String> golden =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().equals("README.md"))
              .map(
                  f ->
                      goldenRoot()
                          .relativize(f)
                          .toString()
                          .replaceFirst("(\\.error\\.txt|\\.xml)$", ""))
              .toList();
      assertThat(manifests).containsAll(golden);
    }
  }
}
