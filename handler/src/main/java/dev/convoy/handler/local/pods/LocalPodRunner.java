package dev.convoy.handler.local.pods;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.util.EveryChange;
import dev.convoy.handler.util.KeyedWorkQueue;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime's scheduler and kubelet for its one node. Pods of the default scheduler are
 * bound to the node when {@link PodScheduling} allows; bound pods run as local processes: each
 * container is {@code java -cp <Convoy's class path> <main class of its image> <args>} with its
 * mount paths mapped to the host paths of its volumes (see {@link PodVolumes}), its output in a log
 * file, its readiness probe run here, and its state written back as the pod's status. A pod being
 * deleted gets SIGTERM, SIGKILL once its grace period is over, and is then removed. Processes
 * outlive the runtime and are re-adopted when it starts again.
 *
 * <p>What a local pod's process sees: its arguments and environment values with mount paths
 * replaced by host paths; {@code POD_NAME}, {@code POD_NAMESPACE}, {@code POD_UID}, {@code
 * NODE_NAME}; {@code KUBECONFIG} (the runtime's kubeconfig, in place of a service account token);
 * {@code CONVOY_LOCAL_POD=true} and {@code CONVOY_VOLUME_MOUNTS}, a JSON object from mount path to
 * host path. The container's {@code command} is ignored: the image's entry point is its main class.
 */
public final class LocalPodRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalPodRunner.class);

  /**
   * How local pods are run.
   *
   * @param javaCommand the java executable
   * @param classPath Convoy's class path (the jar, or the test class path)
   * @param javaOptions JVM options of every local pod
   * @param kubeconfig given to each pod's process as KUBECONFIG
   */
  public record Settings(
      String nodeName,
      LocalImages images,
      String javaCommand,
      String classPath,
      List<String> javaOptions,
      Path kubeconfig,
      Map<String, String> extraEnv) {

    public Settings {
      extraEnv = extraEnv == null ? Map.of() : Map.copyOf(extraEnv);
    }

    /** These settings with {@code name=value} in every local pod's environment. */
    public Settings withEnv(String name, String value) {
      Map<String, String> env = new LinkedHashMap<>(extraEnv);
      env.put(name, value);
      return new Settings(nodeName, images, javaCommand, classPath, javaOptions, kubeconfig, env);
    }

    /**
     * The JVM options of a pod whose container runs {@code mainClass}: {@link #javaOptions()}, but
     * only the launcher keeps a {@code -XX:TieredStopAtLevel} limit. C1-only saves the launcher's
     * CPU (it mostly waits on QEMU); an import pod's TLS download and copying run about 4x slower
     * without C2 (importer/bench/README.md), so every other pod gets the JVM's default tiered JIT.
     */
    public List<String> javaOptionsFor(String mainClass) {
      if (LocalImages.LAUNCHER_MAIN.equals(mainClass)) {
        return javaOptions;
      }
      return javaOptions.stream().filter(o -> !o.startsWith("-XX:TieredStopAtLevel=")).toList();
    }

    /** This JVM's java and class path, small-footprint JVM options. */
    public static Settings forThisJvm(String nodeName, LocalImages images, Path kubeconfig) {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String options = System.getenv("CONVOY_LOCAL_POD_JAVA_OPTS");
      List<String> javaOptions =
          options == null || options.isBlank()
              ? List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx128m")
              : List.of(options.trim().split("\\s+"));
      return new Settings(
          nodeName,
          images,
          java,
          System.getProperty("java.class.path"),
          javaOptions,
          kubeconfig,
          Map.of());
    }
  }

  private final KubernetesClient client;
  private final LocalPaths paths;
  private final Settings settings;
  private final PodVolumes volumes;
  private final KeyedWorkQueue queue;
  private final ScheduledExecutorService probes;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, LocalPod> running = new ConcurrentHashMap<>();
  private SharedIndexInformer<Pod> podInformer;
  private SharedIndexInformer<Node> nodeInformer;

  /** The runner's record of one pod it runs (or ran). */
  private static final class LocalPod {
    final String key;
    final String uid;
    final Map<String, ContainerProcess> processes = new ConcurrentHashMap<>();
    final Map<String, Boolean> ready = new ConcurrentHashMap<>();
    final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    final Map<String, ContainerView.State.Terminated> lastTermination = new ConcurrentHashMap<>();
    final List<ScheduledFuture<?>> probeTasks = new ArrayList<>();
    volatile Pod spec;
    volatile Instant terminateSentAt;
    volatile ContainerView.State.Waiting waiting;
    volatile boolean started;

    LocalPod(String key, String uid, Pod spec) {
      this.key = key;
      this.uid = uid;
      this.spec = spec;
    }
  }

  public LocalPodRunner(KubernetesClient client, LocalPaths paths, Settings settings) {
    this.client = client;
    this.paths = paths;
    this.settings = settings;
    this.volumes = new PodVolumes(client, paths);
    this.queue = new KeyedWorkQueue("local-pods", 2, this::reconcile);
    this.probes =
        Executors.newScheduledThreadPool(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "local-pod-probes");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts watching pods and this node. */
  public void start() {
    podInformer =
        client
            .pods()
            .inAnyNamespace()
            .inform(EveryChange.to(pod -> queue.add(Cache.metaNamespaceKeyFunc(pod))), 30_000);
    nodeInformer =
        client
            .nodes()
            .withName(settings.nodeName())
            .inform(
                EveryChange.to(
                    node -> {
                      // label changes (schedulable) can make pending pods schedulable
                      for (Pod pod : podInformer.getStore().list()) {
                        if (PodScheduling.isPending(pod)) {
                          queue.add(Cache.metaNamespaceKeyFunc(pod));
                        }
                      }
                    }),
                30_000);
  }

  /** The processes of running local pods, by pod key {@code namespace/name} (for status). */
  public Map<String, List<Long>> processes() {
    Map<String, List<Long>> result = new LinkedHashMap<>();
    for (LocalPod pod : running.values()) {
      List<Long> pids = new ArrayList<>();
      for (ContainerProcess process : pod.processes.values()) {
        if (!process.hasExited()) {
          pids.add(process.pid());
        }
      }
      result.put(pod.key, pids);
    }
    return result;
  }

  private Duration reconcile(String key) {
    Pod pod = client.pods().inNamespace(namespaceOf(key)).withName(nameOf(key)).get();
    // processes of pods that are gone, or of an older pod with the same name
    for (LocalPod local : List.copyOf(running.values())) {
      if (local.key.equals(key) && (pod == null || !local.uid.equals(pod.getMetadata().getUid()))) {
        orphaned(local);
      }
    }
    if (pod == null) {
      return null;
    }
    if (PodScheduling.isPending(pod)) {
      return schedule(pod);
    }
    if (!settings.nodeName().equals(pod.getSpec().getNodeName())) {
      return null;
    }
    LocalPod local = running.computeIfAbsent(pod.getMetadata().getUid(), uid -> adopt(key, pod));
    local.spec = pod;
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return terminate(pod, local);
    }
    if (PodScheduling.isTerminal(pod) && allExited(local)) {
      return null;
    }
    if (!local.started) {
      Duration wait = startContainers(pod, local);
      if (wait != null) {
        writeStatus(pod, local);
        return wait;
      }
    }
    Duration again = restartExited(pod, local);
    writeStatus(pod, local);
    return again;
  }

  private Duration schedule(Pod pod) {
    Node node = client.nodes().withName(settings.nodeName()).get();
    if (node == null) {
      return Duration.ofSeconds(1); // the node object is created at start-up
    }
    List<Pod> bound = new ArrayList<>();
    for (Pod other : podInformer.getStore().list()) {
      if (settings.nodeName().equals(other.getSpec().getNodeName())) {
        bound.add(other);
      }
    }
    PodScheduling.Decision decision = PodScheduling.decide(pod, node, bound, settings.images());
    if (decision instanceof PodScheduling.Decision.Bind bind) {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .edit(
              p -> {
                p.getSpec().setNodeName(bind.nodeName());
                return p;
              });
      LOG.info("Scheduled pod {} to {}", Cache.metaNamespaceKeyFunc(pod), bind.nodeName());
      return null; // the update event brings it back as bound
    }
    PodScheduling.Decision.Unschedulable no = (PodScheduling.Decision.Unschedulable) decision;
    PodStatus status = PodStatuses.unschedulable(pod, no.reason(), no.message(), Instant.now());
    if (!status.equals(pod.getStatus())) {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
      LOG.info("Pod {} is unschedulable: {}", Cache.metaNamespaceKeyFunc(pod), no.message());
    }
    return null; // re-evaluated when the node or the pod changes
  }

  /** Re-adopts the processes a previous runtime started for this pod, if any. */
  private LocalPod adopt(String key, Pod pod) {
    LocalPod local = new LocalPod(key, pod.getMetadata().getUid(), pod);
    Path containersDir = paths.pod(local.uid).resolve("containers");
    for (Container container : pod.getSpec().getContainers()) {
      Path stateDir = containersDir.resolve(container.getName());
      if (!Files.isDirectory(stateDir)) {
        continue;
      }
      local.started = true;
      Optional<ContainerProcess> process = ContainerProcess.adopt(stateDir);
      if (process.isPresent()) {
        local.processes.put(container.getName(), process.get());
        watchExit(local, container.getName(), process.get());
        if (!process.get().hasExited()) {
          LOG.info(
              "Re-adopted {} container {} (pid {})", key, container.getName(), process.get().pid());
          startProbe(local, container);
        }
      } else {
        // it vanished while no runtime watched it: its end is unknown
        local.lastTermination.put(
            container.getName(),
            new ContainerView.State.Terminated(
                ContainerProcess.UNKNOWN_EXIT, "ContainerStatusUnknown", null, Instant.now()));
      }
      local.restarts.put(container.getName(), restartCountOf(pod, container.getName()));
    }
    return local;
  }

  private static int restartCountOf(Pod pod, String container) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> container.equals(s.getName()))
        .map(s -> s.getRestartCount() == null ? 0 : s.getRestartCount())
        .findFirst()
        .orElse(0);
  }

  /** Starts every container; returns a delay to retry after when the pod must wait. */
  private Duration startContainers(Pod pod, LocalPod local) {
    PodVolumes.Resolution resolution;
    try {
      resolution = volumes.resolve(pod);
    } catch (IOException e) {
      resolution = new PodVolumes.Resolution.Failed("cannot prepare volumes: " + e.getMessage());
    }
    if (resolution instanceof PodVolumes.Resolution.Waiting waiting) {
      local.waiting = new ContainerView.State.Waiting("ContainerCreating", waiting.message());
      return Duration.ofSeconds(2);
    }
    if (resolution instanceof PodVolumes.Resolution.Failed failed) {
      local.waiting =
          new ContainerView.State.Waiting("CreateContainerConfigError", failed.message());
      return Duration.ofSeconds(10);
    }
    Map<String, Path> resolved = ((PodVolumes.Resolution.Ready) resolution).volumes();
    if (pod.getSpec().getInitContainers() != null && !pod.getSpec().getInitContainers().isEmpty()) {
      local.waiting =
          new ContainerView.State.Waiting(
              "CreateContainerConfigError",
              "init containers are not supported by the local runtime");
      return Duration.ofSeconds(30);
    }
    // Like the kubelet: a container whose env names a missing ConfigMap/Secret or key (not
    // optional) is not started; the pod waits with CreateContainerConfigError and is retried.
    Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      try {
        envs.put(container.getName(), containerEnv(pod, container));
      } catch (MissingEnvSource missing) {
        LOG.info("{} container {} cannot start: {}", local.key, container.getName(), missing);
        local.waiting =
            new ContainerView.State.Waiting("CreateContainerConfigError", missing.getMessage());
        return Duration.ofSeconds(2);
      }
    }
    local.waiting = null;
    for (Container container : pod.getSpec().getContainers()) {
      try {
        startContainer(pod, local, container, resolved, envs.get(container.getName()));
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not start {} container {}", local.key, container.getName(), e);
        local.lastTermination.put(
            container.getName(),
            new ContainerView.State.Terminated(128, "StartError", Instant.now(), Instant.now()));
      }
    }
    local.started = true;
    return null;
  }

  private void startContainer(
      Pod pod,
      LocalPod local,
      Container container,
      Map<String, Path> resolved,
      Map<String, String> containerEnv)
      throws IOException {
    String mainClass =
        settings
            .images()
            .mainClassFor(container.getImage())
            .orElseThrow(() -> new IOException("unsupported image " + container.getImage()));
    PodVolumes.Mounts mounts = PodVolumes.mounts(container, resolved);
    List<String> command = new ArrayList<>();
    command.add(settings.javaCommand());
    command.addAll(settings.javaOptionsFor(mainClass));
    command.add("-cp");
    command.add(settings.classPath());
    command.add(mainClass);
    if (container.getArgs() != null) {
      for (String arg : container.getArgs()) {
        command.add(mounts.translate(arg));
      }
    }
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.keySet().removeIf(name -> name.startsWith("CONVOY_") || name.equals("KUBECONFIG"));
    containerEnv.forEach((name, value) -> env.put(name, mounts.translate(value)));
    env.put("POD_NAME", pod.getMetadata().getName());
    env.put("POD_NAMESPACE", pod.getMetadata().getNamespace());
    env.put("POD_UID", pod.getMetadata().getUid());
    env.put("NODE_NAME", settings.nodeName());
    env.put("KUBECONFIG", settings.kubeconfig().toString());
    env.putAll(settings.extraEnv());
    env.put("CONVOY_LOCAL_POD", "true");
    env.put("CONVOY_VOLUME_MOUNTS", mounts.toJson());
    env.put("CONVOY_VOLUME_CLAIMS", claimsJson(pod, resolved));
    Path containerDir = paths.pod(local.uid).resolve("containers").resolve(container.getName());
    Path log =
        paths
            .podLogs(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), local.uid)
            .resolve(container.getName() + ".log");
    ContainerProcess process =
        ContainerProcess.start(command, env, containerDir.resolve("work"), containerDir, log);
    LOG.info(
        "Started {} container {} (pid {}): {}",
        local.key,
        container.getName(),
        process.pid(),
        mainClass);
    local.processes.put(container.getName(), process);
    local.ready.put(container.getName(), container.getReadinessProbe() == null);
    local.lastTermination.remove(container.getName());
    watchExit(local, container.getName(), process);
    startProbe(local, container);
  }

  /** {@code {"claim":"hostPath",...}}: each claim the pod mounts and its local directory. */
  private static String claimsJson(Pod pod, Map<String, Path> resolved) {
    StringBuilder json = new StringBuilder("{");
    if (pod.getSpec().getVolumes() != null) {
      for (var volume : pod.getSpec().getVolumes()) {
        if (volume.getPersistentVolumeClaim() == null || !resolved.containsKey(volume.getName())) {
          continue;
        }
        if (json.length() > 1) {
          json.append(',');
        }
        json.append('"')
            .append(volume.getPersistentVolumeClaim().getClaimName().replace("\"", ""))
            .append("\":\"")
            .append(
                resolved
                    .get(volume.getName())
                    .toString()
                    .replace("\\", "\\\\")
                    .replace("\"", "\\\""))
            .append('"');
      }
    }
    return json.append('}').toString();
  }

  /** A container's env refers to a ConfigMap/Secret or key that does not exist. */
  static final class MissingEnvSource extends Exception {
    private static final long serialVersionUID = 1L;

    MissingEnvSource(String message) {
      super(message);
    }
  }

  /**
   * The container's declared env, resolved; names whose optional source is missing are left out.
   */
  private Map<String, String> containerEnv(Pod pod, Container container) throws MissingEnvSource {
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() != null) {
      for (EnvVar var : container.getEnv()) {
        String value = envValue(pod, var);
        if (value != null) {
          env.put(var.getName(), value);
        }
      }
    }
    return env;
  }

  /** The kubelet's message for a missing source or key, e.g. {@code secret "x" not found}. */
  static String missingSourceMessage(
      String kind, String namespace, String name, String key, boolean objectExists) {
    return objectExists
        ? "couldn't find key " + key + " in " + kind + " " + namespace + "/" + name
        : kind.toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\" not found";
  }

  private String envValue(Pod pod, EnvVar var) throws MissingEnvSource {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    var from = var.getValueFrom();
    if (from.getFieldRef() != null) {
      String field = from.getFieldRef().getFieldPath();
      return switch (field) {
        case "metadata.name" -> pod.getMetadata().getName();
        case "metadata.namespace" -> pod.getMetadata().getNamespace();
        case "metadata.uid" -> pod.getMetadata().getUid();
        case "spec.nodeName" -> settings.nodeName();
        case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
        case "status.podIP", "status.hostIP" -> PodStatuses.LOCAL_IP;
        default -> labelOrAnnotation(pod, field);
      };
    }
    String namespace = pod.getMetadata().getNamespace();
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      var configMap = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
      String value =
          configMap == null || configMap.getData() == null
              ? null
              : configMap.getData().get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new MissingEnvSource(
            missingSourceMessage(
                "ConfigMap", namespace, ref.getName(), ref.getKey(), configMap != null));
      }
      return value;
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      var secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      String encoded =
          secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
      if (encoded == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new MissingEnvSource(
            missingSourceMessage("Secret", namespace, ref.getName(), ref.getKey(), secret != null));
      }
      return encoded == null
          ? null
          : new String(
              java.util.Base64.getDecoder().decode(encoded),
              java.nio.charset.StandardCharsets.UTF_8);
    }
    return null;
  }

  private static String labelOrAnnotation(Pod pod, String field) {
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]")
            .matcher(field);
    if (!matcher.matches()) {
      return null;
    }
    Map<String, String> map =
        matcher.group(1).equals("labels")
            ? pod.getMetadata().getLabels()
            : pod.getMetadata().getAnnotations();
    return map == null ? null : map.get(matcher.group(2));
  }

  private void watchExit(LocalPod local, String container, ContainerProcess process) {
    process
        .exit()
        .whenComplete(
            (code, error) -> {
              Instant now = Instant.now();
              int exitCode = code == null ? ContainerProcess.UNKNOWN_EXIT : code;
              local.lastTermination.put(
                  container,
                  new ContainerView.State.Terminated(
                      exitCode, exitCode == 0 ? "Completed" : "Error", process.startedAt(), now));
              local.ready.put(container, false);
              LOG.info(
                  "{} container {} (pid {}) exited with {}",
                  local.key,
                  container,
                  process.pid(),
                  exitCode);
              queue.add(local.key);
            });
  }

  private void startProbe(LocalPod local, Container container) {
    Probe probe = container.getReadinessProbe();
    if (probe == null) {
      local.ready.put(container.getName(), true);
      return;
    }
    long period = Math.max(1, probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds());
    long delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
    int successThreshold = probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold();
    int failureThreshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    int[] streak = new int[2]; // successes, failures
    // Until the first success, probe often: the node agent waits for readiness to take over.
    long fastMillis = Math.min(200, period * 1000);
    Runnable[] task = new Runnable[1];
    task[0] =
        () -> {
          ContainerProcess process = local.processes.get(container.getName());
          if (process == null || process.hasExited() || local.terminateSentAt != null) {
            return;
          }
          boolean ok;
          try {
            ok = probe(local, container, probe);
          } catch (RuntimeException e) {
            ok = false;
          }
          boolean wasReady = Boolean.TRUE.equals(local.ready.get(container.getName()));
          if (ok) {
            streak[0]++;
            streak[1] = 0;
            if (!wasReady && streak[0] >= successThreshold) {
              local.ready.put(container.getName(), true);
              queue.add(local.key);
            }
          } else {
            streak[1]++;
            streak[0] = 0;
            if (wasReady && streak[1] >= failureThreshold) {
              local.ready.put(container.getName(), false);
              queue.add(local.key);
            }
          }
          boolean nowReady = Boolean.TRUE.equals(local.ready.get(container.getName()));
          long next = nowReady ? period * 1000 : fastMillis;
          synchronized (local.probeTasks) {
            local.probeTasks.add(probes.schedule(task[0], next, TimeUnit.MILLISECONDS));
          }
        };
    synchronized (local.probeTasks) {
      local.probeTasks.add(probes.schedule(task[0], delay * 1000, TimeUnit.MILLISECONDS));
    }
  }

  /** Runs one probe here: exec (with mapped paths), httpGet or tcpSocket on the loopback. */
  private boolean probe(LocalPod local, Container container, Probe probe) {
    int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
    if (probe.getExec() != null && probe.getExec().getCommand() != null) {
      Map<String, Path> resolved;
      try {
        var resolution = volumes.resolve(local.spec);
        if (!(resolution instanceof PodVolumes.Resolution.Ready ready)) {
          return false;
        }
        resolved = ready.volumes();
      } catch (IOException e) {
        return false;
      }
      PodVolumes.Mounts mounts = PodVolumes.mounts(container, resolved);
      List<String> command = new ArrayList<>();
      for (String part : probe.getExec().getCommand()) {
        command.add(mounts.translate(part));
      }
      Optional<Boolean> builtin = testBuiltin(command);
      if (builtin.isPresent()) {
        return builtin.get();
      }
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return false;
        }
        return process.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (probe.getTcpSocket() != null && probe.getTcpSocket().getPort() != null) {
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress("127.0.0.1", probe.getTcpSocket().getPort().getIntVal()),
            timeout * 1000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    if (probe.getHttpGet() != null && probe.getHttpGet().getPort() != null) {
      try {
        String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + probe.getHttpGet().getPort().getIntVal() + path))
                    .timeout(Duration.ofSeconds(timeout))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() >= 200 && response.statusCode() < 400;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** {@code test -S|-e|-f|-d PATH} answered without forking a process for each probe. */
  static Optional<Boolean> testBuiltin(List<String> command) {
    if (command.size() != 3
        || !command.get(0).equals("test") && !command.get(0).endsWith("/test")) {
      return Optional.empty();
    }
    Path path = Path.of(command.get(2));
    return switch (command.get(1)) {
      case "-e" -> Optional.of(Files.exists(path));
      case "-f" -> Optional.of(Files.isRegularFile(path));
      case "-d" -> Optional.of(Files.isDirectory(path));
      case "-S" -> Optional.of(isSocket(path));
      default -> Optional.empty();
    };
  }

  private static boolean isSocket(Path path) {
    try {
      return Files.exists(path)
          && !Files.isRegularFile(path)
          && !Files.isDirectory(path)
          && !Files.isSymbolicLink(path)
          && "socket".equals(socketType(path));
    } catch (IOException e) {
      return false;
    }
  }

  private static String socketType(Path path) throws IOException {
    Object mode = Files.getAttribute(path, "unix:mode");
    return mode instanceof Integer m && (m & 0170000) == 0140000 ? "socket" : "other";
  }

  /** Restarts exited containers when the restart policy says so; returns when to look again. */
  private Duration restartExited(Pod pod, LocalPod local) {
    String policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    Duration again = null;
    for (Container container : pod.getSpec().getContainers()) {
      ContainerProcess process = local.processes.get(container.getName());
      ContainerView.State.Terminated ended = local.lastTermination.get(container.getName());
      if (ended == null || (process != null && !process.hasExited())) {
        continue;
      }
      boolean restart =
          policy.equals("Always") || (policy.equals("OnFailure") && ended.exitCode() != 0);
      if (!restart) {
        continue;
      }
      int count = local.restarts.getOrDefault(container.getName(), 0);
      Duration backoff = Duration.ofSeconds(Math.min(300, 10L << Math.min(count, 5)));
      Instant due = ended.finishedAt().plus(backoff);
      if (Instant.now().isBefore(due)) {
        Duration wait = Duration.between(Instant.now(), due);
        again = again == null || wait.compareTo(again) < 0 ? wait : again;
        continue;
      }
      try {
        var resolution = volumes.resolve(pod);
        if (resolution instanceof PodVolumes.Resolution.Ready ready) {
          Map<String, String> env = containerEnv(pod, container);
          local.restarts.put(container.getName(), count + 1);
          startContainer(pod, local, container, ready.volumes(), env);
        }
      } catch (IOException e) {
        LOG.warn("Could not restart {} container {}", local.key, container.getName(), e);
      } catch (MissingEnvSource missing) {
        // not restarted until its env source exists; looked at again like the kubelet's retry
        LOG.info("Not restarting {} container {}: {}", local.key, container.getName(), missing);
        Duration retry = Duration.ofSeconds(10);
        again = again == null || retry.compareTo(again) < 0 ? retry : again;
      }
    }
    return again;
  }

  private Duration terminate(Pod pod, LocalPod local) {
    Instant now = Instant.now();
    if (!allExited(local)) {
      if (local.terminateSentAt == null) {
        local.terminateSentAt = now;
        LOG.info("Stopping pod {} (SIGTERM)", local.key);
        local.processes.values().forEach(ContainerProcess::terminate);
      }
      Instant deadline = deletionDeadline(pod, local);
      if (!now.isBefore(deadline)) {
        LOG.info("Pod {} outlived its grace period: SIGKILL", local.key);
        local.processes.values().forEach(ContainerProcess::kill);
      }
      writeStatus(pod, local);
      Duration untilDeadline = Duration.between(now, deadline);
      return untilDeadline.isNegative() || untilDeadline.compareTo(Duration.ofSeconds(1)) > 0
          ? Duration.ofSeconds(1)
          : untilDeadline.plusMillis(10);
    }
    writeStatus(pod, local);
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
    forget(local);
    return null;
  }

  private static Instant deletionDeadline(Pod pod, LocalPod local) {
    String stamp = pod.getMetadata().getDeletionTimestamp();
    try {
      return Instant.parse(stamp);
    } catch (RuntimeException e) {
      long grace =
          pod.getMetadata().getDeletionGracePeriodSeconds() != null
              ? pod.getMetadata().getDeletionGracePeriodSeconds()
              : 30;
      return local.terminateSentAt.plusSeconds(grace);
    }
  }

  /** A pod removed from the API while its processes run: stop them, as the kubelet does. */
  private void orphaned(LocalPod local) {
    if (!allExited(local)) {
      long grace =
          local.spec.getSpec().getTerminationGracePeriodSeconds() == null
              ? 30
              : local.spec.getSpec().getTerminationGracePeriodSeconds();
      LOG.info("Pod {} ({}) is gone from the API: stopping its processes", local.key, local.uid);
      local.processes.values().forEach(ContainerProcess::terminate);
      probes.schedule(
          () -> local.processes.values().forEach(ContainerProcess::kill), grace, TimeUnit.SECONDS);
      // forget once they are gone
      java.util.concurrent.CompletableFuture.allOf(
              local.processes.values().stream()
                  .map(ContainerProcess::exit)
                  .toArray(java.util.concurrent.CompletableFuture[]::new))
          .whenComplete((v, e) -> forget(local));
    } else {
      forget(local);
    }
  }

  private void forget(LocalPod local) {
    running.remove(local.uid);
    synchronized (local.probeTasks) {
      local.probeTasks.forEach(task -> task.cancel(false));
    }
    LocalPaths.deleteTree(paths.pod(local.uid));
    LocalPaths.deleteTree(paths.shortRoot().resolve(local.uid));
  }

  private static boolean allExited(LocalPod local) {
    return local.processes.values().stream().allMatch(ContainerProcess::hasExited);
  }

  private void writeStatus(Pod pod, LocalPod local) {
    Map<String, ContainerView> views = new LinkedHashMap<>();
    for (Container container : pod.getSpec().getContainers()) {
      String name = container.getName();
      ContainerProcess process = local.processes.get(name);
      int restarts = local.restarts.getOrDefault(name, 0);
      ContainerView.State state;
      ContainerView.State.Terminated ended = local.lastTermination.get(name);
      if (process != null && !process.hasExited()) {
        state =
            new ContainerView.State.Running(
                process.startedAt(), Boolean.TRUE.equals(local.ready.get(name)));
      } else if (ended != null) {
        state = ended;
      } else if (local.waiting != null) {
        state = local.waiting;
      } else {
        state = new ContainerView.State.Waiting("ContainerCreating", null);
      }
      views.put(
          name,
          new ContainerView(
              name, container.getImage(), state, restarts, process == null ? 0 : process.pid()));
    }
    PodStatus status = PodStatuses.compute(pod, views, Instant.now());
    if (status.equals(pod.getStatus())) {
      return;
    }
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static String namespaceOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  private static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  /** Stops watching; the pods' processes keep running (a restarted runtime re-adopts them). */
  @Override
  public void close() {
    queue.close();
    probes.shutdownNow();
    if (podInformer != null) {
      podInformer.close();
    }
    if (nodeInformer != null) {
      nodeInformer.close();
    }
  }
}
