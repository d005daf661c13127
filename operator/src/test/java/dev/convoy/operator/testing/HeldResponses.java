package dev.convoy.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * TEST FAULT INJECTION: a client that hands chosen responses to its caller only when the test says
 * so, as if the calling thread had been descheduled right after the API server answered. The server
 * has applied the request and sent its watch events by then; only the caller learns of it late.
 * Everything else (other requests, watches) is untouched.
 */
public final class HeldResponses {

  private final BiPredicate<HttpRequest, HttpResponse<?>> held;
  private final CompletableFuture<Void> released = new CompletableFuture<>();
  private final CompletableFuture<Void> holding = new CompletableFuture<>();
  private final AtomicInteger count = new AtomicInteger();

  /**
   * @param held which response to hold until {@link #release()} (the first that matches)
   */
  public HeldResponses(BiPredicate<HttpRequest, HttpResponse<?>> held) {
    this.held = held;
  }

  /** A client of {@code kube} whose matching responses are held. */
  public KubernetesClient client(MockKube kube) {
    return kube.newClient(
        b ->
            b.withHttpClientFactory(
                new JdkHttpClientFactory() {
                  @Override
                  protected HttpClient.Builder createNewHttpClientBuilder() {
                    return new HoldingBuilder(super.createNewHttpClientBuilder());
                  }
                }));
  }

  /** Waits until a response is being held. */
  public void awaitHolding(Duration timeout) throws Exception {
    holding.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Hands the held responses over (and does not hold any more). */
  public void release() {
    released.complete(null);
  }

  /** How many responses were held (one at most). */
  public int count() {
    return count.get();
  }

  private <T> CompletableFuture<HttpResponse<T>> hold(
      HttpRequest request, CompletableFuture<HttpResponse<T>> response) {
    return response.thenCompose(
        r -> {
          if (released.isDone() || holding.isDone() || !held.test(request, r)) {
            return CompletableFuture.completedFuture(r);
          }
          if (!holding.complete(null)) {
            return CompletableFuture.completedFuture(r); // another response is held
          }
          count.incrementAndGet();
          return released.thenApply(v -> r);
        });
  }

  private final class HoldingBuilder implements HttpClient.Builder {
    private final HttpClient.Builder builder;

    HoldingBuilder(HttpClient.Builder builder) {
      this.builder = builder;
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
      builder.cookieHandler(cookieHandler);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
      builder.connectTimeout(duration);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
      builder.sslContext(sslContext);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
      builder.sslParameters(sslParameters);
      return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
      builder.executor(executor);
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
      builder.followRedirects(policy);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
      builder.version(version);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
      builder.priority(priority);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
      builder.proxy(proxySelector);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
      builder.authenticator(authenticator);
      return this;
    }

    @Override
    public HttpClient build() {
      return new HoldingClient(builder.build());
    }
  }

  private final class HoldingClient extends HttpClient {
    private final HttpClient client;

    HoldingClient(HttpClient client) {
      this.client = client;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request, HttpResponse.BodyHandler<T> handler) {
      return hold(request, client.sendAsync(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
        HttpRequest request,
        HttpResponse.BodyHandler<T> handler,
        HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
      return hold(request, client.sendAsync(request, handler, pushPromiseHandler));
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      return client.send(request, handler);
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
      return client.newWebSocketBuilder();
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
      return client.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
      return client.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
      return client.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
      return client.proxy();
    }

    @Override
    public SSLContext sslContext() {
      return client.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
      return client.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
      return client.authenticator();
    }

    @Override
    public Version version() {
      return client.version();
    }

    @Override
    public Optional<Executor> executor() {
      return client.executor();
    }
  }
}
