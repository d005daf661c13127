package dev.convoy.disk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.disk.DiskConvertException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A source that cannot be reached is named with the reason, never "null". */
class HttpRangeSourceTest {
  @Test
  void aRefusedConnectionSaysSo() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/folder/vm/disk.vmdk");
    assertThatThrownBy(
            () ->
                HttpRangeSource.open(
                    HttpClient.newHttpClient(),
                    url,
                    new HttpAccess(Optional.empty(), Map.of(), Duration.ofSeconds(5)),
                    1 << 20))
        .isInstanceOf(DiskConvertException.class)
        .hasMessageContaining("HTTP HEAD failed: ")
        .hasMessageNotContaining("null")
        .satisfies(e -> assertThat(e.getMessage()).contains("/folder/vm/disk.vmdk"));
  }
}
