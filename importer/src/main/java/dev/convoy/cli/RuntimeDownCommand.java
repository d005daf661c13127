package dev.convoy.cli;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.RuntimeDaemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy runtime down}: stops the local runtime; VMs keep running. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Stop the local runtime. Running VMs keep running: their launchers are processes of their"
          + " own, and the next 'convoy runtime up' picks them up again.",
      "Stop VMs first ('convoy vm stop NAME') to shut them down."
    })
public final class RuntimeDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (default: as for 'runtime up').")
  Path dataDir;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description = "Seconds to wait for it to stop (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LocalPaths paths = new LocalPaths(dataDir != null ? dataDir : LocalPaths.defaultRoot());
    try {
      if (!RuntimeDaemon.stop(paths, Duration.ofSeconds(timeoutSeconds))) {
        out.println("The local runtime is not running (data directory " + paths.root() + ").");
        return ExitCodes.OK;
      }
    } catch (RuntimeDaemon.StartFailed e) {
      throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
    }
    out.println(
        "The local runtime stopped. Running VMs keep running; 'convoy runtime up' picks them up again.");
    return ExitCodes.OK;
  }
}
