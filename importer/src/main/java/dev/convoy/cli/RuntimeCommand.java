package dev.convoy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convoy runtime up|down|status}: the local single-node runtime. */
@Command(
    name = "runtime",
    description = {
      "Run Convoy's VM runtime on this machine, no cluster needed: a local Kubernetes API, the"
          + " operator, the node agent, local volumes and launcher processes.",
      "kubectl works against it: KUBECONFIG=<data dir>/kubeconfig."
    },
    subcommands = {RuntimeUpCommand.class, RuntimeDownCommand.class, RuntimeStatusCommand.class})
public final class RuntimeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: see 'convoy runtime --help'.");
  }
}
