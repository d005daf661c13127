package dev.convoy.importer.migration.controller;

import dev.convoy.api.convoy.v1alpha1.Migration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Migration controller on its own JOSDK {@link Operator}, configured like Convoy's operator
 * (server-side apply off, so it works on the mock API server as on a real one; the caller's client
 * kept open on stop). Runs in the local runtime ({@code convoy runtime up}) and in a cluster
 * ({@code convoy controller}, with leader election: see {@link LeaderElection}).
 */
public final class MigrationController implements AutoCloseable {
  private final Operator operator;
  private final MigrationReconciler reconciler;
  private final MigrationMetrics metrics;
  private final AtomicBoolean closing;

  private MigrationController(
      Operator operator,
      MigrationReconciler reconciler,
      MigrationMetrics metrics,
      AtomicBoolean closing) {
    this.operator = operator;
    this.reconciler = reconciler;
    this.metrics = metrics;
    this.closing = closing;
  }

  /**
   * The Lease a controller must hold before it reconciles: two controllers running rounds of one
   * Migration would each create import pods and power sources on and off. Only the holder
   * reconciles; the others keep their informers warm and take over once the Lease expires (after at
   * most {@code leaseDuration} when the holder dies, at once when it stops in order and releases
   * it).
   *
   * @param namespace the Lease's namespace (the controller's own, in a cluster)
   * @param name the Lease's name
   * @param leaseDuration how long a Lease not renewed stays valid
   */
  public record LeaderElection(String namespace, String name, Duration leaseDuration) {
    /** The Lease's name in deploy/importer. */
    public static final String DEFAULT_NAME = "convoy-migration-controller";

    public LeaderElection {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      if (leaseDuration.compareTo(Duration.ofSeconds(3)) < 0) {
        throw new IllegalArgumentException(
            "the lease duration must be at least 3 s, got " + leaseDuration);
      }
    }
  }

  /**
   * Registers the reconciler and starts it, without leader election (the local runtime, where
   * {@code convoy runtime up} runs the only controller in-process).
   *
   * @param namespaces the namespaces to watch; empty: all
   */
  public static MigrationController start(
      KubernetesClient client,
      MigrationReconciler.Settings settings,
      Set<String> namespaces,
      Clock clock) {
    return start(client, settings, namespaces, clock, null, () -> {});
  }

  /**
   * As {@link #start(KubernetesClient, MigrationReconciler.Settings, Set, Clock)}, reconciling only
   * while holding {@code election}'s Lease (null: always).
   *
   * @param lostLeadership runs when this controller stops leading other than by {@link #close()}:
   *     the process should exit, so that it cannot run a round beside the new leader (JOSDK's own
   *     reaction, System.exit, would also run during an orderly stop)
   */
  public static MigrationController start(
      KubernetesClient client,
      MigrationReconciler.Settings settings,
      Set<String> namespaces,
      Clock clock,
      LeaderElection election,
      Runnable lostLeadership) {
    MigrationMetrics metrics = new MigrationMetrics();
    MigrationReconciler reconciler = new MigrationReconciler(client, settings, metrics, clock);
    AtomicBoolean closing = new AtomicBoolean();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics)
                  .withConcurrentReconciliationThreads(4)
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(5));
              if (election != null) {
                Duration lease = election.leaseDuration();
                o.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.name())
                        .withLeaseNamespace(election.namespace())
                        .withIdentity(identity())
                        .withLeaseDuration(lease)
                        .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
                        .withRetryPeriod(lease.dividedBy(5))
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {},
                                () -> {
                                  if (!closing.get()) {
                                    lostLeadership.run();
                                  }
                                },
                                leader -> {}))
                        .build());
              }
            });
    operator.register(
        reconciler,
        c -> {
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    operator.start();
    return new MigrationController(operator, reconciler, metrics, closing);
  }

  /** The pod's name (the Deployment sets HOSTNAME to it) and a unique suffix per process. */
  private static String identity() {
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "convoy-controller" : host) + "_" + UUID.randomUUID();
  }

  /** The metrics it feeds. */
  public MigrationMetrics metrics() {
    return metrics;
  }

  /** True once started and while its informer is healthy. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** The kind it reconciles, for RBAC and docs. */
  public static Class<Migration> kind() {
    return Migration.class;
  }

  /** Stops reconciling; import pods and VMs keep running, the status keeps the state. */
  @Override
  public void close() {
    closing.set(true);
    operator.stop();
    reconciler.closeAll();
  }
}
