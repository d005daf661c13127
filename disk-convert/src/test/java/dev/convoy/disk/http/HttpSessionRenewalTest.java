package dev.convoy.disk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.convoy.disk.DiskConvertException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session cookie the server stops accepting (a vCenter session that expired or was terminated):
 * with a renewal, the refused request is sent once more with a new cookie; without, it fails naming
 * the status.
 */
class HttpSessionRenewalTest {
  private static final byte[] BODY = new byte[3 << 20];

  private HttpServer server;

  /** The one cookie the server accepts. */
  private final AtomicReference<String> valid = new AtomicReference<>("session=1");

  private final AtomicInteger refused = new AtomicInteger();
  @TempDir Path work;

  @BeforeEach
  void serve() throws IOException {
    for (int i = 0; i < BODY.length; i++) {
      BODY[i] = (byte) (i * 31);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/disk",
        exchange -> {
          if (!valid.get().equals(exchange.getRequestHeaders().getFirst("Cookie"))) {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
          }
          exchange.getResponseHeaders().add("Accept-Ranges", "bytes");
          String range = exchange.getRequestHeaders().getFirst("Range");
          if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(BODY.length));
            exchange.sendResponseHeaders(200, -1);
          } else if (range != null) {
            String[] bounds = range.substring("bytes=".length()).split("-");
            int start = Integer.parseInt(bounds[0]);
            int end = Integer.parseInt(bounds[1]);
            exchange
                .getResponseHeaders()
                .add("Content-Range", "bytes " + start + "-" + end + "/" + BODY.length);
            exchange.sendResponseHeaders(206, end - start + 1);
            exchange.getResponseBody().write(BODY, start, end - start + 1);
          } else {
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/disk");
  }

  /** A session starting with session=1; a login makes the server accept its new cookie only. */
  private SessionRenewal login(AtomicInteger logins) {
    AtomicReference<String> current = new AtomicReference<>("session=1");
    return new SessionRenewal() {
      @Override
      public Optional<String> current() {
        return Optional.of(current.get());
      }

      @Override
      public synchronized String renew(Optional<String> refused) {
        if (!refused.equals(current())) {
          return current.get(); // renewed by another request already
        }
        String cookie = "session=" + (logins.incrementAndGet() + 1);
        valid.set(cookie);
        current.set(cookie);
        return cookie;
      }
    };
  }

  @Test
  void aRefusedDownloadLogsInAgainAndCompletes() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    HttpAccess access =
        new HttpAccess(
            Optional.empty(), Map.of(), Duration.ofSeconds(10), Optional.of(login(logins)));
    valid.set("session=expired");

    HttpDownload.Downloaded downloaded =
        HttpDownload.toFile(
            HttpClient.newHttpClient(),
            url(),
            access,
            BODY.length,
            Optional.empty(),
            work.resolve("copy"),
            done -> {});

    assertThat(downloaded.bytes()).isEqualTo(BODY.length);
    assertThat(Files.readAllBytes(work.resolve("copy"))).isEqualTo(BODY);
    assertThat(logins).hasValue(1);
    assertThat(access.cookie()).contains("session=2");
  }

  @Test
  void rangesRenewOnceWhenTheSessionEndsMidStream() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    HttpAccess access =
        new HttpAccess(
            Optional.empty(), Map.of(), Duration.ofSeconds(10), Optional.of(login(logins)));
    try (HttpRangeSource source =
        HttpRangeSource.open(
            HttpClient.newHttpClient(), url(), access, HttpRangeSource.STREAMING_BLOCK / 4)) {
      byte[] first = source.read(0, 1 << 20);
      valid.set("session=terminated"); // the session ends between two ranges
      byte[] rest = source.read(1 << 20, BODY.length - (1 << 20));
      assertThat(first.length + rest.length).isEqualTo(BODY.length);
      assertThat(rest[0]).isEqualTo(BODY[1 << 20]);
      assertThat(rest[rest.length - 1]).isEqualTo(BODY[BODY.length - 1]);
    }
    // prefetches refused together share one login
    assertThat(logins).hasValue(1);
    assertThat(refused.get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void withoutRenewalARefusedCookieFailsNamingTheStatus() {
    HttpAccess access = new HttpAccess(Optional.of("session=1"), Map.of(), Duration.ofSeconds(10));
    valid.set("session=expired");
    DiskConvertException error =
        catchThrowableOfType(
            () ->
                HttpDownload.toFile(
                    HttpClient.newHttpClient(),
                    url(),
                    access,
                    BODY.length,
                    Optional.empty(),
                    work.resolve("copy"),
                    done -> {}),
            DiskConvertException.class);
    assertThat(error.getMessage()).contains("401").contains("cookie");
    assertThat(work.resolve("copy")).doesNotExist();
  }

  @Test
  void aFailedLoginIsTheReason() {
    HttpAccess access =
        new HttpAccess(
            Optional.of("session=1"),
            Map.of(),
            Duration.ofSeconds(10),
            Optional.of(
                new SessionRenewal() {
                  @Override
                  public Optional<String> current() {
                    return Optional.of("session=1");
                  }

                  @Override
                  public String renew(Optional<String> refused) throws IOException {
                    throw new IOException("vCenter refused the login of user 'user'");
                  }
                }));
    valid.set("session=expired");
    DiskConvertException error =
        catchThrowableOfType(
            () ->
                HttpRangeSource.open(
                    HttpClient.newHttpClient(), url(), access, HttpRangeSource.INSPECTION_BLOCK),
            DiskConvertException.class);
    assertThat(error.getMessage()).contains("refused the login of user 'user'");
  }
}
