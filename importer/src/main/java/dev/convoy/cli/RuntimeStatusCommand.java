package dev.convoy.cli;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.RuntimeDaemon;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy runtime status}: whether the local runtime runs, and what runs on it. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show whether the local runtime runs and what runs on it (exit code 4 when it does not run).")
public final class RuntimeStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data directory (default: as for 'runtime up').")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LocalPaths paths = new LocalPaths(dataDir != null ? dataDir : LocalPaths.defaultRoot());
    Optional<RuntimeDaemon.Info> running = RuntimeDaemon.running(paths);
    if (running.isEmpty()) {
      out.println("The local runtime is not running (data directory " + paths.root() + ").");
      return ExitCodes.UNAVAILABLE;
    }
    RuntimeDaemon.Info info = running.get();
    Duration up = Duration.between(info.startedAt(), Instant.now());
    out.printf(
        "Local runtime running (pid %d) for %dm%02ds%n",
        info.pid(), up.toMinutes(), up.toSecondsPart());
    out.printf("  API          %s%n", info.api());
    out.printf("  kubeconfig   %s%n", info.kubeconfig());
    out.printf("  node         %s (accelerator %s)%n", info.node(), info.accelerator());
    out.printf("  data         %s%n", paths.root());
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                io.fabric8.kubernetes.client.Config.fromKubeconfig(
                    Files.readString(info.kubeconfig())))
            .build()) {
      Map<String, Integer> vms = new TreeMap<>();
      for (VirtualMachine vm :
          client.resources(VirtualMachine.class).inAnyNamespace().list().getItems()) {
        String status =
            vm.getStatus() == null || vm.getStatus().getPrintableStatus() == null
                ? "Stopped"
                : vm.getStatus().getPrintableStatus();
        vms.merge(status, 1, Integer::sum);
      }
      Map<String, Integer> vmis = new TreeMap<>();
      for (VirtualMachineInstance vmi :
          client.resources(VirtualMachineInstance.class).inAnyNamespace().list().getItems()) {
        String phase =
            vmi.getStatus() == null || vmi.getStatus().getPhase() == null
                ? "Pending"
                : vmi.getStatus().getPhase();
        vmis.merge(phase, 1, Integer::sum);
      }
      Map<String, Integer> pods = new TreeMap<>();
      for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
        String phase =
            pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? "Pending"
                : pod.getStatus().getPhase();
        pods.merge(phase, 1, Integer::sum);
      }
      int claims = client.persistentVolumeClaims().inAnyNamespace().list().getItems().size();
      out.printf("  VMs          %s%n", summary(vms));
      out.printf("  instances    %s%n", summary(vmis));
      out.printf("  pods         %s%n", summary(pods));
      out.printf("  volumes      %d claim(s)%n", claims);
    } catch (KubernetesClientException | java.io.IOException e) {
      out.printf("  (the API does not answer: %s)%n", e.getMessage());
      return ExitCodes.UNAVAILABLE;
    }
    return ExitCodes.OK;
  }

  private static String summary(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    counts.forEach(
        (k, v) -> text.append(text.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
    return text.toString();
  }
}
