package dev.convoy.cli;

import dev.convoy.operator.vm.VirtualMachineActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy vm restart NAME}, as {@code virtctl restart}. */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = "Restart a VirtualMachine (as virtctl restart: by its run strategy).")
public final class VmRestartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NAME", description = "The VirtualMachine.")
  String name;

  @Override
  public Integer call() {
    return VmCommands.requestStateChange(
        cluster, spec, "restart", name, VirtualMachineActions::restart);
  }
}
