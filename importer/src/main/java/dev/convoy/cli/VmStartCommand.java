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
    try (KubernetesClient client = cluster.client()) {
      String namespace = client.getNamespace();
      try {
        new VirtualMachineActions(client).start(namespace, name);
      } catch (VirtualMachineActions.ConflictException
          | VirtualMachineActions.NotFoundException e) {
        throw VmCommands.actionFailure("start", namespace, name, e);
      }
      spec.commandLine().getOut().printf("VM %s was scheduled to start%n", name);
      return ExitCodes.OK;
    } catch (KubernetesClientException e) {
      throw VmCommands.apiFailure(e);
    }
  }
}
