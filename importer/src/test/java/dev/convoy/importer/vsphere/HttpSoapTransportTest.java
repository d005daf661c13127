package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/** The transport asks for gzip, inflates gzip answers, and keeps the session cookie. */
class HttpSoapTransportTest {

  @Test
  void gzipAnswersAreInflatedAndTheSessionCookieIsKept() throws Exception {
    String soap =
        "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soapenv:Body><CurrentTimeResponse xmlns=\"urn:vim25\"><returnval>2024-01-01T00:00:00Z</returnval>"
            + "</CurrentTimeResponse></soapenv:Body></soapenv:Envelope>";
    AtomicReference<String> acceptEncoding = new AtomicReference<>();
    AtomicReference<String> soapAction = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/sdk",
        exchange -> {
          acceptEncoding.set(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
          soapAction.set(exchange.getRequestHeaders().getFirst("SOAPAction"));
          exchange.getRequestBody().readAllBytes();
          ByteArrayOutputStream gz = new ByteArrayOutputStream();
          try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(soap.getBytes(StandardCharsets.UTF_8));
          }
          exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
          exchange.getResponseHeaders().add("Content-Encoding", "gzip");
          exchange
              .getResponseHeaders()
              .add("Set-Cookie", "vmware_soap_session=\"abc\"; Path=/; HttpOnly");
          exchange.sendResponseHeaders(200, gz.size());
          exchange.getResponseBody().write(gz.toByteArray());
          exchange.close();
        });
    server.start();
    try {
      HttpSoapTransport transport =
          new HttpSoapTransport(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sdk"),
              SSLContext.getDefault(),
              Duration.ofSeconds(10),
              Duration.ofSeconds(10));
      TolerantSoapClient client = new TolerantSoapClient(transport, new UnknownContent());
      Object time =
          client.invokeXml(
              "CurrentTime", "<_this type=\"ServiceInstance\">ServiceInstance</_this>", "Calendar");
      assertThat(((java.util.Calendar) time).toInstant().toString())
          .isEqualTo("2024-01-01T00:00:00Z");
      assertThat(acceptEncoding.get()).isEqualTo("gzip");
      assertThat(soapAction.get()).isEqualTo("urn:vim25/6.0");
      assertThat(client.getCookie()).isEqualTo("vmware_soap_session=\"abc\"");
      assertThat(transport.roundTrips()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }
}
