package dev.convoy.handler.local.pods;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One container of a local pod: a process started through a small {@code sh} wrapper in its own
 * session ({@code setsid}), so that it outlives the runtime (a runtime restart re-adopts it, as a
 * kubelet restart leaves containers running). The wrapper records the process id ({@code pid}) and,
 * when the process ends, its exit status ({@code rc}) in the container's state directory; that is
 * how the exit code of a process that is not our child is known after a restart.
 *
 * <p>Signals go to the process itself, never to the wrapper: SIGTERM to stop, SIGKILL after the
 * grace period.
 */
final class ContainerProcess {
  private static final String WRAPPER =
      "state=\"$1\"; shift; "
          + "echo \"$$\" > \"$state/wrapper.tmp\" && mv \"$state/wrapper.tmp\" \"$state/wrapper\"; "
          + "\"$@\" & child=$!; "
          + "echo \"$child\" > \"$state/pid.tmp\" && mv \"$state/pid.tmp\" \"$state/pid\"; "
          + "wait \"$child\"; rc=$?; "
          + "echo \"$rc\" > \"$state/rc.tmp\" && mv \"$state/rc.tmp\" \"$state/rc\"; exit \"$rc\"";

  private static final ScheduledExecutorService POLLER =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "local-pod-exit-poller");
            thread.setDaemon(true);
            return thread;
          });

  private final Path stateDir;
  private final long pid;
  private final Instant startedAt;
  private final CompletableFuture<Integer> exit;

  private ContainerProcess(
      Path stateDir, long pid, Instant startedAt, CompletableFuture<Integer> exit) {
    this.stateDir = stateDir;
    this.pid = pid;
    this.startedAt = startedAt;
    this.exit = exit;
  }

  /**
   * Starts {@code command} with {@code env} in {@code workDir}, output appended to {@code log}.
   *
   * @param stateDir empty or absent; the wrapper writes {@code pid} and {@code rc} into it
   */
  static ContainerProcess start(
      List<String> command, Map<String, String> env, Path workDir, Path stateDir, Path log)
      throws IOException {
    Files.createDirectories(stateDir);
    Files.deleteIfExists(stateDir.resolve("pid"));
    Files.deleteIfExists(stateDir.resolve("rc"));
    Files.createDirectories(workDir);
    Files.createDirectories(log.getParent());
    Instant started = Instant.now();
    Files.writeString(stateDir.resolve("started"), started.toString());
    List<String> argv = new ArrayList<>(List.of("setsid", "sh", "-c", WRAPPER, "convoy-pod"));
    argv.add(stateDir.toString());
    argv.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    Process wrapper = builder.start();
    long pid = awaitPid(stateDir, wrapper.toHandle());
    CompletableFuture<Integer> exit =
        wrapper.onExit().thenApply(p -> recordedExit(stateDir).orElse(p.exitValue()));
    return new ContainerProcess(stateDir, pid, started, exit);
  }

  private static long awaitPid(Path stateDir, ProcessHandle wrapper) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> pid = readLong(stateDir.resolve("pid"));
      if (pid.isPresent()) {
        return pid.get();
      }
      if (!wrapper.isAlive()) {
        break;
      }
      try {
        Thread.sleep(5); // the wrapper writes the file within milliseconds of its start
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting " + stateDir, e);
      }
    }
    Optional<Long> pid = readLong(stateDir.resolve("pid"));
    if (pid.isPresent()) {
      return pid.get();
    }
    throw new IOException(
        "the process of " + stateDir + " did not start (no pid file; is 'setsid' installed?)");
  }

  /**
   * Re-adopts the process recorded in {@code stateDir} after a runtime restart: present when it
   * still runs (the same process: it started after the recorded start time), or has ended with a
   * recorded exit status.
   */
  static Optional<ContainerProcess> adopt(Path stateDir) {
    Optional<Long> pid = readLong(stateDir.resolve("pid"));
    Optional<Instant> started = readInstant(stateDir.resolve("started"));
    if (pid.isEmpty() || started.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt rc = recordedExit(stateDir);
    if (rc.isPresent()) {
      return Optional.of(
          new ContainerProcess(
              stateDir,
              pid.get(),
              started.get(),
              CompletableFuture.completedFuture(rc.getAsInt())));
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid.get());
    boolean same =
        handle.isPresent()
            && handle.get().isAlive()
            && handle
                .get()
                .info()
                .startInstant()
                .map(instant -> !instant.isBefore(started.get().minusSeconds(2)))
                .orElse(true);
    if (!same) {
      // It ended while no runtime watched it; its wrapper may still be about to record how.
      OptionalInt late = awaitRecordedExit(stateDir);
      return late.isPresent()
          ? Optional.of(
              new ContainerProcess(
                  stateDir,
                  pid.get(),
                  started.get(),
                  CompletableFuture.completedFuture(late.getAsInt())))
          : Optional.empty();
    }
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    // Not our child: poll. An exited process may linger as a zombie if nobody reaps it, so the
    // wrapper's rc file counts as the end too.
    var poll = new Runnable[1];
    poll[0] =
        () -> {
          OptionalInt code = recordedExit(stateDir);
          if (code.isPresent()) {
            exit.complete(code.getAsInt());
          } else if (!alive(pid.get()) && wrapperRunning(stateDir)) {
            POLLER.schedule(poll[0], 50, TimeUnit.MILLISECONDS); // its status is on its way
          } else if (!alive(pid.get())) {
            // give a wrapper of unknown pid (a state directory of an older runtime) a moment
            POLLER.schedule(
                () -> exit.complete(recordedExit(stateDir).orElse(UNKNOWN_EXIT)),
                500,
                TimeUnit.MILLISECONDS);
          } else {
            POLLER.schedule(poll[0], 250, TimeUnit.MILLISECONDS);
          }
        };
    POLLER.execute(poll[0]);
    return Optional.of(new ContainerProcess(stateDir, pid.get(), started.get(), exit));
  }

  /** Exit status reported when a process vanished without a recorded status (as a SIGKILL). */
  static final int UNKNOWN_EXIT = 137;

  private static boolean alive(long pid) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || stat.length() < close + 3 || stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** How long an ended process's live wrapper may take to record its exit status. */
  private static final Duration WRAPPER_EXIT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The exit status of a process that has ended: its wrapper records it just after the shell's
   * {@code wait} returns, so while the wrapper still runs (a loaded machine may hold it back for a
   * while) the status is on its way and is waited for. Empty when the wrapper is gone without one
   * (the process vanished, e.g. with its wrapper SIGKILLed).
   */
  static OptionalInt awaitRecordedExit(Path stateDir) {
    long deadline = System.nanoTime() + WRAPPER_EXIT_TIMEOUT.toNanos();
    while (true) {
      OptionalInt rc = recordedExit(stateDir);
      if (rc.isPresent() || !wrapperRunning(stateDir) || System.nanoTime() > deadline) {
        return rc.isPresent() ? rc : recordedExit(stateDir);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return recordedExit(stateDir);
      }
    }
  }

  /** Whether the wrapper that recorded its pid in {@code stateDir} still runs. */
  private static boolean wrapperRunning(Path stateDir) {
    return readLong(stateDir.resolve("wrapper")).map(ContainerProcess::alive).orElse(false);
  }

  /** The exit status the wrapper recorded, if the process ended. */
  static OptionalInt recordedExit(Path stateDir) {
    Optional<Long> rc = readLong(stateDir.resolve("rc"));
    return rc.isPresent() ? OptionalInt.of(rc.get().intValue()) : OptionalInt.empty();
  }

  private static Optional<Long> readLong(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> readInstant(Path file) {
    try {
      return Optional.of(Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  long pid() {
    return pid;
  }

  Instant startedAt() {
    return startedAt;
  }

  Path stateDir() {
    return stateDir;
  }

  /** Completes with the exit status when the process ends. */
  CompletableFuture<Integer> exit() {
    return exit;
  }

  boolean hasExited() {
    return exit.isDone();
  }

  /** Asks the process to stop (SIGTERM). */
  void terminate() {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }

  /** Kills the process (SIGKILL). */
  void kill() {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }
}
