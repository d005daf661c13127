package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.importer.testing.TargetClusterFixture;
import dev.convoy.importer.vsphere.DatastoreFile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The import pods' ServiceAccount, Role and RoleBinding on fabric8's mock API server: get and patch
 * on the Migration's own PVCs only, owned by the Migration in its namespace, removed explicitly.
 */
@EnableKubernetesMockClient(crud = true)
class ImportPodAccessTest {
  static KubernetesClient client;

  static MigrationWorkload.VmWorkload vm(String name, String namespace, int disks) {
    List<MigrationWorkload.DiskWorkload> list = new java.util.ArrayList<>();
    for (int i = 0; i < disks; i++) {
      list.add(
          new MigrationWorkload.DiskWorkload(
              "disk-" + i,
              new PersistentVolumeClaimBuilder()
                  .withNewMetadata()
                  .withName(name + "-disk-" + i)
                  .endMetadata()
                  .build(),
              DatastoreFile.parse("DC0", "[ds1] " + name + "/" + name + ".vmdk"),
              1L << 30));
    }
    return new MigrationWorkload.VmWorkload(
        name, namespace, "vm-" + name, name.toUpperCase(), null, list);
  }

  static final MigrationWorkload WORKLOAD =
      new MigrationWorkload(
          List.of(
              new MigrationWorkload.WaveWorkload("w1", List.of(vm("a", "apps", 2))),
              new MigrationWorkload.WaveWorkload("w2", List.of(vm("b", "other", 1)))));

  static final OwnerReference OWNER =
      new OwnerReferenceBuilder()
          .withApiVersion("convoy.dev/v1alpha1")
          .withKind("Migration")
          .withName("shop")
          .withUid("uid-1")
          .build();

  @Test
  void getAndPatchOnTheMigrationsOwnClaimsPerNamespaceOwnedWhereTheMigrationIs() {
    TargetClusterFixture.on(client).namespace("apps").namespace("other");
    ImportPodAccess access = ImportPodAccess.of("shop", "apps", OWNER, WORKLOAD);
    assertThat(access.name()).isEqualTo("shop-importer");
    access.ensure(client, "apps");
    access.ensure(client, "apps"); // idempotent
    access.ensure(client, "other");

    Role role = client.rbac().roles().inNamespace("apps").withName("shop-importer").get();
    assertThat(role.getRules()).hasSize(1);
    assertThat(role.getRules().get(0).getApiGroups()).containsExactly("");
    assertThat(role.getRules().get(0).getResources()).containsExactly("persistentvolumeclaims");
    assertThat(role.getRules().get(0).getVerbs()).containsExactly("get", "patch");
    assertThat(role.getRules().get(0).getResourceNames()).containsExactly("a-disk-0", "a-disk-1");
    assertThat(role.getMetadata().getOwnerReferences()).containsExactly(OWNER);
    assertThat(
            client
                .rbac()
                .roles()
                .inNamespace("other")
                .withName("shop-importer")
                .get()
                .getRules()
                .get(0)
                .getResourceNames())
        .containsExactly("b-disk-0");

    RoleBinding binding =
        client.rbac().roleBindings().inNamespace("other").withName("shop-importer").get();
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo("shop-importer");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo("shop-importer");
              assertThat(s.getNamespace()).isEqualTo("other");
            });
    // no owner across namespaces: Kubernetes would collect it at once
    assertThat(binding.getMetadata().getOwnerReferences()).isNullOrEmpty();

    var account = client.serviceAccounts().inNamespace("apps").withName("shop-importer").get();
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(account.getMetadata().getLabels())
        .containsEntry(ImportAnnotations.MIGRATION_LABEL, "shop");

    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .addNewContainer()
            .withName("importer")
            .endContainer()
            .endSpec()
            .build();
    access.applyTo(pod);
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("shop-importer");
    assertThat(pod.getSpec().getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getSpec().getContainers().get(0).getEnv())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
            });

    access.remove(client);
    access.remove(client); // nothing left is fine
    for (String ns : List.of("apps", "other")) {
      assertThat(client.rbac().roles().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.rbac().roleBindings().inNamespace(ns).list().getItems()).isEmpty();
      assertThat(client.serviceAccounts().inNamespace(ns).list().getItems()).isEmpty();
    }
  }

  /**
   * Kubernetes creates a Role only for a creator holding every permission it grants: the
   * controller's ClusterRole in deploy/rbac/importer.yaml must cover the import pods' Role, and the
   * ServiceAccount, Role and RoleBinding writes, and the leader election Lease.
   */
  @Test
  void theControllersClusterRoleHoldsWhatItGrantsAndCreates() throws Exception {
    Path file =
        Path.of(System.getProperty("convoy.root", "..")).resolve("deploy/rbac/importer.yaml");
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (!document.isBlank()) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    ClusterRole controller =
        objects.stream()
            .filter(o -> o instanceof ClusterRole && o.getMetadata().getName().equals(CONTROLLER))
            .map(ClusterRole.class::cast)
            .findFirst()
            .orElseThrow();
    PolicyRule granted = ImportPodAccess.of("shop", "apps", OWNER, WORKLOAD).rule("apps");
    for (String verb : granted.getVerbs()) {
      assertThat(verbs(controller.getRules(), "", "persistentvolumeclaims"))
          .as("escalation: the controller holds %s on PVCs", verb)
          .contains(verb);
    }
    assertThat(verbs(controller.getRules(), "", "serviceaccounts"))
        .contains("get", "create", "update", "delete");
    for (String resource : List.of("roles", "rolebindings")) {
      assertThat(verbs(controller.getRules(), "rbac.authorization.k8s.io", resource))
          .contains("get", "create", "update", "delete")
          .doesNotContain("bind", "escalate", "*");
    }
    assertThat(controller.getRules())
        .noneSatisfy(r -> assertThat(r.getVerbs()).contains("*"))
        .noneSatisfy(r -> assertThat(r.getResources()).contains("*"));
    Role lease =
        objects.stream()
            .filter(o -> o instanceof Role)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getName().equals(CONTROLLER + "-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(lease.getMetadata().getNamespace()).isEqualTo("convoy-system");
    assertThat(verbs(lease.getRules(), "coordination.k8s.io", "leases"))
        .containsExactlyInAnyOrder("get", "create", "update");
    assertThat(objects)
        .filteredOn(o -> o instanceof RoleBinding)
        .map(RoleBinding.class::cast)
        .anySatisfy(
            b -> {
              assertThat(b.getRoleRef().getName()).isEqualTo(lease.getMetadata().getName());
              assertThat(b.getSubjects().get(0).getName()).isEqualTo(CONTROLLER);
            });
  }

  static final String CONTROLLER = "convoy-migration-controller";

  static Set<String> verbs(List<PolicyRule> rules, String group, String resource) {
    Set<String> verbs = new TreeSet<>();
    for (PolicyRule rule : rules) {
      if (rule.getApiGroups().contains(group) && rule.getResources().contains(resource)) {
        verbs.addAll(rule.getVerbs());
      }
    }
    return verbs;
  }
}
