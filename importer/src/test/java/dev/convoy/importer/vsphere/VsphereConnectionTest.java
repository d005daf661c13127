package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS policies, login and connection errors, and session expiry, against vcsim. */
class VsphereConnectionTest {
  static VcsimServer vcsim;

  @BeforeAll
  static void start() throws IOException {
    vcsim = VcsimServer.start("-cluster", "1", "-host", "1", "-vm", "3", "-standalone-host", "0");
  }

  @AfterAll
  static void stop() {
    vcsim.close();
  }

  private static VsphereSession open(TlsPolicy tls) throws VsphereException {
    return VsphereSession.open(
        vcsim.endpoint(null), VcsimServer.credentials(), tls, Duration.ofSeconds(30));
  }

  @Test
  void pinnedSha256AndSha1ThumbprintsConnect() throws Exception {
    try (VsphereSession s =
        open(new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha256())))) {
      assertThat(s.isActive()).isTrue();
    }
    try (VsphereSession s = open(new TlsPolicy.Pinned(Thumbprint.parse(vcsim.thumbprintSha1())))) {
      assertThat(s.isActive()).isTrue();
    }
  }

  @Test
  void aWrongPinRefusesAndNamesTheRealThumbprint() {
    Thumbprint wrong = Thumbprint.parse("00".repeat(31) + "01");
    assertThatThrownBy(() -> open(new TlsPolicy.Pinned(wrong)))
        .isInstanceOfSatisfying(
            VsphereException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(VsphereException.Kind.TLS_THUMBPRINT_MISMATCH);
              assertThat(e.getMessage())
                  .contains(vcsim.thumbprintSha256())
                  .contains("does not match --thumbprint " + wrong);
            });
  }

  @Test
  void theSystemTrustStoreRefusesASelfSignedCertificateWithAUsefulMessage() {
    assertThatThrownBy(() -> open(new TlsPolicy.SystemTrust()))
        .isInstanceOfSatisfying(
            VsphereException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(VsphereException.Kind.TLS_UNTRUSTED);
              assertThat(e.getMessage())
                  .contains("SHA-256 thumbprint " + vcsim.thumbprintSha256())
                  .contains("--ca-file")
                  .contains("--thumbprint")
                  .contains("--insecure");
            });
  }

  @Test
  void aCaFileWithTheServersCertificateIsTrusted(@TempDir Path dir) throws Exception {
    Path pem = dir.resolve("ca.pem");
    X509Certificate certificate = serverCertificate();
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    try (VsphereSession s = open(new TlsPolicy.CaFile(pem))) {
      assertThat(s.isActive()).isTrue();
    }
    assertThatThrownBy(() -> open(new TlsPolicy.CaFile(dir.resolve("missing.pem"))))
        .hasMessageContaining("missing.pem does not exist");
  }

  @Test
  void insecureConnects() throws Exception {
    try (VsphereSession s = open(new TlsPolicy.Insecure())) {
      assertThat(s.isActive()).isTrue();
    }
  }

  @Test
  void aWrongPasswordIsALoginErrorThatDoesNotEchoThePassword() {
    assertThatThrownBy(
            () ->
                VsphereSession.open(
                    vcsim.endpoint(null),
                    new VsphereCredentials("user", "not-the-password".toCharArray()),
                    new TlsPolicy.Insecure(),
                    Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            VsphereException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(VsphereException.Kind.LOGIN_REFUSED);
              assertThat(e.getMessage())
                  .contains("refused the login of user 'user'")
                  .doesNotContain("not-the-password");
            });
  }

  @Test
  void anUnreachableHostSaysSo() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                VsphereSession.open(
                    new VsphereEndpoint("user", "127.0.0.1", closedPort, null),
                    VcsimServer.credentials(),
                    new TlsPolicy.Insecure(),
                    Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            VsphereException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(VsphereException.Kind.UNREACHABLE);
              assertThat(e.getMessage())
                  .startsWith("cannot connect to vsphere://127.0.0.1:" + closedPort);
            });
  }

  @Test
  void aSessionTerminatedMidCollectionLogsInAgainAndCompletes() throws Exception {
    try (VsphereSession admin = vcsim.login();
        VsphereSession session = vcsim.login()) {
      String key = session.sessionKey();
      int[] restarts = {0};
      VsphereCollector.Result result =
          new VsphereCollector(1000)
              .collect(
                  session,
                  "vc",
                  new VsphereCollector.Listener() {
                    @Override
                    public void viewCreated() {
                      if (restarts[0] == 0) {
                        try {
                          admin.call(
                              "TerminateSession",
                              () -> {
                                admin
                                    .port()
                                    .terminateSession(
                                        admin.content().sessionManager, new String[] {key});
                                return null;
                              });
                        } catch (VsphereException e) {
                          throw new IllegalStateException(e);
                        }
                      }
                    }

                    @Override
                    public void restarted(String reason) {
                      restarts[0]++;
                    }
                  });
      assertThat(restarts[0]).isEqualTo(1);
      assertThat(result.stats().logins()).isEqualTo(1);
      assertThat(result.inventory().vms()).hasSize(3);
      assertThat(session.sessionKey()).isNotEqualTo(key);
    }
  }

  private static X509Certificate serverCertificate() throws Exception {
    X509Certificate[] seen = new X509Certificate[1];
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(
        null,
        new TrustManager[] {
          new TlsPolicy.AcceptAllTrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
              seen[0] = chain[0];
            }
          }
        },
        null);
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", vcsim.port())) {
      socket.startHandshake();
    }
    return seen[0];
  }
}
