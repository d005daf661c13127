package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.importer.vsphere.Thumbprint;
import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VcenterLogin;
import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import pod that logs in to vCenter itself (fabric8's mock API server): the login and the
 * pinned thumbprint are in its Secret and reach it as environment variables by reference; the pod
 * spec and its arguments hold no password, and the controller's session cookie is not handed out.
 */
@EnableKubernetesMockClient(crud = true)
class ImportPodLoginTest {
  static KubernetesClient client;

  @TempDir Path scratch;

  @Test
  void theLoginReachesThePodThroughItsSecretOnly() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("apps").endMetadata().build())
        .createOr(existing -> existing.update());
    String pin =
        "44:8F:62:8A:8A:65:AA:18:56:0E:53:A8:0C:53:AC:B3:8C:51:B4:27:DF:03:34:08:23:49:14:11:47:DC:9B:F6";
    Map<String, String> login =
        new VcenterLogin(
                VsphereEndpoint.parse("vsphere://admin@vc.example.com"),
                new VsphereCredentials("admin", "s3cret-pw".toCharArray()),
                new TlsPolicy.Pinned(Thumbprint.parse(pin)))
            .environment();
    MigrationWorkload.VmWorkload vm = WavePreflightTest.WORKLOAD.vm("a");
    MigrationWorkload.DiskWorkload disk = vm.disks().get(0);
    new Fabric8TargetCluster(client, "latest")
        .startImport(
            vm,
            disk,
            new TargetCluster.ImportSource.Http(
                URI.create("https://vc.example.com/folder/a/a.vmdk?dsName=ds1"),
                Map.of("Cookie", "vmware_soap_session=controller"),
                true,
                login),
            "https://vc.example.com [ds1] a/a.vmdk");

    Pod pod = client.pods().inNamespace("apps").withName(Fabric8TargetCluster.podName(disk)).get();
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getArgs()).doesNotContain("--insecure-tls");
    assertThat(String.join(" ", container.getArgs())).doesNotContain("s3cret-pw");
    Map<String, EnvVar> env =
        container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    for (String name :
        new String[] {
          VcenterLogin.URL_ENV,
          VcenterLogin.USERNAME_ENV,
          VcenterLogin.PASSWORD_ENV,
          VcenterLogin.THUMBPRINT_ENV
        }) {
      assertThat(env.get(name).getValue()).isNull();
      assertThat(env.get(name).getValueFrom().getSecretKeyRef().getName())
          .isEqualTo(Fabric8TargetCluster.secretName(disk));
    }
    Secret secret =
        client.secrets().inNamespace("apps").withName(Fabric8TargetCluster.secretName(disk)).get();
    // in data (base64), which every API server and the local runtime's pods read
    Map<String, String> data =
        secret.getData().entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    e -> new String(java.util.Base64.getDecoder().decode(e.getValue()))));
    assertThat(data)
        .containsEntry(VcenterLogin.PASSWORD_ENV, "s3cret-pw")
        .containsEntry(VcenterLogin.THUMBPRINT_ENV, pin)
        .containsEntry("cookie", "");

    // what the pod reads back is the same login
    VcenterLogin read = VcenterLogin.fromEnvironment(data, scratch).orElseThrow();
    assertThat(read.endpoint().host()).isEqualTo("vc.example.com");
    assertThat(read.credentials().username()).isEqualTo("admin");
    assertThat(read.tls()).isEqualTo(new TlsPolicy.Pinned(Thumbprint.parse(pin)));
  }

  @Test
  void anIncompleteOrContradictoryLoginIsRefusedNamingTheVariable() {
    Map<String, String> base =
        Map.of(
            VcenterLogin.URL_ENV, "vsphere://vc.example.com",
            VcenterLogin.USERNAME_ENV, "admin",
            VcenterLogin.PASSWORD_ENV, "pw");
    assertThat(VcenterLogin.fromEnvironment(Map.of(), scratch)).isEmpty();
    assertThat(VcenterLogin.fromEnvironment(base, scratch).orElseThrow().tls())
        .isEqualTo(new TlsPolicy.SystemTrust());
    var noPassword = new java.util.HashMap<>(base);
    noPassword.remove(VcenterLogin.PASSWORD_ENV);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VcenterLogin.fromEnvironment(noPassword, scratch))
        .hasMessageContaining(VcenterLogin.PASSWORD_ENV);
    var both = new java.util.HashMap<>(base);
    both.put(VcenterLogin.THUMBPRINT_ENV, "AB:CD");
    both.put(VcenterLogin.INSECURE_ENV, "true");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> VcenterLogin.fromEnvironment(both, scratch))
        .hasMessageContaining(VcenterLogin.THUMBPRINT_ENV)
        .hasMessageContaining(VcenterLogin.INSECURE_ENV);
  }
}
