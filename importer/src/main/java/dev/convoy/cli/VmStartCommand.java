package dev.convoy.cli;

import dev.convoy.operator.vm.VirtualMachineActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy vm start NAME}, as {@code virtctl start}. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start a VirtualMachine (as virtctl start: by its run strategy).")
public final class VmStartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NAME", description = "The VirtualMachine.")
  String name;

  @Override
  public Integer call() {
    return VmCommands.requestStateChange(
        cluster, spec, "start", name, VirtualMachineActions::start);
  }
}
