package dev.convoy.kubemock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.kubemock.testing.CrudMockServer;
import dev.convoy.kubemock.testing.WatchCloseStall;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link WatchEndsOffEventLoop#around} on fabric8's CRUD mock. The stall depends on timing:
 * without the fix the operator's tests once saw a 30.6 s read (fabric8's 30 s write wait) and a
 * server close that timed out, while one run of this test without it did not stall; so this shows
 * the behaviour rather than reproducing the old failure every time.
 */
@DisplayName("mock API server: closing watches while their events are in flight stalls nothing")
class WatchEndsOffEventLoopTest {

  @Test
  @DisplayName("every read is answered promptly and the server closes in time")
  void closingBusyWatches() throws Exception {
    KubernetesMockServer server = CrudMockServer.start("test-watch-end");
    // destroy() throws when the server does not close within its 10 s
    WatchCloseStall.Timings timings =
        WatchCloseStall.run(server::createClient, "default", server::destroy);
    assertThat(timings.slowestReadMillis()).as("slowest read, ms").isLessThan(5_000);
    assertThat(timings.closeMillis()).as("server close, ms").isLessThan(5_000);
  }
}
