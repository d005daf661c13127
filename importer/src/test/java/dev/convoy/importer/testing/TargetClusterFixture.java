package dev.convoy.importer.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacityBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the target cluster the pre-flight and assessment read (namespaces, storage classes,
 * published capacity, quotas) on fabric8's mock API server in CRUD mode, one object per call:
 *
 * <pre>
 * TargetClusterFixture.on(client).namespace("apps").storageClass("gold", true)
 *     .capacity("gold-zone-a", "gold", "60Gi", null)
 *     .quota("apps", "storage", Map.of("requests.storage", "500Gi"), Map.of());
 * </pre>
 */
public final class TargetClusterFixture {
  private static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";
  private final KubernetesClient client;

  private TargetClusterFixture(KubernetesClient client) {
    this.client = client;
  }

  /** Writes through {@code client}. */
  public static TargetClusterFixture on(KubernetesClient client) {
    return new TargetClusterFixture(client);
  }

  /** A namespace. */
  public TargetClusterFixture namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return this;
  }

  /** A CSI storage class, annotated as the cluster's default when {@code isDefault}. */
  public TargetClusterFixture storageClass(String name, boolean isDefault) {
    client
        .storage()
        .v1()
        .storageClasses()
        .resource(
            new StorageClassBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(isDefault ? Map.of(DEFAULT_CLASS, "true") : Map.of())
                .endMetadata()
                .withProvisioner("csi.example.com")
                .build())
        .create();
    return this;
  }

  /**
   * A CSIStorageCapacity segment of {@code storageClass} in kube-system.
   *
   * @param maximumVolumeSize null: not published
   */
  public TargetClusterFixture capacity(
      String name, String storageClass, String capacity, String maximumVolumeSize) {
    client
        .storage()
        .v1()
        .csiStorageCapacities()
        .inNamespace("kube-system")
        .resource(
            new CSIStorageCapacityBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("kube-system")
                .endMetadata()
                .withStorageClassName(storageClass)
                .withCapacity(new Quantity(capacity))
                .withMaximumVolumeSize(
                    maximumVolumeSize == null ? null : new Quantity(maximumVolumeSize))
                .build())
        .create();
    return this;
  }

  /**
   * A ResourceQuota with {@code hard} in its spec and status, and {@code used} in its status (as
   * the quota controller would have counted).
   */
  public TargetClusterFixture quota(
      String namespace, String name, Map<String, String> hard, Map<String, String> used) {
    client
        .resourceQuotas()
        .inNamespace(namespace)
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withHard(quantities(hard))
                .endSpec()
                .withNewStatus()
                .withHard(quantities(hard))
                .withUsed(quantities(used))
                .endStatus()
                .build())
        .create();
    return this;
  }

  /**
   * Writes a kubeconfig for the server behind the client to {@code file} (TLS unchecked, a dummy
   * token, {@code namespace} as the context's namespace), for CLI commands given --kubeconfig.
   */
  public Path kubeconfig(Path file, String namespace) throws IOException {
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: tester
          user:
            token: secret
        contexts:
        - name: mock
          context: {cluster: mock, user: tester, namespace: %s}
        current-context: mock
        """
            .formatted(client.getConfiguration().getMasterUrl(), namespace));
    return file;
  }

  private static Map<String, Quantity> quantities(Map<String, String> values) {
    Map<String, Quantity> result = new LinkedHashMap<>();
    values.forEach((k, v) -> result.put(k, new Quantity(v)));
    return result;
  }
}
