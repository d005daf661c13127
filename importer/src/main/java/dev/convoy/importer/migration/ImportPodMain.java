package dev.convoy.importer.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.convoy.v1alpha1.MigrationSpec;
import dev.convoy.disk.ConversionRequest;
import dev.convoy.disk.ConversionResult;
import dev.convoy.disk.ConverterSettings;
import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.DiskConverter;
import dev.convoy.disk.DiskSource;
import dev.convoy.disk.DiskTarget;
import dev.convoy.disk.InspectionReport;
import dev.convoy.disk.OutputFormat;
import dev.convoy.disk.http.SessionRenewal;
import dev.convoy.disk.qemu.ProcessQemuImg;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VcenterLogin;
import dev.convoy.importer.vsphere.VsphereException;
import dev.convoy.importer.vsphere.VsphereSession;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The import pod's entry point (Convoy's importer image): converts one disk from an HTTP(S) source
 * (a vCenter datastore {@code /folder} URL) into the PVC mounted at {@code --target}, verified, and
 * records progress and the converted disk as annotations of the PVC.
 *
 * <pre>
 * ImportPodMain --source URL --target DIR --pvc NAME --source-identity ID [--insecure-tls]
 * ImportPodMain --ova FILE.ova --ova-disk MEMBER --target DIR --pvc NAME --source-identity ID
 * </pre>
 *
 * An OVA member is read in place from the package (a read-only volume); disk-convert checks it
 * against the package's manifest (.mf) before converting, and the converted annotation records
 * which manifest verified it.
 *
 * <p>vCenter: the pod opens its own session with the login in its environment ({@link
 * VcenterLogin#environment()}: URL, user, password and the trust the migration's connection uses, a
 * pinned thumbprint, a CA bundle or, only when asked, none), from a Secret in the pod spec, never
 * from the arguments, which are visible in the pod. The datastore download verifies vCenter's
 * certificate exactly as that login says, and a download refused with 401/403 (the session expired
 * or was terminated) logs in again and goes on. Without a login, the Cookie header in {@code
 * CONVOY_SOURCE_COOKIE} is sent as it is. The pod's session is logged out when the import ends,
 * whether it succeeded, failed or the pod was stopped (SIGTERM); only SIGKILL leaves it to
 * vCenter's idle timeout. Exit codes: 0 done, 2 bad arguments, 3 bad source (or a vCenter that
 * refuses the login or is not trusted), 4 anything else.
 */
public final class ImportPodMain {
  /** The environment variable holding the source's Cookie header. */
  public static final String COOKIE_ENV = "CONVOY_SOURCE_COOKIE";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

  /**
   * Seconds the pod waits for vCenter (its login, a connection, a download whose data stops coming)
   * before it fails with a timeout; 60 by default.
   */
  public static final String TIMEOUT_ENV = "CONVOY_SOURCE_TIMEOUT_SECONDS";

  private ImportPodMain() {}

  /** The parsed arguments. */
  public record Arguments(
      URI source,
      Path target,
      String pvc,
      String sourceIdentity,
      boolean verifyTls,
      Path ova,
      String ovaDisk) {

    /** The disk to convert: the OVA member when {@code --ova} is given, else the URL. */
    DiskSource diskSource(String cookie) {
      if (ova != null) {
        return new DiskSource.OvaMember(ova, Optional.ofNullable(ovaDisk));
      }
      return new DiskSource.Http(
          source,
          Optional.ofNullable(cookie).filter(c -> !c.isBlank()),
          Map.of(),
          Optional.empty(),
          verifyTls);
    }

    /** Parses the command line; IllegalArgumentException names what is wrong. */
    public static Arguments parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      boolean insecure = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--insecure-tls")) {
          insecure = true;
        } else if (a.startsWith("--") && i + 1 < args.length) {
          values.put(a.substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unexpected argument \"" + a + "\"");
        }
      }
      if (values.containsKey("source") == values.containsKey("ova")) {
        throw new IllegalArgumentException("give exactly one of --source URL and --ova FILE");
      }
      if (values.containsKey("ova-disk") && !values.containsKey("ova")) {
        throw new IllegalArgumentException("--ova-disk needs --ova");
      }
      for (String required : new String[] {"target", "pvc", "source-identity"}) {
        if (!values.containsKey(required)) {
          throw new IllegalArgumentException("missing --" + required);
        }
      }
      return new Arguments(
          values.containsKey("source") ? URI.create(values.get("source")) : null,
          Path.of(values.get("target")),
          values.get("pvc"),
          values.get("source-identity"),
          !insecure,
          values.containsKey("ova") ? Path.of(values.get("ova")) : null,
          values.get("ova-disk"));
    }
  }

  public static void main(String[] args) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("import: " + e.getMessage());
      System.exit(2);
      return;
    }
    String namespace = System.getenv().getOrDefault("POD_NAMESPACE", "default");
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      ConverterSettings settings = ConverterSettings.defaults();
      try {
        Optional<java.time.Duration> timeout = timeout(System.getenv(TIMEOUT_ENV));
        if (timeout.isPresent()) {
          settings = settings.withHttpTimeout(timeout.get());
        }
      } catch (IllegalArgumentException e) {
        System.err.println("import: " + e.getMessage());
        System.exit(2);
        return;
      }
      System.exit(
          runWithEnvironment(
              arguments, System.getenv(), new PvcAnnotator(client, namespace), settings));
    }
  }

  /**
   * The value of {@link #TIMEOUT_ENV}: empty when unset or blank (the default applies), else 1 to
   * 3600 seconds, as the Migration's {@code spec.sourceTimeoutSeconds}.
   *
   * @throws IllegalArgumentException naming the variable and the value
   */
  static Optional<java.time.Duration> timeout(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          TIMEOUT_ENV + " is not a number of seconds: \"" + value + "\"", e);
    }
    if (!MigrationSpec.validSourceTimeout(seconds)) {
      throw new IllegalArgumentException(
          TIMEOUT_ENV
              + " must be between "
              + MigrationSpec.MIN_SOURCE_TIMEOUT_SECONDS
              + " and "
              + MigrationSpec.MAX_SOURCE_TIMEOUT_SECONDS
              + " seconds, got "
              + seconds);
    }
    return Optional.of(java.time.Duration.ofSeconds(seconds));
  }

  /** Where the import records what it did. */
  public interface Recorder {
    void annotate(String pvc, Map<String, String> annotations);
  }

  /**
   * Converts and records; returns the exit code. Public for the migration throughput benchmark
   * (importer/bench), which runs exactly what an import pod runs.
   */
  public static int run(Arguments arguments, String cookie, Recorder recorder) {
    return convert(arguments, arguments.diskSource(cookie), recorder, ConverterSettings.defaults());
  }

  /**
   * Converts and records, reading the source's login from {@code environment} ({@link
   * VcenterLogin}; without one, the cookie in {@link #COOKIE_ENV}); returns the exit code.
   */
  public static int runWithEnvironment(
      Arguments arguments,
      Map<String, String> environment,
      Recorder recorder,
      ConverterSettings settings) {
    return runWithEnvironment(arguments, environment, recorder, settings, session -> {});
  }

  /** {@link #runWithEnvironment}, telling {@code loggedIn} the pod's own session (for tests). */
  static int runWithEnvironment(
      Arguments arguments,
      Map<String, String> environment,
      Recorder recorder,
      ConverterSettings settings,
      java.util.function.Consumer<VsphereSession> loggedIn) {
    Optional<VcenterLogin> login;
    try {
      login =
          arguments.ova() == null
              ? VcenterLogin.fromEnvironment(environment, settings.scratchRoot())
              : Optional.empty();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      return refuse(arguments, recorder, "the vCenter login is incomplete: " + e.getMessage(), 2);
    }
    if (login.isEmpty()) {
      return convert(
          arguments, arguments.diskSource(environment.get(COOKIE_ENV)), recorder, settings);
    }
    // the controller asks for no verification only when the user did (--insecure, or the
    // Migration's verifySourceTls: false)
    VcenterLogin vcenter =
        arguments.verifyTls()
            ? login.get()
            : new VcenterLogin(
                login.get().endpoint(), login.get().credentials(), new TlsPolicy.Insecure());
    VsphereSession session;
    try {
      session =
          VsphereSession.open(
              vcenter.endpoint(), vcenter.credentials(), vcenter.tls(), settings.httpTimeout());
    } catch (VsphereException e) {
      boolean refused =
          e.kind() == VsphereException.Kind.TLS_THUMBPRINT_MISMATCH
              || e.kind() == VsphereException.Kind.TLS_UNTRUSTED
              || e.kind() == VsphereException.Kind.LOGIN_REFUSED;
      return refuse(arguments, recorder, e.getMessage(), refused ? 3 : 4);
    }
    // SIGTERM (the pod deleted, a node drained) runs the JVM's shutdown hooks but not this
    // method's finally: log out there too, so that sessions do not pile up on vCenter until its
    // idle timeout. SIGKILL ends the process without any of it.
    Thread logoutOnTermination = new Thread(session::close, "import-vcenter-logout");
    Runtime.getRuntime().addShutdownHook(logoutOnTermination);
    try (session) {
      loggedIn.accept(session);
      DiskSource.Http source =
          new DiskSource.Http(
              arguments.source(),
              Optional.empty(),
              Map.of(),
              Optional.empty(),
              arguments.verifyTls(),
              arguments.verifyTls() ? Optional.of(session.sslContext()) : Optional.empty(),
              Optional.of(new Relogin(session)));
      return convert(arguments, source, recorder, settings);
    } catch (java.io.IOException e) {
      return refuse(
          arguments, recorder, "cannot set up TLS for " + vcenter.endpoint() + ": " + e, 4);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(logoutOnTermination);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook logs out (once: close is idempotent)
      }
    }
  }

  /**
   * The pod's session as disk-convert sees it: its current cookie, and a new login when vCenter
   * refuses that cookie (expired, or terminated by an administrator). Shared by every request of
   * the conversion, so concurrent refusals of one cookie cost one login.
   */
  private record Relogin(VsphereSession session) implements SessionRenewal {
    @Override
    public Optional<String> current() {
      synchronized (session) {
        return Optional.ofNullable(session.httpCookie());
      }
    }

    @Override
    public String renew(Optional<String> refused) throws java.io.IOException {
      synchronized (session) {
        if (!refused.equals(Optional.ofNullable(session.httpCookie()))) {
          return session.httpCookie(); // another request logged in again already
        }
        try {
          session.relogin();
        } catch (VsphereException e) {
          throw new java.io.IOException(
              "the vCenter session ended and logging in again failed: " + e.getMessage(), e);
        }
        System.err.println(
            "import: the vCenter session ended; logged in again (login " + session.logins() + ")");
        return session.httpCookie();
      }
    }
  }

  /** Fails before converting: the reason goes to the PVC, where the controller reads it. */
  private static int refuse(Arguments arguments, Recorder recorder, String message, int code) {
    System.err.println("import: " + message);
    recorder.annotate(arguments.pvc(), Map.of(ImportAnnotations.ERROR, message));
    return code;
  }

  private static int convert(
      Arguments arguments, DiskSource diskSource, Recorder recorder, ConverterSettings settings) {
    long[] lastReport = {0};
    try {
      ConversionResult result =
          new DiskConverter(settings, ProcessQemuImg.fromPath())
              .convert(
                  new ConversionRequest(
                      diskSource,
                      DiskTarget.Directory.of(arguments.target()),
                      OutputFormat.RAW,
                      true,
                      // never overwrite a disk converted from another source: the executor
                      // would count it as done, so that is a conflict to report
                      false),
                  progress -> {
                    long now = System.nanoTime();
                    if (now - lastReport[0] >= PROGRESS_INTERVAL_NANOS) {
                      lastReport[0] = now;
                      recorder.annotate(
                          arguments.pvc(),
                          Map.of(
                              ImportAnnotations.PROGRESS,
                              progress.bytesDone() + "/" + progress.bytesTotal()));
                    }
                  });
      var marker = result.marker();
      Map<String, Object> converted = new LinkedHashMap<>();
      converted.put("sourceIdentity", arguments.sourceIdentity());
      converted.put("sha256", marker.sha256());
      if (marker.sourceSha256() != null) {
        // the source file as downloaded (a staged HTTP source), for the VM's source checksum
        converted.put("sourceSha256", marker.sourceSha256());
      }
      converted.put("verified", marker.verification() != null && marker.verification().identical());
      result
          .inspection()
          .flatMap(InspectionReport::ova)
          .ifPresent(
              ova -> {
                // which manifest vouched for the member (disk-convert refuses a mismatch)
                ova.manifest().ifPresent(mf -> converted.put("manifest", mf));
                converted.put("manifestVerified", ova.verifiedFiles().contains(ova.member()));
              });
      converted.put("virtualSize", marker.virtualSize());
      recorder.annotate(
          arguments.pvc(),
          Map.of(
              ImportAnnotations.PROGRESS,
              marker.virtualSize() + "/" + marker.virtualSize(),
              ImportAnnotations.CONVERTED,
              JSON.writeValueAsString(converted)));
      System.out.println(
          (result.alreadyReady() ? "already converted" : "converted")
              + " "
              + diskSource.describe()
              + " sha256="
              + marker.sha256()
              + (marker.sourceSha256() == null ? "" : " source-sha256=" + marker.sourceSha256()));
      return 0;
    } catch (DiskConvertException e) {
      System.err.println("import: " + e.getMessage());
      recorder.annotate(arguments.pvc(), Map.of(ImportAnnotations.ERROR, e.getMessage()));
      return e.kind() == DiskConvertException.Kind.INVALID_INPUT ? 3 : 4;
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("import: " + e);
      return 4;
    }
  }

  /** Writes annotations on the PVC; failures are reported, never fatal for the copy. */
  record PvcAnnotator(KubernetesClient client, String namespace) implements Recorder {
    @Override
    public void annotate(String pvc, Map<String, String> annotations) {
      try {
        client
            .persistentVolumeClaims()
            .inNamespace(namespace)
            .withName(pvc)
            .edit(
                p -> {
                  if (p.getMetadata().getAnnotations() == null) {
                    p.getMetadata().setAnnotations(new LinkedHashMap<>());
                  }
                  p.getMetadata().getAnnotations().putAll(annotations);
                  return p;
                });
      } catch (KubernetesClientException e) {
        System.err.println("import: cannot annotate PVC " + pvc + ": " + e.getMessage());
      }
    }
  }
}
