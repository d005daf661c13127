package dev.convoy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convoy vm ...}: virtctl-like VM commands, for the local runtime or any cluster. */
@Command(
    name = "vm",
    description = {
      "Manage VirtualMachines (like virtctl): on the local runtime by default, or on any cluster"
          + " with --kubeconfig."
    },
    subcommands = {
      VmListCommand.class,
      VmStartCommand.class,
      VmStopCommand.class,
      VmRestartCommand.class,
      VmConsoleCommand.class,
      VmLogsCommand.class
    })
public final class VmCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: see 'convoy vm --help'.");
  }
}
