package dev.convoy.disk;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The HTTP clients Convoy reads image headers with. Redirects are not followed. */
final class HttpClients {
  private HttpClients() {}

  static HttpClient verifying(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Trusts the server as {@code tls} decides, e.g. a pinned vCenter thumbprint or a CA file (the
   * context's trust manager also decides on the host name: the JDK asks it to check HTTPS
   * identity).
   */
  static HttpClient trusting(javax.net.ssl.SSLContext tls, Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .sslContext(tls)
        .build();
  }

  /** Accepts any certificate: only for sources the user marked as not verifying TLS. */
  static HttpClient trustingAll(Duration connectTimeout) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager trustAll =
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .sslContext(context)
          .build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
