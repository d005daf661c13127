package dev.convoy.kubemock.testing;

import dev.convoy.kubemock.WatchEndsOffEventLoop;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** fabric8's mock API server in CRUD mode with its watches ending off the event loop. */
public final class CrudMockServer {
  private CrudMockServer() {}

  /**
   * Starts one on a free loopback port; its watches end on threads named {@code watchEndThreadName}
   * ({@link WatchEndsOffEventLoop}). Expectations may still be added.
   */
  public static KubernetesMockServer start(String watchEndThreadName) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new WatchEndsOffEventLoop(watchEndThreadName)
                .around(new KubernetesMixedDispatcher(expectations)),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }
}
