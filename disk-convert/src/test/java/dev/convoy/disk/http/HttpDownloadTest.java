package dev.convoy.disk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.convoy.disk.DiskConvertException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged download: the bytes and SHA-256 it returns, and what it refuses. */
class HttpDownloadTest {
  private static final byte[] BODY = "convoy staged source\n".getBytes(StandardCharsets.US_ASCII);
  private static final HttpAccess ACCESS =
      new HttpAccess(Optional.of("session=1"), Map.of(), Duration.ofSeconds(10));

  static HttpServer server;
  @TempDir Path work;

  @BeforeAll
  static void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/disk",
        exchange -> {
          if (!"session=1".equals(exchange.getRequestHeaders().getFirst("Cookie"))) {
            exchange.sendResponseHeaders(403, -1);
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().add("ETag", "\"v2\"");
          exchange.sendResponseHeaders(200, BODY.length);
          exchange.getResponseBody().write(BODY);
          exchange.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/disk");
  }

  @Test
  void downloadsTheBytesWithTheirSha256() throws Exception {
    Path file = work.resolve("source");
    HttpDownload.Downloaded downloaded =
        HttpDownload.toFile(
            HttpClient.newHttpClient(),
            url(),
            ACCESS,
            BODY.length,
            Optional.of("\"v2\""),
            file,
            done -> {});
    assertThat(Files.readAllBytes(file)).isEqualTo(BODY);
    assertThat(downloaded.bytes()).isEqualTo(BODY.length);
    assertThat(downloaded.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(BODY)));
  }

  @Test
  void aSourceThatChangedSinceItsHeadIsRefused() {
    Path file = work.resolve("changed");
    DiskConvertException error =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                HttpDownload.toFile(
                    HttpClient.newHttpClient(),
                    url(),
                    ACCESS,
                    BODY.length,
                    Optional.of("\"v1\""),
                    file,
                    done -> {}));
    assertThat(error.getMessage()).contains("changed").contains("\"v1\" -> \"v2\"");
    assertThat(file).doesNotExist();
    DiskConvertException longer =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                HttpDownload.toFile(
                    HttpClient.newHttpClient(),
                    url(),
                    ACCESS,
                    BODY.length + 1,
                    Optional.empty(),
                    work.resolve("length"),
                    done -> {}));
    assertThat(longer.getMessage()).contains("changed").contains("length " + (BODY.length + 1));
  }

  @Test
  void aRefusedCookieIsNamed() {
    DiskConvertException error =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                HttpDownload.toFile(
                    HttpClient.newHttpClient(),
                    url(),
                    new HttpAccess(Optional.empty(), Map.of(), Duration.ofSeconds(10)),
                    BODY.length,
                    Optional.empty(),
                    work.resolve("refused"),
                    done -> {}));
    assertThat(error.kind()).isEqualTo(DiskConvertException.Kind.INVALID_INPUT);
    assertThat(error.getMessage()).contains("403").contains("cookie");
  }
}
