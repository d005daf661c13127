package dev.convoy.operator.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Plain-HTTP endpoints for the kubelet and Prometheus: {@code /metrics} (text exposition), {@code
 * /healthz} (the process is alive and its informers are healthy) and {@code /readyz} (the operator
 * started and, with leader election, this replica may serve). Kept off the webhook's TLS port so
 * probes need no certificates.
 */
public final class OpsServer implements AutoCloseable {

  private final HttpServer server;

  /**
   * Binds {@code port} (0 picks a free one) on all interfaces.
   *
   * @param metrics source of {@code /metrics}
   * @param live answers {@code /healthz}
   * @param ready answers {@code /readyz}
   */
  public OpsServer(int port, OperatorMetrics metrics, BooleanSupplier live, BooleanSupplier ready)
      throws IOException {
    this(port, metrics::render, live, ready);
  }

  /**
   * As {@link #OpsServer(int, OperatorMetrics, BooleanSupplier, BooleanSupplier)}, for any
   * controller's metrics.
   *
   * @param metrics renders {@code /metrics} in the Prometheus text format
   */
  public OpsServer(
      int port,
      java.util.function.Supplier<String> metrics,
      BooleanSupplier live,
      BooleanSupplier ready)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.createContext("/healthz", ex -> probe(ex, live));
    server.createContext("/readyz", ex -> probe(ex, ready));
    server.setExecutor(Executors.newFixedThreadPool(2, daemon("ops-http")));
    server.start();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok;
    try {
      ok = check.getAsBoolean();
    } catch (RuntimeException e) {
      ok = false;
    }
    send(ex, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
