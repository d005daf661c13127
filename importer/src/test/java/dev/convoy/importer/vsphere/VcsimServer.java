package dev.convoy.importer.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running vCenter simulator ({@code build/bin/vcsim}, govmomi's simulator built by {@code
 * scripts/setup}) on 127.0.0.1 with a free port, for tests. Start it with the topology flags of
 * {@code vcsim -h} ({@code -dc}, {@code -cluster}, {@code -host}, {@code -vm}, ...), close it to
 * stop it. Reusable by any module's tests that talk to vCenter.
 */
public final class VcsimServer implements AutoCloseable {
  /** The simulator's default login. */
  public static final String USERNAME = "user";

  public static final String PASSWORD = "pass";

  private final Process process;
  private final URI sdkUrl;
  private final String thumbprintSha1;
  private final String thumbprintSha256;
  private final Path log;

  private VcsimServer(Process process, JsonNode info, Path log) {
    this.process = process;
    this.sdkUrl = URI.create(info.get("url").asText());
    this.thumbprintSha1 = info.path("thumbprintSHA1").asText(null);
    this.thumbprintSha256 = info.path("thumbprintSHA256").asText(null);
    this.log = log;
  }

  /** The vcsim binary under the repository root. */
  public static Path binary() {
    String root = System.getProperty("convoy.root");
    Path base = root == null ? Path.of("..") : Path.of(root);
    return base.resolve("build/bin/vcsim").toAbsolutePath().normalize();
  }

  /**
   * Starts vcsim with {@code flags} (e.g. {@code "-cluster", "2", "-vm", "3"}) and waits for it to
   * listen (inventory creation takes a while for large topologies).
   */
  public static VcsimServer start(String... flags) throws IOException {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "vcsim is not built: "
              + binary
              + " is missing. Run scripts/setup (it builds tools/vcsim with Debian's govmomi).");
    }
    Path main = binary.getParent().getParent().getParent().resolve("tools/vcsim/main.go");
    if (Files.exists(main)
        && Files.getLastModifiedTime(main).compareTo(Files.getLastModifiedTime(binary)) > 0) {
      throw new IllegalStateException(
          binary + " is older than " + main + ": run scripts/setup to rebuild it");
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(), "-l", "127.0.0.1:0"));
    command.addAll(List.of(flags));
    Path logDir = binary.getParent().getParent().resolve("test-logs");
    Files.createDirectories(logDir);
    Path log = Files.createTempFile(logDir, "vcsim-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return out.readLine();
              } catch (IOException e) {
                return null;
              }
            });
    String line;
    try {
      line = firstLine.get(180, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("vcsim did not start within 180 s; see " + log);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("vcsim failed to start: " + e + "; see " + log, e);
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IOException("vcsim exited before listening: " + Files.readString(log));
    }
    return new VcsimServer(process, new ObjectMapper().readTree(line), log);
  }

  /** {@code https://127.0.0.1:port/sdk}. */
  public URI sdkUrl() {
    return sdkUrl;
  }

  /** The port it listens on. */
  public int port() {
    return sdkUrl.getPort();
  }

  /** The certificate's SHA-1 thumbprint, as govc prints it. */
  public String thumbprintSha1() {
    return thumbprintSha1;
  }

  /** The certificate's SHA-256 thumbprint. */
  public String thumbprintSha256() {
    return thumbprintSha256;
  }

  /** {@code vsphere://user@127.0.0.1:port}, optionally with a datacenter path. */
  public VsphereEndpoint endpoint(String datacenter) {
    return new VsphereEndpoint(USERNAME, "127.0.0.1", port(), datacenter);
  }

  /** The endpoint as the CLI takes it. */
  public String url() {
    return "vsphere://" + USERNAME + "@127.0.0.1:" + port();
  }

  /** The simulator's default credentials. */
  public static VsphereCredentials credentials() {
    return new VsphereCredentials(USERNAME, PASSWORD.toCharArray());
  }

  /** A session pinned to the simulator's certificate. */
  public VsphereSession login() throws VsphereException {
    return VsphereSession.open(
        endpoint(null),
        credentials(),
        new TlsPolicy.Pinned(Thumbprint.parse(thumbprintSha256)),
        java.time.Duration.ofSeconds(60));
  }

  /** The simulator's process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * vCenter goes down: the simulator closes its listener and every connection (SIGUSR1; new
   * connections are refused) and keeps its inventory for {@link #comeBack()}. Returns once the port
   * refuses connections.
   */
  public void goDown() throws IOException, InterruptedException {
    signal("USR1");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (accepts()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("vcsim still accepts connections 10 s after SIGUSR1");
      }
      Thread.sleep(50);
    }
  }

  /** vCenter is back on the same port with the same inventory (SIGUSR2). */
  public void comeBack() throws IOException, InterruptedException {
    signal("USR2");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!accepts()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("vcsim does not listen again 10 s after SIGUSR2");
      }
      Thread.sleep(50);
    }
  }

  /** vCenter hangs: the process is stopped (SIGSTOP); connections open but nothing answers. */
  public void hang() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** A hung vCenter goes on (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + pid() + " failed");
    }
  }

  private boolean accepts() {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The simulator's certificate as PEM (self-signed: it is its own CA). */
  public String certificatePem() throws IOException {
    TlsPolicy.PresentedCertificate seen = new TlsPolicy.PresentedCertificate();
    javax.net.ssl.SSLContext context = new TlsPolicy.Insecure().sslContext(seen);
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port())) {
      socket.startHandshake();
    }
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(seen.leaf().getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IOException(e);
    }
  }

  /** Where vcsim's stderr goes. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    try {
      signal("CONT"); // a hung simulator would not see SIGTERM
    } catch (IOException | InterruptedException | RuntimeException e) {
      // it has exited already
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a leftover log file is harmless
    }
  }
}
