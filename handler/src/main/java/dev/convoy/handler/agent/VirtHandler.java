package dev.convoy.handler.agent;

import dev.convoy.api.kubevirt.v1.KubeVirt;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.handler.util.EveryChange;
import dev.convoy.handler.util.KeyedWorkQueue;
import dev.convoy.launcher.protocol.CommandException;
import dev.convoy.launcher.protocol.DomainStatus;
import dev.convoy.launcher.protocol.LauncherClient;
import dev.convoy.operator.vmi.LauncherPodRenderer;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Convoy's virt-handler: the node agent that turns the Scheduled VMIs of its node into running
 * domains through their launchers and owns the phases after that.
 *
 * <ul>
 *   <li>Watches VMIs labelled {@code kubevirt.io/nodeName=<node>} and launcher pods; finds each
 *       launcher's command socket in the pod's {@code sockets} emptyDir, under the kubelet's pod
 *       directory ({@code /var/lib/kubelet/pods/<pod uid>/volumes/kubernetes.io~empty-dir/sockets/}
 *       in a cluster, the local runtime's pods directory otherwise).
 *   <li>Sends {@code Sync} with the VMI to a launcher without a running domain, subscribes to its
 *       domain events, and writes the phase ({@link PhaseMapping}), interfaces and the conditions
 *       Paused and Synchronized ({@link HandlerStatus}).
 *   <li>A VMI or launcher pod being deleted gets a graceful shutdown ({@link ShutdownPlan}): ACPI
 *       power button at most every 5 s, destroy when terminationGracePeriodSeconds have passed
 *       since the first press; the first press's time is the VMI annotation {@value
 *       #SHUTDOWN_STARTED}, so a restarted agent keeps the same deadline.
 *   <li>A final VMI's domain is deleted through its launcher (which then exits).
 * </ul>
 *
 * A restarted agent re-adopts running launchers: it connects, reads the domain and leaves a running
 * domain alone (no second Sync, no phase going back).
 */
public final class VirtHandler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VirtHandler.class);

  /** VMI annotation: when the node agent first pressed the power button (RFC 3339). */
  public static final String SHUTDOWN_STARTED = "convoy.dev/graceful-shutdown-started-at";

  /** The launcher pod's emptyDir holding the command socket (see the operator's renderer). */
  public static final String SOCKETS_VOLUME = "sockets";

  /** How long a launcher may fail to answer before it counts as unresponsive. */
  static final Duration UNRESPONSIVE_AFTER = Duration.ofSeconds(15);

  /** Opens a launcher client for a socket (a seam for tests: the real protocol, any server). */
  @FunctionalInterface
  public interface LauncherConnector {
    LauncherClient connect(Path socket) throws IOException, CommandException;
  }

  /**
   * @param nodeName this node
   * @param podsRoot the kubelet's pods directory
   */
  public record Config(String nodeName, Path podsRoot) {}

  private final KubernetesClient client;
  private final Config config;
  private final LauncherConnector connector;
  private final DomainReaper reaper;
  private final Clock clock;
  private final KeyedWorkQueue queue;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> keysByUid = new ConcurrentHashMap<>();
  private SharedIndexInformer<VirtualMachineInstance> vmis;
  private SharedIndexInformer<Pod> pods;

  /** The agent's connection to one VMI's launcher. */
  private static final class Session {
    final String key;
    final String uid;
    volatile Path socket;
    volatile LauncherClient client;
    volatile LauncherClient.Watch watch;
    volatile DomainStatus domain;
    volatile Instant failingSince;
    volatile Instant lastPressAt;
    volatile boolean destroyedAfterGrace;
    volatile boolean deleteSent;

    Session(String key, String uid) {
      this.key = key;
      this.uid = uid;
    }

    void disconnect() {
      LauncherClient.Watch w = watch;
      watch = null;
      client = null;
      if (w != null) {
        try {
          w.close();
        } catch (IOException e) {
          // already closed
        }
      }
    }
  }

  public VirtHandler(
      KubernetesClient client,
      Config config,
      LauncherConnector connector,
      DomainReaper reaper,
      Clock clock) {
    this.client = client;
    this.config = config;
    this.connector = connector;
    this.reaper = reaper;
    this.clock = clock;
    this.queue = new KeyedWorkQueue("virt-handler", 4, this::reconcile);
  }

  /** A handler with the real launcher client, reaping dead launchers' domains on {@code uri}. */
  public static VirtHandler create(KubernetesClient client, Config config, String libvirtUri) {
    return new VirtHandler(
        client,
        config,
        LauncherClient::connect,
        DomainReaper.libvirt(libvirtUri),
        Clock.systemUTC());
  }

  /** Starts watching this node's VMIs and the launcher pods. */
  public void start() {
    pods =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(Labels.APP, LauncherPodRenderer.LAUNCHER_APP)
            .inform(
                EveryChange.to(
                    pod -> {
                      String uid =
                          pod.getMetadata().getLabels() == null
                              ? null
                              : pod.getMetadata().getLabels().get(Labels.CREATED_BY);
                      String key = uid == null ? null : keysByUid.get(uid);
                      if (key != null) {
                        queue.add(key);
                      }
                    }),
                60_000);
    vmis =
        client
            .resources(VirtualMachineInstance.class)
            .inAnyNamespace()
            .withLabel(Labels.NODE_NAME, config.nodeName())
            .inform(
                EveryChange.to(
                    vmi -> {
                      String key = Cache.metaNamespaceKeyFunc(vmi);
                      keysByUid.put(vmi.getMetadata().getUid(), key);
                      queue.add(key);
                    }),
                60_000);
  }

  /** True while the agent's watches run. */
  public boolean isHealthy() {
    return vmis != null && vmis.isRunning() && pods != null && pods.isRunning();
  }

  private Duration reconcile(String key) {
    String namespace = key.substring(0, key.indexOf('/'));
    String name = key.substring(key.indexOf('/') + 1);
    VirtualMachineInstance vmi =
        client.resources(VirtualMachineInstance.class).inNamespace(namespace).withName(name).get();
    Session stale = sessions.get(key);
    if (vmi == null || (stale != null && !stale.uid.equals(vmi.getMetadata().getUid()))) {
      if (stale != null) {
        stale.disconnect();
        sessions.remove(key);
        reapOrphan(stale);
      }
      if (vmi == null) {
        return null;
      }
    }
    if (!config.nodeName().equals(nodeOf(vmi))) {
      return null;
    }
    String phase = vmi.getStatus() == null ? "" : nullToEmpty(vmi.getStatus().getPhase());
    if (phase.isEmpty()
        || phase.equals(VirtualMachineInstancePhase.PENDING)
        || phase.equals(VirtualMachineInstancePhase.SCHEDULING)) {
      return null; // the VMI controller's until Scheduled
    }
    Session session =
        sessions.computeIfAbsent(key, k -> new Session(k, vmi.getMetadata().getUid()));
    if (PhaseMapping.isFinal(phase)) {
      finish(vmi, session);
      return null;
    }
    Pod pod = launcherPod(vmi);
    PhaseMapping.Launcher launcher = connect(session, pod);
    DomainStatus domain;
    if (launcher == PhaseMapping.Launcher.RESPONSIVE) {
      domain = currentDomain(session);
      if (session.client == null) {
        launcher = PhaseMapping.Launcher.NOT_READY; // lost it meanwhile; unresponsiveness accrues
      }
    } else {
      // The launcher is gone or not answering: a domain it last reported as ended is a fact (the
      // launcher may exit right after its guest shut down); a last-known running one is not.
      DomainStatus last = session.domain;
      domain = last != null && !last.active() ? last : null;
    }
    boolean deleting =
        vmi.getMetadata().getDeletionTimestamp() != null
            || (pod != null && pod.getMetadata().getDeletionTimestamp() != null);
    String syncError = null;
    Duration again = null;
    if (deleting) {
      if (launcher == PhaseMapping.Launcher.RESPONSIVE && domain != null && domain.active()) {
        again = shutdownStep(vmi, session);
        domain = session.domain == null ? domain : session.domain;
      }
    } else if (launcher == PhaseMapping.Launcher.RESPONSIVE
        && phase.equals(VirtualMachineInstancePhase.SCHEDULED)
        && (domain == null || !domain.active())) {
      try {
        LOG.info("Sync {} to its launcher", key);
        observe(session, session.client.sync(vmi));
        domain = session.domain;
      } catch (CommandException e) {
        syncError = e.code() + ": " + e.getMessage();
        LOG.warn("Sync of {} failed: {}", key, syncError);
        again = Duration.ofSeconds(5);
      } catch (IOException e) {
        LOG.info("Sync of {}: launcher not reachable ({}); retrying", key, e.getMessage());
        session.disconnect();
        again = Duration.ofSeconds(1);
      }
    }
    PhaseMapping.Domain view =
        domain == null
            ? null
            : new PhaseMapping.Domain(
                domain.state(),
                domain.reason(),
                domain.gracePeriodExpired() || session.destroyedAfterGrace);
    PhaseMapping.Decision decision =
        PhaseMapping.decide(phase, Optional.ofNullable(view), launcher, acpi(vmi));
    VirtualMachineInstance next =
        HandlerStatus.apply(
            vmi, new HandlerStatus.Observation(decision, view, syncError), clock.instant());
    if (next != vmi) {
      if (!write(vmi, next)) {
        return Duration.ofMillis(200);
      }
      if (!decision.phase().equals(phase)) {
        LOG.info(
            "VMI {}: {} -> {}{}",
            key,
            phase,
            decision.phase(),
            decision.reason() == null ? "" : " (" + decision.reason() + ")");
      }
    }
    if (PhaseMapping.isFinal(decision.phase())) {
      finish(next, session);
      return null;
    }
    if (again != null) {
      return again;
    }
    if (launcher != PhaseMapping.Launcher.RESPONSIVE) {
      return Duration.ofMillis(500);
    }
    return Duration.ofSeconds(30); // domain events drive the rest; this is a resync
  }

  /**
   * For a final VMI: deletes the domain through the launcher (which then exits); when the launcher
   * is dead, reaps a domain it left running.
   */
  private void finish(VirtualMachineInstance vmi, Session session) {
    if (session.deleteSent) {
      return;
    }
    Pod pod = launcherPod(vmi);
    if (connect(session, pod) != PhaseMapping.Launcher.RESPONSIVE) {
      DomainStatus last = session.domain;
      boolean launcherDead = pod == null || isDown(pod);
      if (launcherDead && last != null && last.name() != null && last.active()) {
        reaper.reap(last.name(), last.uuid());
        session.deleteSent = true;
      }
      return;
    }
    try {
      LOG.info("VMI {} is {}: deleting its domain", session.key, vmi.getStatus().getPhase());
      session.client.delete();
      session.deleteSent = true;
    } catch (CommandException | IOException e) {
      LOG.info("Delete of {}'s domain: {}", session.key, e.getMessage());
    }
  }

  /**
   * For a session dropped because its VMI is gone or replaced by a new one of the same name: reaps
   * the domain its launcher last reported running when that launcher is dead. Sessions are keyed by
   * name and events coalesce, so when the agent comes to a VMI whose launcher was killed only after
   * the VMI controller failed it and a restarted VM created the next one, {@link #finish} never saw
   * the old VMI: without this its QEMU would run on, and the next launcher would refuse to start
   * the domain of the same name. A launcher still alive shuts its own domain down.
   */
  private void reapOrphan(Session stale) {
    DomainStatus last = stale.domain;
    if (stale.deleteSent || last == null || last.name() == null || !last.active()) {
      return;
    }
    Pod pod = launcherPod(stale.key.substring(0, stale.key.indexOf('/')), stale.uid);
    if (pod == null || isDown(pod)) {
      LOG.info("VMI {} ({}) is gone or replaced and its launcher is dead", stale.key, stale.uid);
      reaper.reap(last.name(), last.uuid());
      stale.deleteSent = true;
    }
  }

  private Duration shutdownStep(VirtualMachineInstance vmi, Session session) {
    long grace = gracePeriod(vmi);
    Instant now = clock.instant();
    Instant started = shutdownStarted(vmi, session.domain);
    ShutdownPlan.Step step = ShutdownPlan.next(now, started, session.lastPressAt, grace);
    try {
      if (step instanceof ShutdownPlan.Step.PressPowerButton press) {
        if (press.first()) {
          recordShutdownStart(vmi, now);
        }
        LOG.info("VMI {}: ACPI shutdown ({} s grace)", session.key, grace);
        observe(session, session.client.shutdown());
        session.lastPressAt = now;
        return Duration.ofSeconds(ShutdownPlan.REPEAT_SECONDS);
      }
      if (step instanceof ShutdownPlan.Step.Destroy) {
        LOG.info("VMI {}: grace period of {} s is over, destroying the domain", session.key, grace);
        session.destroyedAfterGrace = grace > 0;
        observe(session, session.client.kill());
        return Duration.ofMillis(200);
      }
      return ((ShutdownPlan.Step.Wait) step).after();
    } catch (CommandException | IOException e) {
      LOG.info("Shutdown of {}: {}", session.key, e.getMessage());
      return Duration.ofSeconds(1);
    }
  }

  private static long gracePeriod(VirtualMachineInstance vmi) {
    Long deletionGrace = vmi.getMetadata().getDeletionGracePeriodSeconds();
    if (deletionGrace != null && vmi.getMetadata().getDeletionTimestamp() != null) {
      return deletionGrace;
    }
    Long grace = vmi.getSpec() == null ? null : vmi.getSpec().getTerminationGracePeriodSeconds();
    return grace == null ? KubeVirt.DEFAULT_GRACE_PERIOD_SECONDS : grace;
  }

  /** The first press's time: the VMI annotation, or the launcher's record, the earlier one. */
  private static Instant shutdownStarted(VirtualMachineInstance vmi, DomainStatus domain) {
    Instant fromAnnotation = null;
    Map<String, String> annotations = vmi.getMetadata().getAnnotations();
    if (annotations != null && annotations.get(SHUTDOWN_STARTED) != null) {
      fromAnnotation = parse(annotations.get(SHUTDOWN_STARTED));
    }
    Instant fromLauncher = domain == null ? null : parse(domain.gracefulShutdownStartedAt());
    if (fromAnnotation == null) {
      return fromLauncher;
    }
    return fromLauncher != null && fromLauncher.isBefore(fromAnnotation)
        ? fromLauncher
        : fromAnnotation;
  }

  private static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void recordShutdownStart(VirtualMachineInstance vmi, Instant now) {
    for (int attempt = 0; attempt < 5; attempt++) {
      VirtualMachineInstance fresh =
          client
              .resources(VirtualMachineInstance.class)
              .inNamespace(vmi.getMetadata().getNamespace())
              .withName(vmi.getMetadata().getName())
              .get();
      if (fresh == null) {
        return;
      }
      Map<String, String> annotations =
          fresh.getMetadata().getAnnotations() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(fresh.getMetadata().getAnnotations());
      if (annotations.containsKey(SHUTDOWN_STARTED)) {
        return;
      }
      annotations.put(SHUTDOWN_STARTED, now.truncatedTo(ChronoUnit.SECONDS).toString());
      fresh.getMetadata().setAnnotations(annotations);
      try {
        client.resource(fresh).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  private static boolean acpi(VirtualMachineInstance vmi) {
    var domain = vmi.getSpec() == null ? null : vmi.getSpec().getDomain();
    var features = domain == null ? null : domain.getFeatures();
    return features == null
        || features.getAcpi() == null
        || !Boolean.FALSE.equals(features.getAcpi().getEnabled());
  }

  /** Writes {@code next} with {@code read}'s resourceVersion; false on a conflict. */
  private boolean write(VirtualMachineInstance read, VirtualMachineInstance next) {
    next.getMetadata().setResourceVersion(read.getMetadata().getResourceVersion());
    try {
      client.resource(next).update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      if (e.getCode() == 404) {
        return true;
      }
      throw e;
    }
  }

  private Pod launcherPod(VirtualMachineInstance vmi) {
    return launcherPod(vmi.getMetadata().getNamespace(), vmi.getMetadata().getUid());
  }

  /** The launcher pod of the VMI with {@code uid} in {@code namespace}, preferring a live one. */
  private Pod launcherPod(String namespace, String uid) {
    Pod best = null;
    for (Pod pod : pods.getStore().list()) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (labels == null
          || !uid.equals(labels.get(Labels.CREATED_BY))
          || !namespace.equals(pod.getMetadata().getNamespace())) {
        continue;
      }
      if (best == null || (isDown(best) && !isDown(pod))) {
        best = pod;
      }
    }
    return best;
  }

  private static boolean isDown(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
      return true;
    }
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        if (LauncherPodRenderer.COMPUTE_CONTAINER.equals(status.getName())
            && status.getState() != null
            && status.getState().getTerminated() != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** The launcher's command socket of {@code pod} on this node. */
  public Path socketOf(Pod pod) {
    return config
        .podsRoot()
        .resolve(pod.getMetadata().getUid())
        .resolve("volumes")
        .resolve("kubernetes.io~empty-dir")
        .resolve(SOCKETS_VOLUME)
        .resolve(LauncherSettings.SOCKET_NAME);
  }

  /** Connects the session when it is not; says whether the launcher can be asked. */
  private PhaseMapping.Launcher connect(Session session, Pod pod) {
    if (pod == null) {
      // Not seen (yet): the pod cache may lag behind the VMI; a pod that is really gone is the
      // VMI controller's to report (PodTerminated).
      session.disconnect();
      return PhaseMapping.Launcher.NOT_READY;
    }
    Path socket = socketOf(pod);
    if (session.client != null && socket.equals(session.socket) && session.watch != null) {
      return PhaseMapping.Launcher.RESPONSIVE;
    }
    session.disconnect();
    session.socket = socket;
    if (!Files.exists(socket)) {
      return isDown(pod) ? PhaseMapping.Launcher.UNRESPONSIVE : notAnswering(session, pod, false);
    }
    try {
      // The local runtime's emptyDirs are links to short paths (unix socket paths are limited to
      // 107 bytes); in a cluster the real path is the path.
      LauncherClient launcher = connector.connect(socket.toRealPath());
      session.client = launcher;
      session.watch =
          launcher.watch(
              event -> {
                observe(session, event.domain());
                queue.add(session.key);
              },
              () -> {
                session.watch = null;
                queue.add(session.key);
              });
      session.failingSince = null;
      return PhaseMapping.Launcher.RESPONSIVE;
    } catch (IOException | CommandException e) {
      session.disconnect();
      LOG.debug("Launcher of {} at {}: {}", session.key, socket, e.getMessage());
      return isDown(pod) ? PhaseMapping.Launcher.UNRESPONSIVE : notAnswering(session, pod, true);
    }
  }

  /** A launcher that does not answer yet: starting up, or unresponsive after a while. */
  private PhaseMapping.Launcher notAnswering(Session session, Pod pod, boolean socketExists) {
    boolean wasReady = isPodReady(pod) || socketExists;
    if (!wasReady) {
      session.failingSince = null;
      return PhaseMapping.Launcher.NOT_READY;
    }
    Instant now = clock.instant();
    if (session.failingSince == null) {
      session.failingSince = now;
    }
    return Duration.between(session.failingSince, now).compareTo(UNRESPONSIVE_AFTER) >= 0
        ? PhaseMapping.Launcher.UNRESPONSIVE
        : PhaseMapping.Launcher.NOT_READY;
  }

  private static boolean isPodReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static DomainStatus currentDomain(Session session) {
    DomainStatus domain = session.domain;
    if (domain != null) {
      return domain;
    }
    try {
      observe(session, session.client.domain());
      return session.domain;
    } catch (CommandException e) {
      return null; // NoDomain: not synced yet
    } catch (IOException e) {
      session.disconnect();
      return null;
    }
  }

  /**
   * Records what the launcher reports. A launcher undefines its domain right after it stopped and
   * then exits; the stop (Shutoff with its reason) is what decides the phase, so a later "no
   * domain" does not replace it.
   */
  private static void observe(Session session, DomainStatus reported) {
    if (reported == null) {
      return;
    }
    DomainStatus last = session.domain;
    boolean undefinedAfterStop =
        "NoState".equals(reported.state())
            && last != null
            && !"NoState".equals(last.state())
            && !last.active();
    if (!undefinedAfterStop) {
      session.domain = reported;
    }
  }

  private static String nodeOf(VirtualMachineInstance vmi) {
    Map<String, String> labels = vmi.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.NODE_NAME);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  /** Stops watching and disconnects from the launchers; domains keep running. */
  @Override
  public void close() {
    queue.close();
    if (vmis != null) {
      vmis.close();
    }
    if (pods != null) {
      pods.close();
    }
    sessions.values().forEach(Session::disconnect);
  }
}
