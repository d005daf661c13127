package dev.convoy.handler;

import com.sun.net.httpserver.HttpServer;
import dev.convoy.handler.agent.NodeHeartbeat;
import dev.convoy.handler.agent.VirtHandler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The node agent in a cluster (the DaemonSet in {@code deploy/handler/daemonset.yaml}): watches the
 * VMIs of its node, talks to their launchers through the kubelet's pod directory (mounted at {@code
 * /pods}, as KubeVirt does: the full kubelet path is too long for a unix socket address), beats its
 * node's heartbeat and serves {@code /healthz} for its probes.
 *
 * <p>Arguments ({@code --key=value}; each also from the environment, {@code NODE_NAME}, {@code
 * CONVOY_PODS_ROOT}, {@code CONVOY_LIBVIRT_URI}, {@code CONVOY_HEALTH_PORT}): {@code --node-name},
 * {@code --pods-root} (default /pods), {@code --libvirt} (default qemu:///system, for reaping the
 * domains of dead launchers), {@code --health-port} (default 8186, -1 off).
 */
public final class HandlerMain {
  private HandlerMain() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("node-name", System.getenv("NODE_NAME"));
    options.put("pods-root", env("CONVOY_PODS_ROOT", "/pods"));
    options.put("libvirt", env("CONVOY_LIBVIRT_URI", "qemu:///system"));
    options.put("health-port", env("CONVOY_HEALTH_PORT", "8186"));
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0 || !options.containsKey(arg.substring(2, equals))) {
        System.err.println(
            "convoy-handler: error: unknown argument \""
                + arg
                + "\"; known: --"
                + String.join("=, --", options.keySet())
                + "=");
        System.exit(2);
      }
      options.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    String node = options.get("node-name");
    if (node == null || node.isBlank()) {
      System.err.println("convoy-handler: error: --node-name (or NODE_NAME) is required");
      System.exit(2);
    }
    Path podsRoot = Path.of(options.get("pods-root"));
    if (!Files.isDirectory(podsRoot)) {
      System.err.println(
          "convoy-handler: error: --pods-root "
              + podsRoot
              + " is not a directory (mount the kubelet's pods directory there)");
      System.exit(2);
    }
    int healthPort;
    try {
      healthPort = Integer.parseInt(options.get("health-port"));
    } catch (NumberFormatException e) {
      System.err.println(
          "convoy-handler: error: --health-port: \""
              + options.get("health-port")
              + "\" is not a number");
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    VirtHandler handler =
        VirtHandler.create(client, new VirtHandler.Config(node, podsRoot), options.get("libvirt"));
    handler.start();
    NodeHeartbeat heartbeat =
        new NodeHeartbeat(client, node, handler::isHealthy, Clock.systemUTC());
    heartbeat.start(Duration.ofSeconds(15));
    HttpServer health = healthPort < 0 ? null : health(healthPort, handler);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (health != null) {
                    health.stop(0);
                  }
                  heartbeat.close();
                  handler.close();
                  client.close();
                  stopped.countDown();
                },
                "convoy-handler-stop"));
    System.out.println("convoy-handler: node " + node + ", pods under " + podsRoot);
    stopped.await();
  }

  private static HttpServer health(int port, VirtHandler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext(
        "/healthz",
        exchange -> {
          boolean ok = handler.isHealthy();
          byte[] body =
              (ok ? "ok\n" : "the node agent's watches are not running\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
