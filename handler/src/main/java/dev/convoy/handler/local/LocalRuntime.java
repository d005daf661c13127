package dev.convoy.handler.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.api.Serialization;
import dev.convoy.handler.agent.NodeHeartbeat;
import dev.convoy.handler.agent.VirtHandler;
import dev.convoy.handler.local.api.LocalApiServer;
import dev.convoy.handler.local.pods.LocalImages;
import dev.convoy.handler.local.pods.LocalPodRunner;
import dev.convoy.handler.local.pods.PodLogs;
import dev.convoy.handler.local.storage.LocalVolumeProvisioner;
import dev.convoy.launcher.accel.AcceleratorChoice;
import dev.convoy.launcher.accel.AcceleratorMode;
import dev.convoy.launcher.accel.AcceleratorProbe;
import dev.convoy.launcher.convert.Accelerator;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.admission.Admission;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime: the whole of Convoy's VM runtime in one process on one machine, no cluster
 * needed. It starts, in order: the Kubernetes API ({@link LocalApiServer}: fabric8's mock server
 * with a journal, in-process admission and a garbage collector), this machine's Node, the volume
 * provisioner, the pod runner (scheduler and kubelet for local processes), the node agent with its
 * heartbeat, the heartbeat monitor, and the operator's controllers. {@link #close} stops them in
 * reverse order and leaves running VMs alone: their launchers are processes of their own, which the
 * next start re-adopts.
 */
public final class LocalRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRuntime.class);

  /** Bearer token of the runtime's own components (privileged in admission). */
  static final String SYSTEM_TOKEN = "convoy-local-system";

  /** User name of the runtime's own components. */
  public static final String SYSTEM_USER = "system:serviceaccount:convoy-system:convoy-local";

  /** Bearer token written into the kubeconfig for kubectl and the CLI. */
  static final String USER_TOKEN = "convoy-local";

  /** User name of kubeconfig users. */
  public static final String USER = "convoy-local-admin";

  /**
   * How to run.
   *
   * @param port API port on 127.0.0.1; 0 picks a free one
   * @param accelerator auto, kvm or tcg
   * @param podJavaOptions JVM options of local pods; null for the defaults
   */
  public record Options(
      Path dataDir,
      int port,
      String nodeName,
      LocalImages images,
      String libvirtUri,
      String accelerator,
      List<String> podJavaOptions) {

    /** Defaults for {@code dataDir}: free port, this host's name, Convoy's images, auto. */
    public static Options defaults(Path dataDir) {
      return new Options(
          dataDir, 0, hostName(), LocalImages.defaults(), "qemu:///system", "auto", null);
    }

    public Options withPort(int newPort) {
      return new Options(
          dataDir, newPort, nodeName, images, libvirtUri, accelerator, podJavaOptions);
    }

    public Options withNodeName(String newNodeName) {
      return new Options(
          dataDir, port, newNodeName, images, libvirtUri, accelerator, podJavaOptions);
    }

    public Options withImages(LocalImages newImages) {
      return new Options(
          dataDir, port, nodeName, newImages, libvirtUri, accelerator, podJavaOptions);
    }

    public Options withAccelerator(String newAccelerator) {
      return new Options(
          dataDir, port, nodeName, images, libvirtUri, newAccelerator, podJavaOptions);
    }

    public Options withPodJavaOptions(List<String> options) {
      return new Options(dataDir, port, nodeName, images, libvirtUri, accelerator, options);
    }
  }

  private final Options options;
  private final LocalPaths paths;
  private final List<AutoCloseable> started = new ArrayList<>();
  private LocalApiServer api;
  private LocalPodRunner pods;
  private VirtHandler handler;
  private AcceleratorChoice acceleratorChoice;

  private LocalRuntime(Options options) {
    this.options = options;
    this.paths = new LocalPaths(options.dataDir());
  }

  /** Starts everything; on failure, stops what was started and throws. */
  public static LocalRuntime start(Options options) throws IOException {
    LocalRuntime runtime = new LocalRuntime(options);
    try {
      runtime.startAll();
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
    return runtime;
  }

  private void startAll() throws IOException {
    Instant begin = Instant.now();
    Files.createDirectories(paths.root());
    Admission admission = new Admission(Set.of(SYSTEM_USER));
    api = LocalApiServer.start(paths.root(), options.port(), new OperatorAdmission(admission));
    started.add(api);
    api.dispatcher().setUsers(Map.of(SYSTEM_TOKEN, SYSTEM_USER, USER_TOKEN, USER));
    PodLogs logs = new PodLogs(paths);
    api.dispatcher()
        .setPodLogs(
            (namespace, pod, uid, container, tail) -> {
              try {
                return logs.read(namespace, pod, uid, container, tail);
              } catch (PodLogs.LogException | IOException e) {
                throw new IllegalArgumentException(e.getMessage());
              }
            });
    KubernetesClient client = LocalApiServer.newClient(api.port(), "default", SYSTEM_TOKEN);
    started.add(client);

    acceleratorChoice = new AcceleratorProbe().choose(AcceleratorMode.parse(options.accelerator()));
    boolean kvm = acceleratorChoice.accelerator() == Accelerator.KVM;
    LOG.info("Accelerator: {} ({})", acceleratorChoice.accelerator(), acceleratorChoice.reason());
    ensureNode(client, kvm);

    LocalVolumeProvisioner provisioner =
        new LocalVolumeProvisioner(
            client, paths, options.nodeName(), LocalVolumeProvisioner.freeSpaceOf(paths.volumes()));
    provisioner.start();
    started.add(provisioner);

    LocalPodRunner.Settings settings =
        LocalPodRunner.Settings.forThisJvm(options.nodeName(), options.images(), paths.kubeconfig())
            .withEnv("CONVOY_LIBVIRT_URI", options.libvirtUri())
            .withEnv("CONVOY_ACCELERATOR", kvm ? "kvm" : "tcg");
    if (options.podJavaOptions() != null) {
      settings =
          new LocalPodRunner.Settings(
              settings.nodeName(),
              settings.images(),
              settings.javaCommand(),
              settings.classPath(),
              options.podJavaOptions(),
              settings.kubeconfig(),
              settings.extraEnv());
    }
    pods = new LocalPodRunner(client, paths, settings);
    pods.start();
    started.add(pods);

    handler =
        VirtHandler.create(
            client, new VirtHandler.Config(options.nodeName(), paths.pods()), options.libvirtUri());
    handler.start();
    started.add(handler);
    NodeHeartbeat heartbeat =
        new NodeHeartbeat(client, options.nodeName(), handler::isHealthy, Clock.systemUTC());
    heartbeat.start(Duration.ofSeconds(15));
    started.add(heartbeat);
    // Stale heartbeats (NodeUnresponsive) are the operator's node controller's, started below.

    OperatorConfig operatorConfig;
    try {
      // The operator's own settings parser: the same keys as its Deployment's arguments.
      operatorConfig =
          OperatorConfig.parse(
              Map.of(),
              "--launcher-image=" + LocalImages.LAUNCHER_IMAGE + ":local",
              "--kvm=" + (kvm ? "host-path" : "emulation"),
              "--launcher-socket-dir=" + LauncherSettings.DEFAULT_SOCKET_DIR,
              "--reconcile-threads=8",
              "--leader-election=false",
              "--ops-port=-1",
              "--webhook-port=-1",
              "--privileged-users=" + SYSTEM_USER);
    } catch (OperatorConfig.ConfigException e) {
      throw new IllegalStateException(
          "the local runtime's operator settings are wrong: " + e.getMessage(), e);
    }
    ConvoyOperator operator = ConvoyOperator.start(client, operatorConfig, Clock.systemUTC());
    started.add(operator);
    writeInfo();
    LOG.info(
        "Local runtime up in {} ms: API {} (kubeconfig {}), node {}",
        Duration.between(begin, Instant.now()).toMillis(),
        api.url(),
        paths.kubeconfig(),
        options.nodeName());
  }

  /** Creates or refreshes this machine's Node object. */
  private void ensureNode(KubernetesClient client, boolean kvm) {
    Node desired =
        LocalNode.render(
            options.nodeName(),
            Runtime.getRuntime().availableProcessors(),
            LocalNode.memoryBytes(),
            LocalNode.filesystemBytes(paths.root()),
            kvm,
            Instant.now());
    Node existing = client.nodes().withName(options.nodeName()).get();
    if (existing == null) {
      Node created = client.nodes().resource(desired).create();
      created.setStatus(desired.getStatus());
      client.nodes().resource(created).updateStatus();
    } else {
      client
          .nodes()
          .withName(options.nodeName())
          .edit(
              n -> {
                Map<String, String> labels = new java.util.LinkedHashMap<>();
                if (n.getMetadata().getLabels() != null) {
                  labels.putAll(n.getMetadata().getLabels());
                }
                labels.putAll(desired.getMetadata().getLabels());
                n.getMetadata().setLabels(labels);
                n.setStatus(desired.getStatus());
                return n;
              });
    }
  }

  private void writeInfo() throws IOException {
    ObjectNode info = Serialization.json().createObjectNode();
    info.put("pid", ProcessHandle.current().pid());
    info.put("api", api.url());
    info.put("kubeconfig", paths.kubeconfig().toString());
    info.put("node", options.nodeName());
    info.put(
        "accelerator", acceleratorChoice.accelerator().name().toLowerCase(java.util.Locale.ROOT));
    info.put("startedAt", Instant.now().toString());
    Files.writeString(
        paths.infoFile(),
        Serialization.json().writerWithDefaultPrettyPrinter().writeValueAsString(info));
  }

  /** The API server. */
  public LocalApiServer api() {
    return api;
  }

  /** The data directory layout. */
  public LocalPaths paths() {
    return paths;
  }

  /** The node agent. */
  public VirtHandler handler() {
    return handler;
  }

  /** The pod runner. */
  public LocalPodRunner pods() {
    return pods;
  }

  /** The accelerator the runtime's launchers use. */
  public AcceleratorChoice accelerator() {
    return acceleratorChoice;
  }

  /** The options it runs with. */
  public Options options() {
    return options;
  }

  /** Stops every component (in reverse order); running VMs keep running. */
  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    started.clear();
    try {
      Files.deleteIfExists(paths.infoFile());
    } catch (IOException e) {
      LOG.warn("Could not remove {}", paths.infoFile());
    }
  }

  static String hostName() {
    try {
      String name = java.net.InetAddress.getLocalHost().getHostName();
      int dot = name.indexOf('.');
      return (dot > 0 ? name.substring(0, dot) : name).toLowerCase(java.util.Locale.ROOT);
    } catch (IOException e) {
      return "localhost";
    }
  }
}
