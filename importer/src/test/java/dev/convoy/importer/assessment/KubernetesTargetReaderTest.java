package dev.convoy.importer.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.importer.testing.TargetClusterFixture;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target read from a Kubernetes API (fabric8's mock server in CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class KubernetesTargetReaderTest {
  static KubernetesClient client;
  static KubernetesMockServer server;

  @BeforeAll
  static void cluster() {
    TargetClusterFixture.on(client)
        .namespace("apps")
        .storageClass("gold", true)
        .storageClass("silver", false)
        .capacity("gold-zone-a", "gold", "60Gi", null)
        .capacity("gold-zone-b", "gold", "40Gi", null)
        .quota(
            "apps",
            "storage",
            Map.of(
                "requests.storage",
                "500Gi",
                "gold.storageclass.storage.k8s.io/requests.storage",
                "250Gi"),
            Map.of(
                "requests.storage",
                "200Gi",
                "gold.storageclass.storage.k8s.io/requests.storage",
                "100Gi"));
  }

  @Test
  void storageClassesCapacityAndQuota() {
    Target target = KubernetesTargetReader.read(client, "apps", null, false, null);
    assertThat(target.storageClass()).isEqualTo("gold");
    assertThat(target.storageClasses())
        .containsExactlyInAnyOrder(
            new Target.StorageClass("gold", 100L << 30), new Target.StorageClass("silver", null));
    assertThat(target.quotaBytes())
        .isEqualTo(150L << 30); // the gold-specific quota is the tighter one
    assertThat(target.warm()).isFalse();
    Target silver = KubernetesTargetReader.read(client, "apps", "silver", null, null);
    assertThat(silver.quotaBytes()).isEqualTo(300L << 30);
  }

  @Test
  void convoyAssessReadsTheTargetThroughAKubeconfig(@TempDir Path dir) throws Exception {
    Path kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            String.join(
                "\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster:",
                "    server: " + client.getMasterUrl(),
                "    insecure-skip-tls-verify: true",
                "contexts:",
                "- name: mock",
                "  context: {cluster: mock, user: mock, namespace: apps}",
                "current-context: mock",
                "users:",
                "- name: mock",
                "  user: {token: test}",
                ""));
    Path inventory = dir.resolve("inventory.yaml");
    Files.writeString(
        inventory,
        String.join(
            "\n",
            "schemaVersion: convoy.dev/inventory/v1",
            "vms:",
            "- id: vm-1",
            "  name: big",
            "  disks:",
            "  - key: 1",
            "    capacityBytes: 214748364800", // 200 GiB: over the 150 GiB quota, over 100 GiB
            // capacity
            ""));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int exit =
        dev.convoy.cli.Main.run(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true),
            "assess",
            inventory.toString(),
            "--kube",
            "--kubeconfig",
            kubeconfig.toString(),
            "-o",
            "json");
    assertThat(exit).as(err + "\n" + out).isEqualTo(5);
    assertThat(out.toString())
        .contains("\"storageClass\" : \"gold\"")
        .contains("target.capacity.insufficient")
        .contains("target.quota.insufficient")
        .contains("namespace 'apps' has 150 GiB of requests.storage quota left");
  }
}
