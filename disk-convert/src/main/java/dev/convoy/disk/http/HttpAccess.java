package dev.convoy.disk.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to request an HTTP source: the cookie and extra headers every request carries (e.g. a vCenter
 * session), and the per-request timeout. With a {@link SessionRenewal}, the cookie is the session's
 * current one, and a request the server refuses with 401 or 403 can get a new cookie ({@link
 * #renew}) and be sent once more; requests on several threads (range prefetches) and several
 * accesses of one conversion share one renewal per refused cookie.
 */
public final class HttpAccess {
  private final Map<String, String> headers;
  private final Duration timeout;
  private final Optional<SessionRenewal> session;
  private final Optional<String> fixedCookie;
  private int renewals;

  /** A fixed cookie: a refused one stays refused. */
  public HttpAccess(Optional<String> cookie, Map<String, String> headers, Duration timeout) {
    this(cookie, headers, timeout, Optional.empty());
  }

  /**
   * @param cookie the cookie to send when there is no session
   * @param session the session whose current cookie is sent, renewed after a refusal
   */
  public HttpAccess(
      Optional<String> cookie,
      Map<String, String> headers,
      Duration timeout,
      Optional<SessionRenewal> session) {
    this.fixedCookie = Objects.requireNonNull(cookie, "cookie");
    this.headers = Map.copyOf(headers);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.session = Objects.requireNonNull(session, "session");
  }

  /** The cookie requests carry now. */
  public Optional<String> cookie() {
    return session.isPresent() ? session.get().current() : fixedCookie;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Whether a refused cookie can be renewed. */
  public boolean renewable() {
    return session.isPresent();
  }

  /** This access with its current cookie and no renewal: for one last attempt. */
  public HttpAccess fixed() {
    return new HttpAccess(cookie(), headers, timeout);
  }

  /** How many times the cookie was renewed. */
  public synchronized int renewals() {
    return renewals;
  }

  /** A request builder for {@code url} with the current cookie, headers and timeout set. */
  public HttpRequest.Builder request(URI url) {
    return request(url, cookie());
  }

  /**
   * Sends the request {@code build} makes of {@link #request(URI)}; when the server refuses the
   * cookie (401 or 403) and a new one can be had, sends it once more with the new cookie.
   */
  public <T> HttpResponse<T> send(
      HttpClient client,
      URI url,
      java.util.function.UnaryOperator<HttpRequest.Builder> build,
      HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    Optional<String> sent = cookie();
    HttpResponse<T> response = client.send(build.apply(request(url, sent)).build(), body);
    if ((response.statusCode() == 401 || response.statusCode() == 403) && renew(sent)) {
      response = client.send(build.apply(request(url)).build(), body);
    }
    return response;
  }

  private HttpRequest.Builder request(URI url, Optional<String> withCookie) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout);
    withCookie.ifPresent(c -> builder.header("Cookie", c));
    headers.forEach(builder::header);
    return builder;
  }

  /**
   * The server refused a request sent with {@code refused} (401 or 403): logs in again unless
   * another request did so since that request was sent.
   *
   * @return true when another cookie is current now, so the request is worth sending once more;
   *     false when this access cannot renew its cookie
   * @throws IOException when the renewal failed, naming why
   */
  public synchronized boolean renew(Optional<String> refused) throws IOException {
    if (session.isEmpty()) {
      return false;
    }
    Optional<String> renewed = Optional.of(session.get().renew(refused));
    renewals++;
    return !renewed.equals(refused);
  }

  @Override
  public String toString() {
    return "HttpAccess[cookie="
        + (cookie().isPresent() ? "<redacted>" : "none")
        + ", headers="
        + headers.keySet()
        + ", timeout="
        + timeout
        + (session.isPresent() ? ", renewable" : "")
        + "]";
  }
}
