package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.importer.testing.VcsimFixture;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import pod's work against vcsim and real qemu-img: the demo guest's VMDK, uploaded as a VM's
 * disk, is downloaded through {@code /folder} with the session cookie, converted, verified, and its
 * guest-content checksum recorded on the PVC; a second run converts nothing.
 */
class ImportPodMainTest {
  @TempDir Path target;

  @Test
  void convertsAVcsimDiskAndRecordsItsChecksum() throws Exception {
    Path root = Path.of(System.getProperty("convoy.root", ".."));
    Path vmdk = root.resolve("build/guest/disk-stream.vmdk");
    JsonNode guest = new ObjectMapper().readTree(root.resolve("build/guest/guest.json").toFile());
    String expectedSha = guest.path("disk").path("sha256").asText();
    try (VcsimServer vcsim = VcsimServer.start();
        VsphereSession session = vcsim.login();
        var operations = VsphereSessionOperations.over(session)) {
      DatastoreFile file = VcsimFixture.uploadDemoDisk(session, "DC0_H0_VM0");

      Map<String, String> recorded = new LinkedHashMap<>();
      ImportPodMain.Arguments arguments =
          ImportPodMain.Arguments.parse(
              new String[] {
                "--source",
                operations.url(file).toString(),
                "--target",
                target.toString(),
                "--pvc",
                "web-disk-0",
                "--source-identity",
                "id-1",
                "--insecure-tls"
              });
      String cookie = operations.httpHeaders().get("Cookie");
      ImportPodMain.Recorder recorder =
          (pvc, annotations) -> {
            assertThat(pvc).isEqualTo("web-disk-0");
            recorded.putAll(annotations);
          };
      assertThat(ImportPodMain.run(arguments, cookie, recorder)).isZero();

      JsonNode converted = new ObjectMapper().readTree(recorded.get(ImportAnnotations.CONVERTED));
      assertThat(converted.path("sha256").asText()).isEqualTo(expectedSha);
      assertThat(converted.path("verified").asBoolean()).isTrue();
      assertThat(converted.path("sourceIdentity").asText()).isEqualTo("id-1");
      // the source crossed the network once, staged: its SHA-256 is the uploaded VMDK's
      assertThat(converted.path("sourceSha256").asText())
          .isEqualTo(
              java.util.HexFormat.of()
                  .formatHex(
                      java.security.MessageDigest.getInstance("SHA-256")
                          .digest(Files.readAllBytes(vmdk))));
      assertThat(Files.size(target.resolve("disk.img")))
          .isEqualTo(guest.path("disk").path("sizeMiB").asLong() * 1024 * 1024);

      // a rerun (the pod restarted after the copy) adopts the ready disk
      long modified = Files.getLastModifiedTime(target.resolve("disk.img")).toMillis();
      recorded.clear();
      assertThat(ImportPodMain.run(arguments, cookie, recorder)).isZero();
      assertThat(recorded.get(ImportAnnotations.CONVERTED)).contains(expectedSha);
      assertThat(Files.getLastModifiedTime(target.resolve("disk.img")).toMillis())
          .isEqualTo(modified);
    }
  }

  @Test
  void missingSourceFailsWithTheReasonOnThePvc() throws Exception {
    try (VcsimServer vcsim = VcsimServer.start();
        VsphereSession session = vcsim.login();
        var operations = VsphereSessionOperations.over(session)) {
      DatastoreFile missing = new DatastoreFile("DC0", "LocalDS_0", "nope/nope.vmdk");
      Map<String, String> recorded = new LinkedHashMap<>();
      int code =
          ImportPodMain.run(
              ImportPodMain.Arguments.parse(
                  new String[] {
                    "--source",
                    operations.url(missing).toString(),
                    "--target",
                    target.toString(),
                    "--pvc",
                    "p",
                    "--source-identity",
                    "x",
                    "--insecure-tls"
                  }),
              operations.httpHeaders().get("Cookie"),
              (pvc, annotations) -> recorded.putAll(annotations));
      assertThat(code).isIn(3, 4);
      assertThat(recorded.get(ImportAnnotations.ERROR)).contains("404");
      assertThat(recorded).doesNotContainKey(ImportAnnotations.CONVERTED);
      assertThat(target.resolve("disk.img")).doesNotExist();
    }
  }
}
