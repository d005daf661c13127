package dev.convoy.handler.local.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.api.AdmissionHook;
import dev.convoy.handler.local.api.LocalApiServer;
import dev.convoy.handler.testing.TestContainer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPodRunnerTest {
  private static final String IMAGE = "convoy.test/container:1";

  @TempDir Path dataDir;
  private LocalApiServer api;
  private KubernetesClient client;
  private LocalPodRunner runner;
  private LocalPaths paths;

  @BeforeEach
  void start() throws Exception {
    api = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    client = api.client();
    paths = new LocalPaths(dataDir);
    api.dispatcher()
        .setPodLogs(
            (namespace, pod, uid, container, tail) -> {
              try {
                return new PodLogs(paths).read(namespace, pod, uid, container, tail);
              } catch (PodLogs.LogException | IOException e) {
                throw new IllegalArgumentException(e.getMessage());
              }
            });
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .withLabels(
                    Map.of("kubernetes.io/hostname", "node-a", "kubevirt.io/schedulable", "true"))
                .endMetadata()
                .withNewStatus()
                .withAllocatable(
                    Map.of(
                        "cpu",
                        new Quantity("2"),
                        "memory",
                        new Quantity("4Gi"),
                        "pods",
                        new Quantity("110")))
                .endStatus()
                .build())
        .create();
    runner = newRunner();
    runner.start();
  }

  private LocalPodRunner newRunner() {
    LocalImages images =
        LocalImages.defaults().with("convoy.test/container", TestContainer.class.getName());
    LocalPodRunner.Settings defaults =
        LocalPodRunner.Settings.forThisJvm("node-a", images, paths.kubeconfig());
    return new LocalPodRunner(
        client,
        paths,
        new LocalPodRunner.Settings(
            "node-a",
            images,
            defaults.javaCommand(),
            defaults.classPath(),
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx32m"),
            paths.kubeconfig(),
            Map.of()));
  }

  @AfterEach
  void stop() throws IOException {
    runner.close();
    // kill whatever a test left running
    if (Files.isDirectory(paths.pods())) {
      try (Stream<Path> pids =
          Files.find(paths.pods(), 4, (p, a) -> p.getFileName().toString().equals("pid"))) {
        pids.forEach(
            pid -> {
              try {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    .ifPresent(ProcessHandle::destroyForcibly);
              } catch (IOException | NumberFormatException e) {
                // already gone
              }
            });
      }
    }
    api.close();
    LocalPaths.deleteTree(paths.shortRoot());
  }

  private static Pod pod(String name, String image, long grace, String... args) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(grace)
        .withNodeSelector(Map.of("kubevirt.io/schedulable", "true"))
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .withArgs(args)
        .addNewEnv()
        .withName("GREETING")
        .withValue("hello from /data/greeting")
        .endEnv()
        .addNewVolumeMount()
        .withName("data")
        .withMountPath("/data")
        .endVolumeMount()
        .withNewResources()
        .addToRequests("memory", new Quantity("64Mi"))
        .addToRequests("cpu", new Quantity("100m"))
        .endResources()
        .withNewReadinessProbe()
        .withNewExec()
        .withCommand("test", "-f", "/data/ready")
        .endExec()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .build();
  }

  private Pod get(String name) {
    return client.pods().inNamespace("default").withName(name).get();
  }

  private static ContainerStatus mainStatus(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0);
  }

  private static String condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(PodCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "a Convoy-image pod is bound, runs as a process with mapped paths, becomes Ready, and its log is served")
  void runsPodAsProcess() {
    client.pods().resource(pod("ok", IMAGE, 5, "--ready-file", "/data/ready")).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True".equals(condition(get("ok"), "Ready")));
    Pod pod = get("ok");
    assertThat(pod.getSpec().getNodeName()).isEqualTo("node-a");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
    assertThat(mainStatus(pod).getState().getRunning()).isNotNull();
    assertThat(mainStatus(pod).getContainerID()).startsWith("convoy-local://");
    Path emptyDir = paths.emptyDirStorage(pod.getMetadata().getUid(), "data");
    assertThat(emptyDir.resolve("ready")).exists();
    // the kubelet layout (where the node agent looks) links to the short real directory
    assertThat(paths.emptyDir(pod.getMetadata().getUid(), "data").resolve("ready")).exists();

    String log = client.pods().inNamespace("default").withName("ok").getLog();
    assertThat(log)
        .contains("args: --ready-file " + emptyDir.resolve("ready"))
        .contains("CONVOY_VOLUME_MOUNTS={\"/data\":\"" + emptyDir + "\"}")
        .contains("POD_NAME=ok")
        .contains("GREETING=hello from /data/greeting"); // not a path at the start: untouched
  }

  private static Pod withGreetingFrom(Pod pod, io.fabric8.kubernetes.api.model.EnvVarSource from) {
    pod.getSpec().getContainers().get(0).getEnv().get(0).setValue(null);
    pod.getSpec().getContainers().get(0).getEnv().get(0).setValueFrom(from);
    return pod;
  }

  private static io.fabric8.kubernetes.api.model.EnvVarSource secretKey(
      String secret, String key, Boolean optional) {
    return new io.fabric8.kubernetes.api.model.EnvVarSourceBuilder()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional)
        .endSecretKeyRef()
        .build();
  }

  private static String waitingReason(Pod pod) {
    return pod == null
            || pod.getStatus() == null
            || pod.getStatus().getContainerStatuses() == null
            || pod.getStatus().getContainerStatuses().isEmpty()
            || mainStatus(pod).getState().getWaiting() == null
        ? null
        : mainStatus(pod).getState().getWaiting().getReason();
  }

  @Test
  @DisplayName(
      "an env secretKeyRef to a missing Secret or key: CreateContainerConfigError naming it, no"
          + " process; it starts once the key exists (stringData works)")
  void missingSecretKeyWaits() {
    client
        .pods()
        .resource(
            withGreetingFrom(
                pod("env", IMAGE, 5, "--ready-file", "/data/ready"),
                secretKey("greeting", "text", null)))
        .create();

    await().atMost(Duration.ofSeconds(30)).until(() -> waitingReason(get("env")) != null);
    Pod pod = get("env");
    assertThat(waitingReason(pod)).isEqualTo("CreateContainerConfigError");
    assertThat(mainStatus(pod).getState().getWaiting().getMessage())
        .isEqualTo("secret \"greeting\" not found");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(paths.pod(pod.getMetadata().getUid()).resolve("containers")).doesNotExist();

    client
        .secrets()
        .inNamespace("default")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("greeting")
                .endMetadata()
                .addToStringData("other", "x")
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                mainStatus(get("env")).getState().getWaiting() != null
                    && mainStatus(get("env"))
                        .getState()
                        .getWaiting()
                        .getMessage()
                        .equals("couldn't find key text in Secret default/greeting"));
    assertThat(get("env").getStatus().getPhase()).isEqualTo("Pending");

    client
        .secrets()
        .inNamespace("default")
        .withName("greeting")
        .edit(
            s ->
                new io.fabric8.kubernetes.api.model.SecretBuilder(s)
                    .addToStringData("text", "hi")
                    .build());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True".equals(condition(get("env"), "Ready")));
    assertThat(client.pods().inNamespace("default").withName("env").getLog())
        .contains("GREETING=hi");
  }

  @Test
  @DisplayName("an optional secretKeyRef to a missing Secret leaves the variable out and starts")
  void optionalMissingSecretKeyIsSkipped() {
    client
        .pods()
        .resource(
            withGreetingFrom(
                pod("optional", IMAGE, 5, "--ready-file", "/data/ready"),
                secretKey("absent", "text", true)))
        .create();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "True".equals(condition(get("optional"), "Ready")));
    assertThat(client.pods().inNamespace("default").withName("optional").getLog())
        .contains("GREETING=null");
  }

  @Test
  @DisplayName("a process's exit code becomes the container's, and the pod Failed")
  void exitCodeIsReported() {
    client
        .pods()
        .resource(pod("fails", IMAGE, 5, "--exit-after-ms", "200", "--exit-code", "3"))
        .create();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                get("fails").getStatus() != null
                    && "Failed".equals(get("fails").getStatus().getPhase()));
    var terminated = mainStatus(get("fails")).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
  }

  @Test
  @DisplayName("a pod with any other image stays Pending: PodScheduled=False, Unsupported image")
  void otherImagesAreUnschedulable() {
    client.pods().resource(pod("nginx", "docker.io/library/nginx:1.27", 5)).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "False".equals(condition(get("nginx"), "PodScheduled")));
    Pod pod = get("nginx");
    PodCondition scheduled = pod.getStatus().getConditions().get(0);
    assertThat(scheduled.getReason()).isEqualTo(PodScheduling.UNSUPPORTED_IMAGE);
    assertThat(scheduled.getMessage())
        .contains("Unsupported image in the local runtime", "docker.io/library/nginx:1.27");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(pod.getSpec().getNodeName()).isNull();
  }

  @Test
  @DisplayName(
      "deleting a pod sends SIGTERM; a process ignoring it is killed after the grace period")
  void deletionSignalsAndKills() {
    client.pods().resource(pod("polite", IMAGE, 30, "--ready-file", "/data/ready")).create();
    client
        .pods()
        .resource(pod("stubborn", IMAGE, 2, "--ready-file", "/data/ready", "--ignore-term"))
        .create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "True".equals(condition(get("polite"), "Ready"))
                    && "True".equals(condition(get("stubborn"), "Ready")));
    long politePid = pid(get("polite"));
    long stubbornPid = pid(get("stubborn"));

    client.pods().inNamespace("default").withName("polite").delete();
    client.pods().inNamespace("default").withName("stubborn").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> get("polite") == null);
    assertThat(ProcessHandle.of(politePid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    // the stubborn one needs its 2 s grace period, then SIGKILL
    await().atMost(Duration.ofSeconds(20)).until(() -> get("stubborn") == null);
    assertThat(ProcessHandle.of(stubbornPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    String politeLog = readLog("polite");
    assertThat(politeLog).contains("terminating");
    assertThat(readLog("stubborn")).contains("ignoring SIGTERM");
  }

  private String readLog(String pod) {
    try (Stream<Path> dirs = Files.list(paths.logs())) {
      Path dir =
          dirs.filter(d -> d.getFileName().toString().startsWith("default_" + pod + "_"))
              .findFirst()
              .orElseThrow();
      return Files.readString(dir.resolve("main.log"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long pid(Pod pod) {
    return Long.parseLong(mainStatus(pod).getContainerID().substring("convoy-local://".length()));
  }

  @Test
  @DisplayName("a restarted runner re-adopts running processes and reports one that died meanwhile")
  void restartedRunnerReadopts() {
    client.pods().resource(pod("keeps", IMAGE, 5, "--ready-file", "/data/ready")).create();
    client.pods().resource(pod("dies", IMAGE, 5, "--ready-file", "/data/ready")).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "True".equals(condition(get("keeps"), "Ready"))
                    && "True".equals(condition(get("dies"), "Ready")));
    long keepsPid = pid(get("keeps"));
    long diesPid = pid(get("dies"));

    runner.close();
    ProcessHandle.of(diesPid).ifPresent(ProcessHandle::destroy); // SIGTERM while nobody watches
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ProcessHandle.of(diesPid).map(h -> !h.isAlive()).orElse(true));

    runner = newRunner();
    runner.start();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "Failed".equals(get("dies").getStatus().getPhase()));
    // the JVM's shutdown hooks ran: 143 is SIGTERM's status as the wrapper's shell reports it
    assertThat(mainStatus(get("dies")).getState().getTerminated().getExitCode()).isEqualTo(143);
    Pod keeps = get("keeps");
    assertThat(keeps.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pid(keeps)).isEqualTo(keepsPid);
    assertThat(ProcessHandle.of(keepsPid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    assertThat(mainStatus(keeps).getRestartCount()).isZero();
  }
}
