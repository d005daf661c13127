package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.api.convoy.v1alpha1.OvaClaimSource;
import dev.convoy.api.convoy.v1alpha1.OvaNfsSource;
import dev.convoy.importer.migration.MigrationWorkload.OvaMember;
import dev.convoy.importer.migration.TargetCluster.ImportSource;
import dev.convoy.importer.migration.TargetCluster.OvaVolume;
import dev.convoy.plans.manifests.GeneratedFile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OVA VMs in the migration's pure parts: the workload read from generated manifests, where an
 * import pod reads a package ({@link OvaStore}), and the import pod {@link Fabric8TargetCluster}
 * creates for it on fabric8's mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class OvaImportTest {
  static KubernetesClient client;

  static final String PVC =
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: web-disk-0
        namespace: ova-import
        labels: {convoy.dev/vm: web}
        annotations:
          convoy.dev/source-disk-index: "0"
          convoy.dev/source-disk-file: web-disk1.vmdk
          convoy.dev/source-disk-capacity-bytes: "67108864"
          convoy.dev/source-disk-path: %s
          convoy.dev/source-disk-entry: web-disk1.vmdk
          convoy.dev/source-disk-checksum: SHA256:abcd
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 68Mi}}
      """;
  static final String VM =
      """
      apiVersion: kubevirt.io/v1
      kind: VirtualMachine
      metadata:
        name: web
        namespace: ova-import
        annotations:
          convoy.dev/source-kind: ova
          convoy.dev/source-moref: web
          convoy.dev/source-vm-name: web
          convoy.dev/source-location: /mnt/ova/apps/web.ova
      spec:
        runStrategy: Halted
      """;

  static MigrationWorkload workload(String ovaPath) {
    return MigrationWorkload.from(
        List.of(new GeneratedFile("wave-01/web.yaml", PVC.formatted(ovaPath) + "---\n" + VM)));
  }

  @Test
  void anOvaVmIsReadFromTheManifestsWithItsMember() {
    MigrationWorkload.VmWorkload vm = workload("/mnt/ova/apps/web.ova").vm("web");
    assertThat(vm.sourceKind()).isEqualTo(MigrationWorkload.SourceKind.OVA);
    assertThat(vm.disks().get(0).ova())
        .isEqualTo(
            new OvaMember(Path.of("/mnt/ova/apps/web.ova"), "web-disk1.vmdk", "SHA256:abcd"));
    assertThat(vm.disks().get(0).file()).isNull();
    assertThat(workload("/mnt/ova/apps/web.ova").hasVsphereVms()).isFalse();
    assertThat(MigrationExecutor.sourceIdentity(null, vm.disks().get(0)))
        .isEqualTo("ova:/mnt/ova/apps/web.ova!web-disk1.vmdk SHA256:abcd");
    assertThatThrownBy(() -> workload("build/guest/web.ova"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wave-01/web.yaml")
        .hasMessageContaining("build/guest/web.ova is a relative path")
        .hasMessageContaining("convoy inventory");
  }

  @Test
  void aWaveMayMixOvaAndVsphereVms() {
    MigrationWorkload mixed =
        MigrationWorkload.from(
            List.of(
                new GeneratedFile(
                    "wave-01/a.yaml",
                    String.join(
                        "---\n",
                        WavePreflightTest.claim("a", 0, "ds1", "fast", "10Gi"),
                        WavePreflightTest.vm(
                            "a", "esx-1.example.com", "{cores: 1}", "{guest: 1Gi}"))),
                new GeneratedFile(
                    "wave-01/web.yaml", PVC.formatted("/mnt/ova/apps/web.ova") + "---\n" + VM)));
    assertThat(mixed.hasVsphereVms()).isTrue();
    assertThat(mixed.vm("a").sourceKind()).isEqualTo(MigrationWorkload.SourceKind.VSPHERE);
    assertThat(mixed.vm("a").disks().get(0).ova()).isNull();
    assertThat(mixed.vm("web").sourceKind()).isEqualTo(MigrationWorkload.SourceKind.OVA);
    assertThat(mixed.waves()).hasSize(1);
  }

  @Test
  void theStoreMapsPackagesOntoItsVolume(@TempDir Path dir) throws Exception {
    OvaMember member = new OvaMember(Path.of("/mnt/ova/apps/web.ova"), "web-disk1.vmdk", null);
    assertThat(OvaStore.LOCAL.source(member))
        .isEqualTo(
            new ImportSource.Ova(
                new OvaVolume.HostPath(Path.of("/mnt/ova/apps")), "web.ova", "web-disk1.vmdk"));
    var spec = new dev.convoy.api.convoy.v1alpha1.OvaVolume();
    spec.setRoot("/mnt/ova/");
    OvaNfsSource nfs = new OvaNfsSource();
    nfs.setServer("nfs.example.com");
    nfs.setPath("/exports/ova");
    spec.setNfs(nfs);
    OvaStore store = OvaStore.of(spec);
    assertThat(store.source(member))
        .isEqualTo(
            new ImportSource.Ova(
                new OvaVolume.Nfs("nfs.example.com", "/exports/ova"),
                "apps/web.ova",
                "web-disk1.vmdk"));
    assertThat(store.problem(member)).isEmpty();
    OvaMember outside = new OvaMember(Path.of("/srv/web.ova"), "web-disk1.vmdk", null);
    assertThat(store.problem(outside))
        .hasValueSatisfying(p -> assertThat(p).startsWith("source.ova.outside_volume: "));
    assertThatThrownBy(() -> store.source(outside))
        .hasMessageContaining("not below the OVA volume's root /mnt/ova");
    spec.setNfs(null);
    OvaClaimSource claim = new OvaClaimSource();
    claim.setClaimName("ova-packages");
    spec.setPersistentVolumeClaim(claim);
    assertThat(OvaStore.of(spec).volume()).isEqualTo(new OvaVolume.Claim("ova-packages"));
    assertThat(OvaStore.of(null)).isEqualTo(OvaStore.LOCAL);

    // the local store checks the file the import pod will read
    Path ova = dir.resolve("web.ova");
    assertThat(OvaStore.LOCAL.problem(new OvaMember(ova, "m", null)))
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("source.ova.missing: OVA " + ova + " does not exist"));
    Files.writeString(ova, "x");
    assertThat(OvaStore.LOCAL.problem(new OvaMember(ova, "m", null))).isEmpty();
  }

  @Test
  void theOvaImportPodMountsThePackageReadOnlyAndHasNoSourceSecret() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("ova-import").endMetadata().build())
        // a loaded mock server may answer after the client's timeout, whose retry then meets 409
        .createOr(existing -> existing.update());
    MigrationWorkload.VmWorkload vm = workload("/mnt/ova/apps/web.ova").vm("web");
    MigrationWorkload.DiskWorkload disk = vm.disks().get(0);
    new Fabric8TargetCluster(client, "latest")
        .startImport(
            vm,
            disk,
            new ImportSource.Ova(
                new OvaVolume.Nfs("nfs.example.com", "/exports/ova"),
                "apps/web.ova",
                "web-disk1.vmdk"),
            "ova:/mnt/ova/apps/web.ova!web-disk1.vmdk SHA256:abcd");
    Pod pod =
        client.pods().inNamespace("ova-import").withName(Fabric8TargetCluster.podName(disk)).get();
    Container importer = pod.getSpec().getContainers().get(0);
    assertThat(importer.getArgs())
        .containsSequence("--ova", "/convoy-ova/apps/web.ova", "--ova-disk", "web-disk1.vmdk")
        .doesNotContain("--source", "--insecure-tls");
    assertThat(importer.getEnv()).noneMatch(e -> e.getName().equals(ImportPodMain.COOKIE_ENV));
    assertThat(importer.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/convoy-ova");
              assertThat(m.getReadOnly()).isTrue();
            });
    var nfs =
        pod.getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("ova"))
            .findFirst()
            .orElseThrow()
            .getNfs();
    assertThat(nfs.getServer()).isEqualTo("nfs.example.com");
    assertThat(nfs.getPath()).isEqualTo("/exports/ova");
    assertThat(nfs.getReadOnly()).isTrue();
    assertThat(client.secrets().inNamespace("ova-import").list().getItems())
        .as("no session cookie for a package")
        .isEmpty();
    // the claim it writes is the generated one
    assertThat(
            client.persistentVolumeClaims().inNamespace("ova-import").withName("web-disk-0").get())
        .isNotNull();
  }
}
