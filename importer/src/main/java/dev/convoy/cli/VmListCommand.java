package dev.convoy.cli;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.cli.VmTable;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy vm list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List VirtualMachines with their status.")
public final class VmListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "List the VMs of all namespaces.")
  boolean allNamespaces;

  @Override
  public Integer call() {
    try (KubernetesClient client = cluster.client()) {
      List<VirtualMachine> vms;
      List<VirtualMachineInstance> vmis;
      if (allNamespaces) {
        vms = client.resources(VirtualMachine.class).inAnyNamespace().list().getItems();
        vmis = client.resources(VirtualMachineInstance.class).inAnyNamespace().list().getItems();
      } else {
        vms =
            client
                .resources(VirtualMachine.class)
                .inNamespace(client.getNamespace())
                .list()
                .getItems();
        vmis =
            client
                .resources(VirtualMachineInstance.class)
                .inNamespace(client.getNamespace())
                .list()
                .getItems();
      }
      Map<String, VirtualMachineInstance> byName = new HashMap<>();
      vmis.forEach(
          vmi ->
              byName.put(
                  vmi.getMetadata().getNamespace() + "/" + vmi.getMetadata().getName(), vmi));
      spec.commandLine().getOut().print(VmTable.render(vms, byName, allNamespaces, Instant.now()));
      return ExitCodes.OK;
    } catch (KubernetesClientException e) {
      throw VmCommands.apiFailure(e);
    }
  }
}
