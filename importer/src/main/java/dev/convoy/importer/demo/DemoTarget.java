package dev.convoy.importer.demo;

import dev.convoy.api.convoy.v1alpha1.Migration;
import dev.convoy.api.convoy.v1alpha1.MigrationPlan;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's target namespace on the runtime. A new demo run starts from an empty namespace: what a
 * previous run left there (VirtualMachines and their disks, import pods, the migration's saved
 * state) is deleted first, because the new run's source is a fresh simulator whose VMs are on
 * again.
 */
public final class DemoTarget {
  /** The namespace of examples/plans/demo-migration.yaml. */
  public static final String NAMESPACE = "convoy-demo";

  private final KubernetesClient client;

  public DemoTarget(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Deletes everything in the demo namespace and waits until the VMs are stopped and their disks
   * are released; creates the namespace when it is missing.
   *
   * @return how many VirtualMachines a previous run had left
   */
  public int reset(Duration timeout) throws IOException {
    // Convoy's own kinds are v1alpha1 on purpose: no warning about that for the user
    System.setProperty(
        "org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils",
        "error");
    if (client.namespaces().withName(NAMESPACE).get() == null) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      return 0;
    }
    int vms =
        client.resources(VirtualMachine.class).inNamespace(NAMESPACE).list().getItems().size();
    // Convoy's own kinds a migration may keep its state in
    for (Class<? extends HasMetadata> kind : List.of(Migration.class, MigrationPlan.class)) {
      try {
        client.resources(kind).inNamespace(NAMESPACE).delete();
      } catch (KubernetesClientException e) {
        // this API does not serve the kind: nothing of it to delete
      }
    }
    client.resources(VirtualMachine.class).inNamespace(NAMESPACE).delete();
    // the launchers shut the guests down; the VMIs go when they have
    await(
        timeout,
        "the previous demo's VMs to stop",
        () ->
            client
                    .resources(VirtualMachine.class)
                    .inNamespace(NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty()
                && client
                    .resources(VirtualMachineInstance.class)
                    .inNamespace(NAMESPACE)
                    .list()
                    .getItems()
                    .isEmpty());
    client.pods().inNamespace(NAMESPACE).delete();
    await(
        timeout,
        "the previous demo's pods to end",
        () -> client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
    client.persistentVolumeClaims().inNamespace(NAMESPACE).delete();
    client.configMaps().inNamespace(NAMESPACE).delete();
    client.secrets().inNamespace(NAMESPACE).delete();
    await(
        timeout,
        "the previous demo's volumes to be released",
        () -> client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems().isEmpty());
    return vms;
  }

  private interface Condition {
    boolean holds();
  }

  private static void await(Duration timeout, String what, Condition condition) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      try {
        // polling the API: the local runtime serves no watch this needs to be worth one
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
  }
}
