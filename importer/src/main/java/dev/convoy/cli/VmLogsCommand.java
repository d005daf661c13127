package dev.convoy.cli;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.pods.PodLogs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy vm logs NAME}: the log of the VM's launcher. On the local runtime the log of the
 * last launcher is kept after the VM stopped.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = {
      "Print the log of a VM's launcher (its pod's compute container).",
      "On the local runtime the last launcher's log is kept after the VM stopped."
    })
public final class VmLogsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "NAME", description = "The VirtualMachine.")
  String name;

  @Option(names = "--tail", paramLabel = "LINES", description = "Only the last LINES lines.")
  Integer tail;

  @Override
  public Integer call() throws IOException {
    try (KubernetesClient client = cluster.client()) {
      String namespace = client.getNamespace();
      VirtualMachineInstance vmi =
          client
              .resources(VirtualMachineInstance.class)
              .inNamespace(namespace)
              .withName(name)
              .get();
      Optional<Pod> pod = vmi == null ? Optional.empty() : VmCommands.launcherPod(client, vmi);
      if (pod.isPresent()) {
        var logs =
            client
                .pods()
                .inNamespace(namespace)
                .withName(pod.get().getMetadata().getName())
                .inContainer("compute");
        spec.commandLine()
            .getOut()
            .print(tail == null ? logs.getLog() : logs.tailingLines(tail).getLog());
        return ExitCodes.OK;
      }
      if (!cluster.isLocal()) {
        throw new UserException(
            ExitCodes.UNAVAILABLE,
            "VirtualMachine " + namespace + "/" + name + " has no launcher pod now");
      }
      // Stopped on the local runtime: the newest launcher log of this VM.
      Path logs = cluster.localPaths().logs();
      String prefix = namespace + "_virt-launcher-" + name + "-";
      Optional<Path> last = Optional.empty();
      if (Files.isDirectory(logs)) {
        try (Stream<Path> dirs = Files.list(logs)) {
          last =
              dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                  .filter(d -> Files.exists(d.resolve("compute.log")))
                  .max(Comparator.comparing(d -> d.resolve("compute.log").toFile().lastModified()));
        }
      }
      if (last.isEmpty()) {
        throw new UserException(
            ExitCodes.UNAVAILABLE,
            "no launcher log of VirtualMachine " + namespace + "/" + name + " on this runtime");
      }
      String dir = last.get().getFileName().toString();
      String podName = dir.substring(namespace.length() + 1, dir.length() - 37);
      String uid = dir.substring(dir.length() - 36);
      try {
        spec.commandLine()
            .getOut()
            .print(
                new PodLogs(cluster.localPaths()).read(namespace, podName, uid, "compute", tail));
      } catch (PodLogs.LogException e) {
        throw new UserException(ExitCodes.UNAVAILABLE, e.getMessage());
      }
      return ExitCodes.OK;
    } catch (KubernetesClientException e) {
      throw VmCommands.apiFailure(e);
    }
  }
}
