package dev.convoy.importer.migration.controller;

import dev.convoy.api.convoy.v1alpha1.Migration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The Migration controller on its own JOSDK {@link Operator}, configured like Convoy's operator
 * (server-side apply off, so it works on the mock API server as on a real one; the caller's client
 * kept open on stop). Runs in the local runtime ({@code convoy runtime up}) and in a cluster
 * ({@code convoy controller}).
 */
public final class MigrationController implements AutoCloseable {
  private final Operator operator;
  private final MigrationReconciler reconciler;
  private final MigrationMetrics metrics;

  private MigrationController(
      Operator operator, MigrationReconciler reconciler, MigrationMetrics metrics) {
    this.operator = operator;
    this.reconciler = reconciler;
    this.metrics = metrics;
  }

  /**
   * Registers the reconciler and starts it.
   *
   * @param namespaces the namespaces to watch; empty: all
   */
  public static MigrationController start(
      KubernetesClient client,
      MigrationReconciler.Settings settings,
      Set<String> namespaces,
      Clock clock) {
    MigrationMetrics metrics = new MigrationMetrics();
    MigrationReconciler reconciler = new MigrationReconciler(client, settings, metrics, clock);
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false)
                    .withMetrics(metrics)
                    .withConcurrentReconciliationThreads(4)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(5)));
    operator.register(
        reconciler,
        c -> {
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    operator.start();
    return new MigrationController(operator, reconciler, metrics);
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
    operator.stop();
    reconciler.closeAll();
  }
}
