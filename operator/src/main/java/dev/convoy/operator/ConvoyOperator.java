package dev.convoy.operator;

import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.operator.controller.VirtualMachineInstanceReconciler;
import dev.convoy.operator.controller.VirtualMachineReconciler;
import dev.convoy.operator.node.NodeController;
import dev.convoy.operator.ops.OperatorMetrics;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The two controllers on one JOSDK {@link Operator}, wired the way Convoy needs on any API server:
 * server-side apply off (status and finalizers go out as JSON Patch or optimistic updates, which
 * the fabric8 mock server also accepts), the caller's client kept open on stop, and leader election
 * when configured. The node heartbeat check ({@link NodeController}) runs beside them, on the
 * leader only.
 */
public final class ConvoyOperator implements AutoCloseable {

  private final Operator operator;
  private final OperatorMetrics metrics;

  private final AtomicBoolean closing;
  private final NodeController nodes;

  private ConvoyOperator(
      Operator operator, OperatorMetrics metrics, AtomicBoolean closing, NodeController nodes) {
    this.operator = operator;
    this.metrics = metrics;
    this.closing = closing;
    this.nodes = nodes;
  }

  /** Registers the controllers and starts them (or starts campaigning for the lease). */
  public static ConvoyOperator start(KubernetesClient client, OperatorConfig config, Clock clock) {
    return start(client, config, clock, () -> {});
  }

  /**
   * As {@link #start(KubernetesClient, OperatorConfig, Clock)}; {@code lostLeadership} runs when
   * this replica stops leading (the process should then exit so that it cannot reconcile beside the
   * new leader; it is not called for an orderly {@link #close()}).
   */
  public static ConvoyOperator start(
      KubernetesClient client, OperatorConfig config, Clock clock, Runnable lostLeadership) {
    AtomicBoolean closing = new AtomicBoolean();
    AtomicBoolean informerFailed = new AtomicBoolean();
    OperatorMetrics metrics = new OperatorMetrics();
    boolean dataVolumes = servesDataVolumes(client);
    Duration heartbeatTimeout = Duration.ofSeconds(config.nodeHeartbeatTimeoutSeconds());
    NodeController nodes =
        heartbeatTimeout.isZero() ? null : new NodeController(client, heartbeatTimeout, clock);
    // KubeVirt checks about every 30 s against a 5 min timeout.
    Duration nodeCheck =
        heartbeatTimeout.dividedBy(10).compareTo(Duration.ofSeconds(30)) > 0
            ? Duration.ofSeconds(30)
            : heartbeatTimeout.dividedBy(10).plusMillis(100);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(5))
                  // JOSDK's default handler calls System.exit(1); report through lostLeadership's
                  // sibling instead.
                  .withInformerStoppedHandler(
                      (informer, error) -> {
                        if (error != null && informer.hasSynced() && !closing.get()) {
                          LoggerFactory.getLogger(ConvoyOperator.class)
                              .error("informer {} stopped: {}", informer, error.toString(), error);
                          informerFailed.set(true);
                          lostLeadership.run();
                        }
                      });
              if (config.leaderElection()) {
                Duration lease = Duration.ofSeconds(config.leaseSeconds());
                var le =
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            config.leaseName())
                        .withLeaseDuration(lease)
                        .withRenewDeadline(lease.multipliedBy(2).dividedBy(3))
                        .withRetryPeriod(lease.dividedBy(5))
                        // JOSDK would System.exit() here, also during an orderly stop (inside a
                        // shutdown hook).
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(
                            new LeaderCallbacks(
                                () -> {
                                  if (nodes != null) {
                                    nodes.start(nodeCheck);
                                  }
                                },
                                () -> {
                                  if (!closing.get()) {
                                    lostLeadership.run();
                                  }
                                },
                                leader -> {}));
                if (config.leaseNamespace() != null) {
                  le.withLeaseNamespace(config.leaseNamespace());
                }
                o.withLeaderElectionConfiguration(le.build());
              }
            });
    VirtualMachineReconciler vms = new VirtualMachineReconciler(metrics, clock, dataVolumes);
    operator.register(
        vms,
        c -> {
          c.withOnUpdateFilter(vms.ownWrites());
          if (!config.namespaces().isEmpty()) {
            c.settingNamespaces(config.namespaces());
          }
        });
    VirtualMachineInstanceReconciler vmis =
        new VirtualMachineInstanceReconciler(metrics, clock, config.launcher(), dataVolumes);
    operator.register(
        vmis,
        c -> {
          c.withOnUpdateFilter(vmis.ownWrites());
          if (!config.namespaces().isEmpty()) {
            c.settingNamespaces(config.namespaces());
          }
        });
    operator.start();
    if (nodes != null && !config.leaderElection()) {
      nodes.start(nodeCheck);
    }
    return new ConvoyOperator(operator, metrics, closing, nodes);
  }

  /**
   * Whether the cluster serves cdi.kubevirt.io DataVolumes (then they are watched and waited for).
   */
  static boolean servesDataVolumes(KubernetesClient client) {
    try {
      return client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(HasMetadata.getFullResourceName(DataVolume.class))
              .get()
          != null;
    } catch (KubernetesClientException e) {
      return false; // no permission to read CRDs: behave as without CDI
    }
  }

  /** The metrics the controllers feed. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** True once started (and, with leader election, once informers are up). */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** True while the informers are healthy. */
  public boolean isLive() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    closing.set(true);
    if (nodes != null) {
      nodes.close();
    }
    operator.stop();
  }
}
