package dev.convoy.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.kubemock.testing.WatchCloseStall;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Regression test for MockKube's watches ending off the event loop ({@link
 * dev.convoy.kubemock.WatchEndsOffEventLoop}): without it the slowest read here took 30.6 s
 * (fabric8's 30 s write wait) and closing the server timed out.
 */
@DisplayName("mock API server: closing watches while their events are in flight stalls nothing")
class MockKubeWatchCloseTest {

  @Test
  @DisplayName("every request is answered promptly and the server closes in time")
  void closingBusyWatches() throws Exception {
    MockKube kube = MockKube.start();
    String ns = kube.namespace("watch-close");
    // kube.close() throws when the server does not close within its 10 s
    WatchCloseStall.Timings timings = WatchCloseStall.run(kube::newClient, ns, kube);
    assertThat(timings.slowestReadMillis()).as("slowest read, ms").isLessThan(5_000);
    assertThat(timings.closeMillis()).as("server close, ms").isLessThan(5_000);
  }
}
