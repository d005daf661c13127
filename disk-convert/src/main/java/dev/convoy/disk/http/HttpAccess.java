package dev.convoy.disk.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to request an HTTP source: the cookie and extra headers every request carries (e.g. a vCenter
 * session), and the per-request timeout.
 */
public record HttpAccess(Optional<String> cookie, Map<String, String> headers, Duration timeout) {
  public HttpAccess {
    headers = Map.copyOf(headers);
  }

  /** A request builder for {@code url} with the cookie, headers and timeout set. */
  public HttpRequest.Builder request(URI url) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout);
    cookie.ifPresent(c -> builder.header("Cookie", c));
    headers.forEach(builder::header);
    return builder;
  }
}
