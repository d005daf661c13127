package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.convoy.disk.ConverterSettings;
import dev.convoy.importer.testing.VcsimFixture;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.importer.vsphere.PropertyCollection;
import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VcenterLogin;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import pod logs out of its own vCenter session when it ends, whether the import succeeded,
 * failed or the pod was stopped (SIGTERM): vcsim's SessionManager, read through the SOAP API with a
 * separate login ({@code sessionList}), no longer lists it, so sessions do not pile up until
 * vCenter's idle timeout.
 */
class ImportPodSessionTest {
  static VcsimServer vcsim;
  static VsphereSession admin;
  static URI diskUrl;
  static DatastoreFile diskFile;

  @TempDir Path target;
  @TempDir Path scratch;

  @BeforeAll
  static void uploadTheDemoGuest() throws Exception {
    vcsim = VcsimServer.start("-folder-session");
    admin = vcsim.login();
    diskFile = VcsimFixture.uploadDemoDisk(admin, "DC0_H0_VM0");
    diskUrl = VsphereSessionOperations.over(admin).url(diskFile);
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

  /** The keys of the sessions vcsim's SessionManager lists now (the admin's included). */
  static List<String> sessions() throws Exception {
    return admin.call(
        "RetrievePropertiesEx",
        () -> {
          var object = new com.vmware.vim25.ObjectSpec();
          object.obj = admin.content().sessionManager;
          var filter = new com.vmware.vim25.PropertyFilterSpec();
          filter.propSet =
              new com.vmware.vim25.PropertySpec[] {
                PropertyCollection.propertySpec("SessionManager", "sessionList")
              };
          filter.objectSet = new com.vmware.vim25.ObjectSpec[] {object};
          var result =
              admin
                  .port()
                  .retrievePropertiesEx(
                      admin.content().propertyCollector,
                      new com.vmware.vim25.PropertyFilterSpec[] {filter},
                      new com.vmware.vim25.RetrieveOptions());
          List<String> keys = new ArrayList<>();
          for (var o : result.objects) {
            for (var p : o.propSet) {
              if (p.val instanceof com.vmware.vim25.UserSession[] list) {
                for (var s : list) {
                  keys.add(s.key);
                }
              } else if (p.val instanceof com.vmware.vim25.ArrayOfUserSession array) {
                for (var s : array.getUserSession()) {
                  keys.add(s.key);
                }
              }
            }
          }
          return keys;
        });
  }

  private Map<String, String> environment() {
    return new VcenterLogin(
            vcsim.endpoint(null),
            VcsimServer.credentials(),
            new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha256())))
        .environment();
  }

  private ImportPodMain.Arguments arguments(URI source) {
    return ImportPodMain.Arguments.parse(
        new String[] {
          "--source",
          source.toString(),
          "--target",
          target.toString(),
          "--pvc",
          "db-disk-0",
          "--source-identity",
          "id-1"
        });
  }

  /** Runs an import in this JVM; returns its exit code and its session's key. */
  private Map.Entry<Integer, String> importFrom(URI source) throws Exception {
    AtomicReference<String> key = new AtomicReference<>();
    AtomicReference<List<String>> during = new AtomicReference<>();
    Map<String, String> recorded = new ConcurrentHashMap<>();
    int code =
        ImportPodMain.runWithEnvironment(
            arguments(source),
            environment(),
            (pvc, annotations) -> recorded.putAll(annotations),
            ConverterSettings.defaults().withScratchRoot(scratch),
            session -> {
              try {
                key.set(session.sessionKey());
                during.set(sessions());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(during.get()).as("the pod's session while it imports").contains(key.get());
    return Map.entry(code, key.get());
  }

  @Test
  void aSucceededImportLogsOut() throws Exception {
    List<String> before = sessions();
    var result = importFrom(diskUrl);
    assertThat(result.getKey()).isZero();
    assertThat(sessions()).doesNotContain(result.getValue()).containsExactlyElementsOf(before);
  }

  @Test
  void aFailedImportLogsOut() throws Exception {
    List<String> before = sessions();
    // a file that is not there: the download fails after the login
    URI missing = URI.create(diskUrl.toString().replace(".vmdk?", "-gone.vmdk?"));
    var result = importFrom(missing);
    assertThat(result.getKey()).isNotZero();
    assertThat(sessions()).doesNotContain(result.getValue()).containsExactlyElementsOf(before);
  }

  @Test
  void anImportPodStoppedWithSigtermLogsOut() throws Exception {
    // the source answers nothing: the pod sits in its download, logged in, until it is stopped
    CountDownLatch asked = new CountDownLatch(1);
    HttpServer stalling = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stalling.createContext(
        "/",
        exchange -> {
          asked.countDown();
          try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    stalling.setExecutor(
        java.util.concurrent.Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "stalling-source");
              t.setDaemon(true);
              return t;
            }));
    stalling.start();
    Process pod = null;
    try {
      List<String> before = sessions();
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      ProcessBuilder builder =
          new ProcessBuilder(
              javaBin.toString(),
              "-Djava.io.tmpdir=" + scratch,
              "-cp",
              System.getProperty("java.class.path"),
              ImportPodMain.class.getName(),
              "--source",
              "http://127.0.0.1:" + stalling.getAddress().getPort() + "/folder/disk.vmdk",
              "--target",
              target.toString(),
              "--pvc",
              "db-disk-0",
              "--source-identity",
              "id-1");
      builder.environment().putAll(environment());
      builder.environment().put(ImportPodMain.TIMEOUT_ENV, "300");
      Path log = scratch.resolve("pod.log");
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      pod = builder.start();
      assertThat(asked.await(60, TimeUnit.SECONDS))
          .as("the pod asks the source for the disk; its output: %s", log)
          .isTrue();
      List<String> during = sessions();
      assertThat(during).as("the pod's own session").hasSize(before.size() + 1);
      pod.destroy(); // SIGTERM, as the kubelet stops a container
      assertThat(pod.waitFor(60, TimeUnit.SECONDS)).isTrue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(sessions())
                      .as("sessions after SIGTERM; the pod said: %s", Files.readString(log))
                      .containsExactlyInAnyOrderElementsOf(before));
    } finally {
      if (pod != null) {
        pod.destroyForcibly();
      }
      stalling.stop(0);
    }
  }
}
