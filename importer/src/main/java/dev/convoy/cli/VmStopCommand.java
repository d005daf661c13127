package dev.convoy.cli;

import dev.convoy.operator.vm.VirtualMachineActions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
    try (KubernetesClient client = cluster.client()) {
      String namespace = client.getNamespace();
      try {
        new VirtualMachineActions(client).stop(namespace, name);
      } catch (VirtualMachineActions.ConflictException
          | VirtualMachineActions.NotFoundException e) {
        throw VmCommands.actionFailure("stop", namespace, name, e);
      }
      spec.commandLine().getOut().printf("VM %s was scheduled to stop%n", name);
      return ExitCodes.OK;
    } catch (KubernetesClientException e) {
      throw VmCommands.apiFailure(e);
    }
  }
}
