package dev.convoy.handler.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the local runtime as a background process and finds it again: {@code convoy runtime up}
 * starts {@code <main> runtime up --foreground ...} in its own session with its output in {@code
 * runtime.log} and waits until it reports itself in {@code runtime.json}; {@code down} sends it
 * SIGTERM; {@code status} reads {@code runtime.json} and checks that the process still lives.
 */
public final class RuntimeDaemon {

  /** What a running runtime wrote about itself. */
  public record Info(
      long pid, String api, Path kubeconfig, String node, String accelerator, Instant startedAt) {}

  /** The runtime did not come up; the message says why (with the end of its log). */
  public static final class StartFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public StartFailed(String message) {
      super(message);
    }
  }

  private RuntimeDaemon() {}

  /** The runtime of this data directory, if one is running. */
  public static Optional<Info> running(LocalPaths paths) {
    Optional<Info> info = readInfo(paths.infoFile());
    if (info.isEmpty()) {
      return Optional.empty();
    }
    boolean alive = ProcessHandle.of(info.get().pid()).map(ProcessHandle::isAlive).orElse(false);
    return alive ? info : Optional.empty();
  }

  static Optional<Info> readInfo(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = Serialization.json().readTree(file.toFile());
      return Optional.of(
          new Info(
              node.path("pid").asLong(),
              node.path("api").asText(),
              Path.of(node.path("kubeconfig").asText()),
              node.path("node").asText(),
              node.path("accelerator").asText(),
              Instant.parse(node.path("startedAt").asText())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts the runtime in the background and waits until it is up.
   *
   * @param mainClass the CLI's main class
   * @param upArguments the arguments after {@code runtime up --foreground}
   */
  public static Info start(
      LocalPaths paths, String mainClass, List<String> upArguments, Duration timeout)
      throws IOException, StartFailed {
    Files.createDirectories(paths.root());
    Files.deleteIfExists(paths.infoFile());
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of("setsid", java, "-Xmx1g"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.add("runtime");
    command.add("up");
    command.add("--foreground");
    command.addAll(upArguments);
    Path log = paths.logFile();
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Info> info = readInfo(paths.infoFile());
      if (info.isPresent() && info.get().pid() == process.pid()) {
        return info.get();
      }
      if (!process.isAlive()) {
        throw new StartFailed(
            "the runtime exited with status "
                + process.exitValue()
                + " while starting; the end of "
                + log
                + ":\n"
                + tail(log, logStart, 15));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartFailed("interrupted while waiting for the runtime to start");
      }
    }
    throw new StartFailed(
        "the runtime did not come up within "
            + timeout.toSeconds()
            + " s (it keeps starting in the background, pid "
            + process.pid()
            + "); see "
            + log);
  }

  /** Stops the runtime (SIGTERM) and waits; false when it was not running. */
  public static boolean stop(LocalPaths paths, Duration timeout) throws StartFailed {
    Optional<Info> info = running(paths);
    if (info.isEmpty()) {
      return false;
    }
    ProcessHandle handle = ProcessHandle.of(info.get().pid()).orElse(null);
    if (handle == null) {
      return false;
    }
    handle.destroy();
    try {
      handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new StartFailed(
          "the runtime (pid "
              + info.get().pid()
              + ") did not stop within "
              + timeout.toSeconds()
              + " s");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new StartFailed("waiting for the runtime to stop: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartFailed("interrupted while waiting for the runtime to stop");
    }
    return true;
  }

  private static String tail(Path log, long from, int lines) {
    try {
      String text = Files.readString(log);
      text = from < text.length() ? text.substring((int) from) : text;
      String[] all = text.split("\n");
      StringBuilder tail = new StringBuilder();
      for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
        tail.append("  ").append(all[i]).append('\n');
      }
      return tail.toString();
    } catch (IOException e) {
      return "  (unreadable: " + e.getMessage() + ")\n";
    }
  }
}
