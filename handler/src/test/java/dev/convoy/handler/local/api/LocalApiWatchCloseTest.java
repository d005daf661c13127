package dev.convoy.handler.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.kubemock.testing.WatchCloseStall;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the local API server's watches ending off the event loop ({@link
 * dev.convoy.kubemock.WatchEndsOffEventLoop}). On the plain fabric8 mock the same sequence stalled
 * reads for 30.6 s (the operator module's MockKubeWatchCloseTest); on the local API server without
 * it two runs (8 and 20 rounds) did not stall, so this test shows the behaviour, not the old
 * failure.
 */
@DisplayName("local API server: closing watches while their events are in flight stalls nothing")
class LocalApiWatchCloseTest {

  @TempDir Path dataDir;

  @Test
  @DisplayName("every read is answered promptly and the server closes in time")
  void closingBusyWatches() throws Exception {
    LocalApiServer server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    WatchCloseStall.Timings timings =
        WatchCloseStall.run(
            () -> LocalApiServer.newClient(server.port(), "default"), "default", server);
    assertThat(timings.slowestReadMillis()).as("slowest read, ms").isLessThan(5_000);
    assertThat(timings.closeMillis()).as("server close, ms").isLessThan(5_000);
  }
}
