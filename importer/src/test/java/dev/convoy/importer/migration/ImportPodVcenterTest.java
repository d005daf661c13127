package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.disk.ConverterSettings;
import dev.convoy.disk.HttpSourceMode;
import dev.convoy.importer.testing.VcsimFixture;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VcenterLogin;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import pod's own vCenter session against vcsim, whose {@code /folder} endpoint here requires a
 * logged-in session like vCenter's ({@code -folder-session}): the download verifies vCenter's
 * certificate exactly as the migration's login says (pinned SHA-256 or SHA-1 thumbprint, CA file,
 * else the system trust store, which refuses vcsim's self-signed certificate), and a session that
 * ends before or during the import is replaced by a new login without failing the disk.
 */
class ImportPodVcenterTest {
  static VcsimServer vcsim;
  static VsphereSession admin;
  static URI diskUrl;
  static String expectedSha;

  @TempDir Path target;
  @TempDir Path scratch;

  @BeforeAll
  static void uploadTheDemoGuest() throws Exception {
    Path root = Path.of(System.getProperty("convoy.root", ".."));
    JsonNode guest = new ObjectMapper().readTree(root.resolve("build/guest/guest.json").toFile());
    expectedSha = guest.path("disk").path("sha256").asText();
    vcsim = VcsimServer.start("-folder-session");
    admin = vcsim.login();
    diskUrl =
        VsphereSessionOperations.over(admin).url(VcsimFixture.uploadDemoDisk(admin, "DC0_H0_VM0"));
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (vcsim != null) {
      vcsim.close();
    }
  }

  private Map<String, String> environment(TlsPolicy tls) {
    return new VcenterLogin(vcsim.endpoint(null), VcsimServer.credentials(), tls).environment();
  }

  private ImportPodMain.Arguments arguments() {
    return ImportPodMain.Arguments.parse(
        new String[] {
          "--source",
          diskUrl.toString(),
          "--target",
          target.toString(),
          "--pvc",
          "db-disk-0",
          "--source-identity",
          "id-1"
        });
  }

  private ConverterSettings settings() {
    return ConverterSettings.defaults().withScratchRoot(scratch);
  }

  private void assertConverted(Map<String, String> recorded) throws Exception {
    JsonNode converted = new ObjectMapper().readTree(recorded.get(ImportAnnotations.CONVERTED));
    assertThat(converted.path("sha256").asText()).isEqualTo(expectedSha);
    assertThat(converted.path("verified").asBoolean()).isTrue();
  }

  private static void terminate(VsphereSession session) {
    try {
      String key = session.sessionKey();
      admin.call(
          "TerminateSession",
          () -> {
            admin.port().terminateSession(admin.content().sessionManager, new String[] {key});
            return null;
          });
    } catch (VsphereException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theRightPinnedThumbprintConverts() throws Exception {
    Map<String, String> recorded = new ConcurrentHashMap<>();
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(),
            environment(new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha256()))),
            (pvc, annotations) -> recorded.putAll(annotations),
            settings());
    assertThat(code).isZero();
    assertConverted(recorded);
  }

  @Test
  void aWrongPinnedThumbprintFailsNamingBothThumbprints() throws Exception {
    String wrong = vcsim.thumbprintSha256().replaceFirst("^..", "00").replaceFirst("^00", "01");
    if (wrong.equals(vcsim.thumbprintSha256())) {
      wrong = vcsim.thumbprintSha256().replaceFirst("^..", "02");
    }
    Map<String, String> recorded = new ConcurrentHashMap<>();
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(),
            environment(new TlsPolicy.Pinned(Thumbprint.parse(wrong))),
            (pvc, annotations) -> recorded.putAll(annotations),
            settings());
    assertThat(code).isEqualTo(3);
    assertThat(recorded.get(ImportAnnotations.ERROR))
        .contains("does not match")
        .contains(wrong)
        .contains(vcsim.thumbprintSha256());
    assertThat(recorded).doesNotContainKey(ImportAnnotations.CONVERTED);
    assertThat(target.resolve("disk.img")).doesNotExist();
  }

  @Test
  void theSimulatorsCertificateAsCaFileConverts() throws Exception {
    Path ca = scratch.resolve("ca.crt");
    Files.writeString(ca, vcsim.certificatePem());
    Map<String, String> recorded = new ConcurrentHashMap<>();
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(),
            environment(new TlsPolicy.CaFile(ca)),
            (pvc, annotations) -> recorded.putAll(annotations),
            settings());
    assertThat(code).isZero();
    assertConverted(recorded);
  }

  @Test
  void withoutTrustConfiguredTheSelfSignedCertificateIsRefused() {
    Map<String, String> env = environment(new TlsPolicy.SystemTrust());
    assertThat(env)
        .doesNotContainKeys(
            VcenterLogin.THUMBPRINT_ENV, VcenterLogin.CA_ENV, VcenterLogin.INSECURE_ENV);
    Map<String, String> recorded = new ConcurrentHashMap<>();
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(), env, (pvc, annotations) -> recorded.putAll(annotations), settings());
    assertThat(code).isEqualTo(3);
    assertThat(recorded.get(ImportAnnotations.ERROR))
        .contains("is not trusted")
        .contains(vcsim.thumbprintSha256());
    assertThat(target.resolve("disk.img")).doesNotExist();
  }

  @Test
  void aSessionTerminatedBeforeTheDownloadIsReplacedByANewLogin() throws Exception {
    AtomicReference<VsphereSession> pod = new AtomicReference<>();
    Map<String, String> recorded = new ConcurrentHashMap<>();
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(),
            environment(new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha1()))),
            (pvc, annotations) -> recorded.putAll(annotations),
            settings(),
            session -> {
              pod.set(session);
              terminate(session); // e.g. expired while the pod waited to be scheduled
            });
    assertThat(code).isZero();
    assertConverted(recorded);
    assertThat(pod.get().logins()).isEqualTo(2);
  }

  @Test
  void aSessionTerminatedMidImportIsReplacedByANewLogin() throws Exception {
    AtomicReference<VsphereSession> pod = new AtomicReference<>();
    AtomicBoolean terminated = new AtomicBoolean();
    Map<String, String> recorded = new LinkedHashMap<>();
    // by ranges: every block is a request of its own, so the requests after the termination
    // are refused until the pod logs in again
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(),
            environment(new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha256()))),
            (pvc, annotations) -> {
              synchronized (recorded) {
                recorded.putAll(annotations);
              }
              if (annotations.containsKey(ImportAnnotations.PROGRESS)
                  && !annotations.containsKey(ImportAnnotations.CONVERTED)
                  && terminated.compareAndSet(false, true)) {
                terminate(pod.get());
              }
            },
            settings().withHttpSources(HttpSourceMode.RANGES),
            pod::set);
    assertThat(code).isZero();
    assertThat(terminated).isTrue();
    assertConverted(recorded);
    assertThat(pod.get().logins()).isEqualTo(2);
  }

  @Test
  void aHungVcenterFailsTheImportWithinItsTimeoutNamingIt() throws Exception {
    Map<String, String> recorded = new ConcurrentHashMap<>();
    long started = System.nanoTime();
    int code;
    try {
      code =
          ImportPodMain.runWithEnvironment(
              arguments(),
              environment(new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha256()))),
              (pvc, annotations) -> recorded.putAll(annotations),
              settings().withHttpTimeout(java.time.Duration.ofSeconds(3)),
              session -> {
                try {
                  vcsim.hang(); // SIGSTOP: connections open, nothing answers
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
    } finally {
      vcsim.resume();
    }
    long seconds = java.time.Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertThat(code).isEqualTo(4);
    assertThat(recorded.get(ImportAnnotations.ERROR))
        .contains("127.0.0.1:" + vcsim.port())
        .containsIgnoringCase("timed out");
    assertThat(seconds).as("seconds until the import gave up").isLessThan(30);
    assertThat(target.resolve("disk.img")).doesNotExist();
  }
}
