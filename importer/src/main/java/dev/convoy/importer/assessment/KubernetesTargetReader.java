package dev.convoy.importer.assessment;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the target-side checks need from a Kubernetes cluster: its storage classes (the
 * default one when none is named), their free capacity from {@code CSIStorageCapacity} objects
 * (summed over topology segments; absent when the CSI driver does not publish them), and the
 * namespace's remaining {@code requests.storage} quota (overall and for the storage class).
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
    List<StorageClass> classes;
    try {
      classes = client.storage().v1().storageClasses().list().getItems();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "cannot list storage classes on " + client.getMasterUrl() + ": " + e.getMessage(), e);
    }
    String chosen = storageClass;
    if (chosen == null) {
      chosen =
          classes.stream()
              .filter(
                  c ->
                      c.getMetadata().getAnnotations() != null
                          && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS)))
              .map(c -> c.getMetadata().getName())
              .findFirst()
              .orElse(null);
    }
    Map<String, Long> capacity = new HashMap<>();
    try {
      for (CSIStorageCapacity c :
          client.storage().v1().csiStorageCapacities().inAnyNamespace().list().getItems()) {
        if (c.getCapacity() != null && c.getStorageClassName() != null) {
          capacity.merge(c.getStorageClassName(), bytes(c.getCapacity()), Long::sum);
        }
      }
    } catch (KubernetesClientException e) {
      // Older clusters or no permission: capacity stays unknown and the capacity check is skipped.
    }
    List<Target.StorageClass> known = new ArrayList<>();
    for (StorageClass c : classes) {
      String name = c.getMetadata().getName();
      known.add(new Target.StorageClass(name, capacity.get(name)));
    }
    Long quota = null;
    if (namespace != null) {
      for (ResourceQuota q : client.resourceQuotas().inNamespace(namespace).list().getItems()) {
        for (String key :
            List.of("requests.storage", chosen + ".storageclass.storage.k8s.io/requests.storage")) {
          Long left = remaining(q, key);
          if (left != null) {
            quota = quota == null ? left : Math.min(quota, left);
          }
        }
      }
    }
    return new Target(namespace, chosen, known, quota, warm, maxDisks);
  }

  /** Hard minus used for {@code key}, from the quota's status (or spec when no status yet). */
  private static Long remaining(ResourceQuota quota, String key) {
    Map<String, Quantity> hard =
        quota.getStatus() != null && quota.getStatus().getHard() != null
            ? quota.getStatus().getHard()
            : quota.getSpec() == null ? null : quota.getSpec().getHard();
    if (hard == null || !hard.containsKey(key)) {
      return null;
    }
    Map<String, Quantity> used = quota.getStatus() == null ? null : quota.getStatus().getUsed();
    long usedBytes = used == null || !used.containsKey(key) ? 0 : bytes(used.get(key));
    return Math.max(0, bytes(hard.get(key)) - usedBytes);
  }

  private static long bytes(Quantity quantity) {
    BigDecimal amount = Quantity.getAmountInBytes(quantity);
    return amount.longValue();
  }
}
