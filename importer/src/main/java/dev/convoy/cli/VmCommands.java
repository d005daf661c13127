package dev.convoy.cli;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.vm.VirtualMachineActions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** What the {@code convoy vm} commands share: finding a VM's instance and pod, error mapping. */
final class VmCommands {
  private VmCommands() {}

  /** The Kubernetes API refused or is unreachable. */
  static UserException apiFailure(KubernetesClientException e) {
    String message =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : e.getMessage();
    return new UserException(ExitCodes.UNAVAILABLE, "the Kubernetes API: " + message, e);
  }

  static UserException actionFailure(String action, String namespace, String name, Exception e) {
    if (e instanceof VirtualMachineActions.NotFoundException) {
      return UserException.invalidInput("VirtualMachine " + namespace + "/" + name + " not found");
    }
    return new UserException(
        ExitCodes.UNAVAILABLE,
        "cannot " + action + " VirtualMachine " + namespace + "/" + name + ": " + e.getMessage());
  }

  /** One of virtctl's state-change requests on a VirtualMachine. */
  @FunctionalInterface
  interface StateChange {
    void request(VirtualMachineActions actions, String namespace, String name)
        throws VirtualMachineActions.ConflictException, VirtualMachineActions.NotFoundException;
  }

  /**
   * Runs {@code convoy vm start|stop|restart}: requests the change and reports it like virtctl.
   *
   * @param verb start, stop or restart (used in messages)
   */
  static int requestStateChange(
      ClusterOptions cluster, CommandSpec spec, String verb, String name, StateChange change) {
    try (KubernetesClient client = cluster.client()) {
      String namespace = client.getNamespace();
      try {
        change.request(new VirtualMachineActions(client), namespace, name);
      } catch (VirtualMachineActions.ConflictException
          | VirtualMachineActions.NotFoundException e) {
        throw actionFailure(verb, namespace, name, e);
      }
      spec.commandLine().getOut().printf("VM %s was scheduled to %s%n", name, verb);
      return ExitCodes.OK;
    } catch (KubernetesClientException e) {
      throw apiFailure(e);
    }
  }

  /** The VM's instance, or an error naming the VM. */
  static VirtualMachineInstance instance(KubernetesClient client, String namespace, String name) {
    VirtualMachineInstance vmi =
        client.resources(VirtualMachineInstance.class).inNamespace(namespace).withName(name).get();
    if (vmi == null) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "VirtualMachine "
              + namespace
              + "/"
              + name
              + " has no running instance (start it with 'convoy vm start "
              + name
              + "')");
    }
    return vmi;
  }

  /** The instance's launcher pod (the newest if several). */
  static Optional<Pod> launcherPod(KubernetesClient client, VirtualMachineInstance vmi) {
    return client
        .pods()
        .inNamespace(vmi.getMetadata().getNamespace())
        .withLabel(Labels.CREATED_BY, vmi.getMetadata().getUid())
        .list()
        .getItems()
        .stream()
        .max(
            Comparator.comparing(
                p ->
                    p.getMetadata().getCreationTimestamp() == null
                        ? ""
                        : p.getMetadata().getCreationTimestamp()));
  }
}
