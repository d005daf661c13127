package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.importer.migration.MigrationWorkload.WaveWorkload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What import pods may do with the API, per Migration and target namespace: a ServiceAccount {@code
 * <migration>-importer} bound to a Role of the same name that allows {@code get} and {@code patch}
 * on exactly the Migration's PVCs in that namespace (an import pod records its progress and the
 * converted disk as annotations of its own PVC; nothing else: the session cookie reaches it as an
 * environment variable from a Secret, which the kubelet reads). The Migration controller creates
 * them before the first import pod of a namespace and removes them when the Migration is finished;
 * in the Migration's own namespace they are also owned by it, so deleting the Migration removes
 * them. The controller must itself hold what the Role grants (Kubernetes refuses to create a Role
 * granting more than its creator has): see deploy/rbac/importer.yaml.
 *
 * @param migration the Migration's name
 * @param migrationNamespace its namespace
 * @param owner a reference to the Migration, set on the objects in its own namespace; null: none
 * @param claims per target namespace, the Migration's PVC names
 */
public record ImportPodAccess(
    String migration,
    String migrationNamespace,
    OwnerReference owner,
    Map<String, SortedSet<String>> claims) {
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  /** The PVCs of {@code workload}, per namespace. */
  public static ImportPodAccess of(
      String migration,
      String migrationNamespace,
      OwnerReference owner,
      MigrationWorkload workload) {
    Map<String, SortedSet<String>> claims = new TreeMap<>();
    for (WaveWorkload wave : workload.waves()) {
      for (VmWorkload vm : wave.vms()) {
        for (DiskWorkload disk : vm.disks()) {
          claims
              .computeIfAbsent(vm.namespace(), n -> new TreeSet<>())
              .add(disk.claim().getMetadata().getName());
        }
      }
    }
    return new ImportPodAccess(migration, migrationNamespace, owner, claims);
  }

  /** The ServiceAccount, Role and RoleBinding's name. */
  public String name() {
    String name = migration + "-importer";
    return name.length() <= 253 ? name : name.substring(0, 253);
  }

  /** The Role's only rule in {@code namespace}: get and patch on the Migration's PVCs there. */
  public PolicyRule rule(String namespace) {
    return new PolicyRuleBuilder()
        .withApiGroups("")
        .withResources("persistentvolumeclaims")
        .withResourceNames(List.copyOf(claims.getOrDefault(namespace, new TreeSet<>())))
        .withVerbs("get", "patch")
        .build();
  }

  private ObjectMeta metadata(String namespace) {
    ObjectMetaBuilder meta =
        new ObjectMetaBuilder()
            .withName(name())
            .withNamespace(namespace)
            .addToLabels(MANAGED_BY, "convoy")
            .addToLabels(ImportAnnotations.MIGRATION_LABEL, migration);
    if (owner != null && namespace.equals(migrationNamespace)) {
      meta.withOwnerReferences(owner); // owners live in the same namespace only
    }
    return meta.build();
  }

  /**
   * Creates or updates the ServiceAccount, Role and RoleBinding in {@code namespace} (before each
   * import pod: idempotent, and a few writes beside a disk copy).
   */
  public void ensure(KubernetesClient client, String namespace) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withMetadata(metadata(namespace))
                // only the import pods, which ask for it, get a token
                .withAutomountServiceAccountToken(false)
                .build())
        .createOr(existing -> existing.update());
    Role role =
        new RoleBuilder().withMetadata(metadata(namespace)).withRules(rule(namespace)).build();
    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(role)
        .createOr(existing -> existing.update());
    RoleBinding binding =
        new RoleBindingBuilder()
            .withMetadata(metadata(namespace))
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", name())
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(name())
            .withNamespace(namespace)
            .endSubject()
            .build();
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(binding)
        .createOr(existing -> existing.update());
  }

  /**
   * Makes {@code pod} (an import pod of this Migration) run as the ServiceAccount, with its token
   * (the SA itself does not mount one), and tells it its namespace ({@code POD_NAMESPACE}: where
   * its PVC is).
   */
  public Pod applyTo(Pod pod) {
    pod.getSpec().setServiceAccountName(name());
    pod.getSpec().setAutomountServiceAccountToken(true);
    Container container = pod.getSpec().getContainers().get(0);
    List<EnvVar> env = new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
    env.removeIf(e -> e.getName().equals("POD_NAMESPACE"));
    env.add(
        new EnvVarBuilder()
            .withName("POD_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build());
    container.setEnv(env);
    return pod;
  }

  /** Deletes them from every namespace of the Migration (absent ones are fine). */
  public void remove(KubernetesClient client) {
    for (String namespace : claims.keySet()) {
      try {
        client.rbac().roleBindings().inNamespace(namespace).withName(name()).delete();
        client.rbac().roles().inNamespace(namespace).withName(name()).delete();
        client.serviceAccounts().inNamespace(namespace).withName(name()).delete();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
      }
    }
  }
}
