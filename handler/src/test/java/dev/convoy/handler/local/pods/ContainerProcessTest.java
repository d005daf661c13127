package dev.convoy.handler.local.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerProcessTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "an adopted process that ends while its wrapper is held back (a loaded machine) gets the"
          + " status the wrapper records, not 137 after half a second")
  void adoptedEndWaitsForTheHeldBackWrapper() throws Exception {
    Path state = dir.resolve("state");
    ContainerProcess started =
        ContainerProcess.start(
            List.of("sleep", "300"),
            Map.of("PATH", System.getenv("PATH")),
            dir.resolve("work"),
            state,
            dir.resolve("main.log"));
    long child = started.pid();
    ProcessHandle wrapper = ProcessHandle.of(child).orElseThrow().parent().orElseThrow();
    try {
      Optional<ContainerProcess> adopted = ContainerProcess.adopt(state);
      assertThat(adopted).isPresent();
      // the wrapper does not run between its child's end and the recording of its status
      signal("STOP", wrapper.pid());
      ProcessHandle.of(child).orElseThrow().destroy(); // SIGTERM
      awaitZombie(child);
      Thread.sleep(1500);
      assertThat(adopted.get().exit()).isNotDone();
      signal("CONT", wrapper.pid());
      assertThat(adopted.get().exit().get(30, TimeUnit.SECONDS)).isEqualTo(143);
    } finally {
      signal("CONT", wrapper.pid());
      wrapper.destroyForcibly();
    }
  }

  @Test
  @DisplayName(
      "a process that ended while no runtime watched is adopted with the status its still running"
          + " wrapper records after it, not as vanished")
  void adoptsStatusRecordedAfterTheEnd() throws Exception {
    Path state = Files.createDirectories(dir.resolve("ended"));
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Process wrapper = new ProcessBuilder("sleep", "300").start(); // stands in for the wrapper
    try {
      Files.writeString(state.resolve("pid"), Long.toString(ended.pid()));
      Files.writeString(state.resolve("started"), Instant.now().toString());
      Files.writeString(state.resolve("wrapper"), Long.toString(wrapper.pid()));
      CompletableFuture<Optional<ContainerProcess>> adopted =
          CompletableFuture.supplyAsync(() -> ContainerProcess.adopt(state));
      Thread.sleep(300);
      Files.writeString(state.resolve("rc"), "143\n");
      wrapper.destroy();

      Optional<ContainerProcess> process = adopted.get(30, TimeUnit.SECONDS);
      assertThat(process).as("adopted, not vanished").isPresent();
      assertThat(process.get().exit().get(5, TimeUnit.SECONDS)).isEqualTo(143);
    } finally {
      wrapper.destroyForcibly();
    }
  }

  @Test
  @DisplayName(
      "a process whose wrapper is gone without a recorded status vanished: nothing adopted")
  void vanishedWithoutStatus() throws Exception {
    Path state = Files.createDirectories(dir.resolve("vanished"));
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    Files.writeString(state.resolve("pid"), Long.toString(ended.pid()));
    Files.writeString(state.resolve("started"), Instant.now().toString());
    Files.writeString(state.resolve("wrapper"), Long.toString(ended.pid()));

    long before = System.nanoTime();
    assertThat(ContainerProcess.adopt(state)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
  }

  private static boolean isZombie(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String text = Files.readString(stat);
    int close = text.lastIndexOf(')');
    return text.charAt(close + 2) == 'Z';
  }

  private static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }

  /** Waits until {@code pid} has ended and awaits its parent's wait (a zombie). */
  private static void awaitZombie(long pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!isZombie(pid)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("process " + pid + " did not end");
      }
      Thread.sleep(20);
    }
  }
}
