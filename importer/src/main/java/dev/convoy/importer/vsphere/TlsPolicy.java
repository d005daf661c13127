package dev.convoy.importer.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How Convoy decides to trust a vCenter's TLS certificate. Verification is the default; {@link
 * Insecure} exists because labs run self-signed vCenters, and the CLI warns when it is used.
 */
public sealed interface TlsPolicy {

  /** The JDK's trust store (plus host name verification). */
  record SystemTrust() implements TlsPolicy {}

  /** Certificates in a PEM file are the trust anchors (plus host name verification). */
  record CaFile(Path file) implements TlsPolicy {}

  /**
   * The server's leaf certificate must have this fingerprint, like govc's known-hosts file; chain
   * and host name are not checked, the pin replaces them.
   */
  record Pinned(Thumbprint thumbprint) implements TlsPolicy {}

  /** Anything is accepted. Only on explicit request. */
  record Insecure() implements TlsPolicy {}

  /**
   * An SSL context for this policy whose trust manager reports what the server presented to {@code
   * seen}, so an error can name the certificate's thumbprint.
   */
  default SSLContext sslContext(PresentedCertificate seen) throws IOException {
    X509ExtendedTrustManager trust;
    if (this instanceof CaFile c) {
      trust = pkix(loadCaFile(c.file()));
    } else if (this instanceof Pinned p) {
      trust = new PinnedTrustManager(p.thumbprint());
    } else if (this instanceof Insecure) {
      trust = new AcceptAllTrustManager();
    } else {
      trust = pkix(null);
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new RecordingTrustManager(trust, seen)}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  private static X509ExtendedTrustManager pkix(KeyStore anchors) throws IOException {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(anchors);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK offers no X509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the trust store: " + e.getMessage(), e);
    }
  }

  private static KeyStore loadCaFile(Path file) throws IOException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(file)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IOException("CA file " + file + " does not exist");
    } catch (CertificateException e) {
      throw new IOException("CA file " + file + " is not a PEM certificate: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw new IOException("CA file " + file + " contains no certificate");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use CA file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The leaf certificate the server presented in the last handshake. */
  final class PresentedCertificate {
    private volatile X509Certificate leaf;

    /** The leaf certificate, or null before any handshake. */
    public X509Certificate leaf() {
      return leaf;
    }

    void record(X509Certificate[] chain) {
      if (chain != null && chain.length > 0) {
        leaf = chain[0];
      }
    }
  }

  /** Remembers the presented chain, then lets the policy's trust manager decide. */
  final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final PresentedCertificate seen;

    RecordingTrustManager(X509ExtendedTrustManager delegate, PresentedCertificate seen) {
      this.delegate = delegate;
      this.seen = seen;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      seen.record(chain);
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      seen.record(chain);
      delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      seen.record(chain);
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /** Trusts exactly one leaf certificate, by fingerprint. */
  final class PinnedTrustManager extends AcceptAllTrustManager {
    private final Thumbprint pin;

    PinnedTrustManager(Thumbprint pin) {
      this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      if (chain == null || chain.length == 0 || !pin.matches(chain[0])) {
        throw new ThumbprintMismatchException(
            pin, chain == null || chain.length == 0 ? null : chain[0]);
      }
    }
  }

  /** Thrown inside the handshake when the pinned fingerprint does not match. */
  final class ThumbprintMismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;

    ThumbprintMismatchException(Thumbprint expected, X509Certificate presented) {
      // both thumbprints: whoever reads the error (e.g. in an import pod's status) can compare
      super(
          "server certificate"
              + (presented == null
                  ? ""
                  : " with "
                      + expected.algorithm()
                      + " thumbprint "
                      + Thumbprint.of(presented, expected.algorithm()))
              + " does not match the pinned thumbprint "
              + expected);
    }
  }

  /** Accepts every certificate; the base of the pinned manager. */
  class AcceptAllTrustManager extends X509ExtendedTrustManager implements X509TrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
