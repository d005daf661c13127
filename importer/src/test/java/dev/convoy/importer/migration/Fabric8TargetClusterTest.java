package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The import pod as {@link Fabric8TargetCluster} creates it on fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class Fabric8TargetClusterTest {
  static KubernetesClient client;

  @BeforeAll
  static void namespace() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
        .create();
  }

  @Test
  void theImportPodRequestsCpuAndMemorySoAComputeQuotaAdmitsIt() {
    MigrationWorkload.VmWorkload vm = WavePreflightTest.WORKLOAD.vm("a");
    MigrationWorkload.DiskWorkload disk = vm.disks().get(0);
    new Fabric8TargetCluster(client, "latest")
        .startImport(
            vm,
            disk,
            new TargetCluster.ImportSource.Http(
                URI.create("https://vc.example.com/folder/a/a.vmdk?dsName=ds1"),
                Map.of("Cookie", "vmware_soap_session=x"),
                true),
            "https://vc.example.com [ds1] a/a.vmdk");
    Pod pod = client.pods().inNamespace("apps").withName(Fabric8TargetCluster.podName(disk)).get();
    var resources = pod.getSpec().getContainers().get(0).getResources();
    assertThat(resources.getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("256Mi"));
    // no CPU or memory limit (a memory limit counts the write's page cache); the scratch space
    // holds the staged 1 GiB source: 1 GiB + 1/64 + 512 MiB, also the emptyDir's sizeLimit
    assertThat(resources.getLimits())
        .containsOnlyKeys("ephemeral-storage")
        .containsEntry("ephemeral-storage", new Quantity("1552Mi"));
    assertThat(resources.getRequests()).containsEntry("ephemeral-storage", new Quantity("1552Mi"));
    assertThat(pod.getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals(ImportPodScratch.VOLUME))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("1552Mi")));
  }

  @Test
  void theImportPodGetsTheMigrationsVcenterTimeoutAndScratchForItsSourceFilesSize() {
    MigrationWorkload.VmWorkload vm = WavePreflightTest.WORKLOAD.vm("b");
    MigrationWorkload.DiskWorkload disk = vm.disks().get(0);
    new Fabric8TargetCluster(client, "latest")
        .startImport(
            vm,
            disk,
            new TargetCluster.ImportSource.Http(
                URI.create("https://vc.example.com/folder/b/b.vmdk?dsName=ds1"),
                Map.of(),
                true,
                Map.of(),
                java.time.Duration.ofSeconds(7),
                3L << 20),
            "https://vc.example.com [ds1] b/b.vmdk");
    Pod pod = client.pods().inNamespace("apps").withName(Fabric8TargetCluster.podName(disk)).get();
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals(ImportPodMain.TIMEOUT_ENV))
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("7"));
    // a 3 MiB streamOptimized file of a 1 GiB disk: 3 MiB + 512 MiB, not the capacity
    assertThat(container.getResources().getLimits())
        .containsEntry("ephemeral-storage", new Quantity("515Mi"));
  }
}
