package dev.convoy.importer.assessment;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.plans.execution.TargetSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what the target-side checks need from a Kubernetes cluster, once, as a {@link
 * TargetSnapshot}: the namespaces of interest, every storage class (the default one marked), their
 * free capacity from {@code CSIStorageCapacity} objects (per topology segment; absent when the CSI
 * driver does not publish them), the namespaces' ResourceQuotas, and the PVCs and
 * VirtualMachineInstances that exist there. {@code convoy assess --kube} condenses it into a {@link
 * Target}; the migration's pre-flight checks it as it is ({@link
 * dev.convoy.plans.execution.Preflight}).
 */
public final class KubernetesTargetReader {
  private static final String DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class";

  private KubernetesTargetReader() {}

  /** The target seen through {@code client}; {@code storageClass} null means the default class. */
  public static Target read(
      KubernetesClient client,
      String namespace,
      String storageClass,
      Boolean warm,
      Integer maxDisks) {
    TargetSnapshot snapshot = snapshot(client, namespace == null ? List.of() : List.of(namespace));
    String chosen = storageClass;
    if (chosen == null) {
      chosen =
          snapshot.storageClasses().stream()
              .filter(TargetSnapshot.StorageClass::isDefault)
              .map(TargetSnapshot.StorageClass::name)
              .findFirst()
              .orElse(null);
    }
    List<Target.StorageClass> known = new ArrayList<>();
    for (TargetSnapshot.StorageClass c : snapshot.storageClasses()) {
      known.add(
          new Target.StorageClass(
              c.name(),
              c.capacities().isEmpty()
                  ? null
                  : c.capacities().stream()
                      .mapToLong(TargetSnapshot.Capacity::capacityBytes)
                      .sum()));
    }
    Long quota = null;
    for (TargetSnapshot.Quota q : snapshot.quotas()) {
      for (String key :
          List.of("requests.storage", chosen + ".storageclass.storage.k8s.io/requests.storage")) {
        Long left = q.remaining(key).orElse(null);
        if (left != null) {
          quota = quota == null ? left : Math.min(quota, left);
        }
      }
    }
    return new Target(namespace, chosen, known, quota, warm, maxDisks);
  }

  /**
   * What pre-flight needs of the cluster, read now.
   *
   * @param namespaces the namespaces VMs go to (quotas, PVCs and instances are read there)
   * @throws IllegalStateException when storage classes cannot be listed (no access, no cluster)
   */
  public static TargetSnapshot snapshot(KubernetesClient client, Collection<String> namespaces) {
    List<StorageClass> classes;
    try {
      classes = client.storage().v1().storageClasses().list().getItems();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot list storage classes on " + client.getMasterUrl() + ": " + e.getMessage(), e);
    }
    Map<String, List<TargetSnapshot.Capacity>> capacity = new HashMap<>();
    try {
      for (CSIStorageCapacity c :
          client.storage().v1().csiStorageCapacities().inAnyNamespace().list().getItems()) {
        if (c.getCapacity() != null && c.getStorageClassName() != null) {
          capacity
              .computeIfAbsent(c.getStorageClassName(), k -> new ArrayList<>())
              .add(
                  new TargetSnapshot.Capacity(
                      amount("storage", c.getCapacity()),
                      c.getMaximumVolumeSize() == null
                          ? null
                          : amount("storage", c.getMaximumVolumeSize())));
        }
      }
    } catch (KubernetesClientException e) {
      // Older clusters or no permission: capacity stays unknown and the capacity check is skipped.
    }
    List<TargetSnapshot.StorageClass> known = new ArrayList<>();
    for (StorageClass c : classes) {
      String name = c.getMetadata().getName();
      boolean isDefault =
          c.getMetadata().getAnnotations() != null
              && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS));
      known.add(
          new TargetSnapshot.StorageClass(name, isDefault, capacity.getOrDefault(name, List.of())));
    }
    Set<String> existing = new TreeSet<>();
    List<TargetSnapshot.Quota> quotas = new ArrayList<>();
    Map<String, Set<String>> claims = new HashMap<>();
    Map<String, Set<String>> instances = new HashMap<>();
    for (String namespace : new TreeSet<>(namespaces)) {
      if (!namespaceExists(client, namespace)) {
        continue;
      }
      existing.add(namespace);
      for (ResourceQuota q : client.resourceQuotas().inNamespace(namespace).list().getItems()) {
        quotas.add(quota(namespace, q));
      }
      claims.put(
          namespace,
          names(client.persistentVolumeClaims().inNamespace(namespace).list().getItems()));
      try {
        instances.put(
            namespace,
            names(
                client
                    .resources(VirtualMachineInstance.class)
                    .inNamespace(namespace)
                    .list()
                    .getItems()));
      } catch (KubernetesClientException e) {
        // no KubeVirt API yet: no instance exists
      }
    }
    return new TargetSnapshot(existing, known, quotas, claims, instances);
  }

  private static boolean namespaceExists(KubernetesClient client, String namespace) {
    try {
      return client.namespaces().withName(namespace).get() != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        // may not read namespaces (a namespaced user): the quotas and PVCs there still tell
        return true;
      }
      throw e;
    }
  }

  private static Set<String> names(List<? extends HasMetadata> items) {
    Set<String> names = new TreeSet<>();
    items.forEach(i -> names.add(i.getMetadata().getName()));
    return names;
  }

  /**
   * A quota in base units: its status's hard and used (the spec's hard before the quota controller
   * filled the status).
   */
  private static TargetSnapshot.Quota quota(String namespace, ResourceQuota quota) {
    Map<String, Quantity> hard =
        quota.getStatus() != null && quota.getStatus().getHard() != null
            ? quota.getStatus().getHard()
            : quota.getSpec() == null || quota.getSpec().getHard() == null
                ? Map.of()
                : quota.getSpec().getHard();
    Map<String, Quantity> used =
        quota.getStatus() == null || quota.getStatus().getUsed() == null
            ? Map.of()
            : quota.getStatus().getUsed();
    Map<String, Long> hardAmounts = new HashMap<>();
    hard.forEach((k, v) -> hardAmounts.put(k, amount(k, v)));
    Map<String, Long> usedAmounts = new HashMap<>();
    used.forEach((k, v) -> usedAmounts.put(k, amount(k, v)));
    return new TargetSnapshot.Quota(
        namespace, quota.getMetadata().getName(), hardAmounts, usedAmounts);
  }

  /** A quantity in base units: millicores for CPU keys, bytes or a count otherwise (rounded up). */
  static long amount(String key, Quantity quantity) {
    BigDecimal amount = quantity.getNumericalAmount();
    if (key.endsWith("cpu")) {
      amount = amount.multiply(BigDecimal.valueOf(1000));
    }
    return amount.setScale(0, RoundingMode.CEILING).longValue();
  }
}
