package dev.convoy.launcher.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A launcher started the way the local runtime starts one: a separate JVM running {@code
 * dev.convoy.launcher.LauncherMain} on this JVM's class path (the module jar plus target/lib in
 * production).
 */
final class LauncherProcess implements java.io.Closeable {
  private final Process process;
  final Path log;

  private LauncherProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static LauncherProcess start(Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx96m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.convoy.launcher.LauncherMain");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new LauncherProcess(process, log);
  }

  /** SIGTERM, as kubelet or the local runtime sends it. */
  void terminate() {
    process.destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError(
          "launcher still running after " + seconds + " s; log: " + DemoGuestImage.read(log));
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    // A graceful stop first, so that a failed test still leaves no domain; SIGKILL last.
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
