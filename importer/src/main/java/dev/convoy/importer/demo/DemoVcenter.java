package dev.convoy.importer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's vCenter: the simulator ({@code build/bin/vcsim}) running in the background, in a
 * session of its own so it outlives the {@code convoy demo} process and the terminal. Its
 * connection details ({@code vcsim.json}: SDK URL, pid, certificate thumbprints) and log live in
 * the demo's work directory. The simulator keeps its inventory in memory: a restart gives the fresh
 * inventory again.
 */
public final class DemoVcenter {
  /** The simulator's login. */
  public static final String USERNAME = "user";

  public static final String PASSWORD = "pass";

  /**
   * The running simulator.
   *
   * @param port the port it listens on (127.0.0.1)
   * @param pid its process id
   * @param thumbprintSha256 its certificate's SHA-256 thumbprint
   */
  public record Running(int port, long pid, String thumbprintSha256) {
    /** {@code vsphere://user@127.0.0.1:port}, as {@code convoy} takes it. */
    public String url() {
      return "vsphere://" + USERNAME + "@127.0.0.1:" + port;
    }
  }

  private final Path binary;
  private final Path workDir;

  /**
   * @param binary the vcsim binary
   * @param workDir where its state file and log go
   */
  public DemoVcenter(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  private Path stateFile() {
    return workDir.resolve("vcsim.json");
  }

  /** The log file of the simulator. */
  public Path log() {
    return workDir.resolve("vcsim.log");
  }

  /** The simulator this directory's state file names, when it is still running. */
  public Optional<Running> running() {
    Path file = stateFile();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode info = new ObjectMapper().readTree(file.toFile());
      long pid = info.path("pid").asLong();
      if (!isSimulator(pid)) {
        return Optional.empty();
      }
      int port = java.net.URI.create(info.path("url").asText()).getPort();
      return Optional.of(new Running(port, pid, info.path("thumbprintSHA256").asText()));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private boolean isSimulator(long pid) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .flatMap(p -> p.info().command())
        .map(c -> Path.of(c).getFileName().toString().equals("vcsim"))
        .orElse(false);
  }

  /**
   * Stops the simulator a previous run left running (if any) and waits for it to exit.
   *
   * @return whether one was running
   */
  public boolean stop() throws IOException {
    Optional<Running> running = running();
    Files.deleteIfExists(stateFile());
    if (running.isEmpty()) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(running.get().pid());
    if (process.isEmpty()) {
      return false;
    }
    process.get().destroy();
    try {
      process.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      process.get().destroyForcibly();
    } catch (java.util.concurrent.ExecutionException e) {
      // it exited
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * Starts the simulator with {@code flags} (its topology, see {@code vcsim -h}) on a free port and
   * waits until it listens.
   */
  public Running start(List<String> flags, Duration timeout) throws IOException {
    if (!Files.isExecutable(binary)) {
      throw new IOException(binary + " is missing; run scripts/setup (it builds tools/vcsim)");
    }
    Files.createDirectories(workDir);
    Files.deleteIfExists(stateFile());
    List<String> command = new ArrayList<>();
    // a session of its own: Ctrl+C or a closed terminal later must not stop the source vCenter
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.addAll(
        List.of(binary.toString(), "-l", "127.0.0.1:0", "-url-file", stateFile().toString()));
    command.addAll(flags);
    Process process =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(log().toFile())
            .start();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<Running> running = running();
      if (running.isPresent()) {
        return running.get();
      }
      if (!process.isAlive() && process.exitValue() != 0) {
        throw new IOException(
            "the vCenter simulator exited with code "
                + process.exitValue()
                + ": "
                + Files.readString(log()).strip());
      }
      try {
        // waiting for a file another process writes: there is no event to wait on
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the vCenter simulator started", e);
      }
    }
    process.destroyForcibly();
    throw new IOException(
        "the vCenter simulator did not start within " + timeout.toSeconds() + " s; see " + log());
  }
}
