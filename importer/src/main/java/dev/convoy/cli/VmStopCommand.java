package dev.convoy.cli;

import dev.convoy.operator.vm.VirtualMachineActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy vm stop NAME}, as {@code virtctl stop}. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = "Stop a VirtualMachine (as virtctl stop: by its run strategy).")
public final class VmStopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NAME", description = "The VirtualMachine.")
  String name;

  @Override
  public Integer call() {
    return VmCommands.requestStateChange(cluster, spec, "stop", name, VirtualMachineActions::stop);
  }
}
