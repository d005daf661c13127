package dev.convoy.importer.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * {@link SoapTransport} over the JDK's HTTP client: one kept-alive HTTP/1.1 connection, TLS from a
 * {@link TlsPolicy}, responses streamed to the parser, and a count of round trips.
 */
public final class HttpSoapTransport implements SoapTransport {
  private final URI endpoint;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final AtomicInteger roundTrips = new AtomicInteger();

  /**
   * @param endpoint the SDK URL, e.g. {@code https://vc.example.com/sdk}
   * @param ssl the TLS context (see {@link TlsPolicy#sslContext})
   * @param connectTimeout how long to wait for a TCP connection
   * @param requestTimeout how long one request may take, response included
   */
  public HttpSoapTransport(
      URI endpoint, SSLContext ssl, Duration connectTimeout, Duration requestTimeout) {
    this.endpoint = endpoint;
    this.requestTimeout = requestTimeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .sslContext(ssl)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Response post(String soapAction, String envelope, String cookie) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(requestTimeout)
            .header("Content-Type", "text/xml; charset=utf-8")
            // vCenter compresses large property collector answers when asked: less to decrypt.
            .header("Accept-Encoding", "gzip")
            .header("SOAPAction", soapAction == null ? "" : soapAction)
            .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    roundTrips.incrementAndGet();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for " + endpoint);
    }
    String sessionCookie =
        response.headers().allValues("Set-Cookie").stream()
            .map(c -> c.split(";", 2)[0].trim())
            .filter(c -> c.contains("="))
            .findFirst()
            .orElse(null);
    InputStream body = response.body();
    if (response
        .headers()
        .firstValue("Content-Encoding")
        .map(e -> e.trim().equalsIgnoreCase("gzip"))
        .orElse(false)) {
      body = new java.util.zip.GZIPInputStream(body, 64 * 1024);
    }
    return new Response(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(null),
        sessionCookie,
        body);
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public int roundTrips() {
    return roundTrips.get();
  }
}
