package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.cdi.v1beta1.DataVolumeSpec;
import dev.convoy.api.cdi.v1beta1.DataVolumeStatus;
import dev.convoy.api.kubevirt.v1.DataVolumeTemplateSpec;
import dev.convoy.api.kubevirt.v1.DataVolumeVolumeSource;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.Volume;
import dev.convoy.operator.ConvoyOperator;
import dev.convoy.operator.OperatorConfig;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import dev.convoy.operator.testing.MockKube;
import dev.convoy.operator.vmi.LauncherSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "dataVolumeTemplates with CDI installed: DataVolumes created, the start waits for them")
class DataVolumeTemplatesTest extends OperatorTestBase {

  static ConvoyOperator operator;
  static FakeKubelet kubelet;
  static FakeNodeAgent agent;

  @BeforeAll
  static void start() {
    kube = MockKube.start();
    // CDI's CRD (CDI owns it; a minimal one is enough for the mock to serve DataVolumes with a
    // status subresource).
    kube.client()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("datavolumes.cdi.kubevirt.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("cdi.kubevirt.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("DataVolume")
                .withPlural("datavolumes")
                .withSingular("datavolume")
                .withShortNames("dv")
                .endNames()
                .addNewVersion()
                .withName("v1beta1")
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .endSubresources()
                .withNewSchema()
                .withNewOpenAPIV3Schema()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema()
                .endSchema()
                .endVersion()
                .endSpec()
                .build())
        .create();
    operator =
        ConvoyOperator.start(
            kube.client(), OperatorConfig.forTests(LauncherSettings.defaults()), Clock.systemUTC());
    kubelet = new FakeKubelet(kube.newClient(), "node-1");
    agent = new FakeNodeAgent(kube.newClient(), "node-1");
  }

  @AfterAll
  static void stop() {
    agent.close();
    kubelet.close();
    operator.close();
    kube.close();
  }

  static VirtualMachine vmWithDataVolume(String ns, String name, String dv) {
    VirtualMachine vm = Fixtures.vm(ns, name, "Always");
    Volume v = new Volume();
    v.setName("rootdisk");
    DataVolumeVolumeSource source = new DataVolumeVolumeSource();
    source.setName(dv);
    v.setDataVolume(source);
    vm.getSpec().getTemplate().setSpec(Fixtures.vmiSpec(v));
    DataVolumeTemplateSpec template = new DataVolumeTemplateSpec();
    template.setMetadata(
        new ObjectMetaBuilder().withName(dv).withLabels(Map.of("app", "web")).build());
    DataVolumeSpec spec = new DataVolumeSpec();
    spec.setAdditionalProperty(
        "source", Map.of("http", Map.of("url", "http://images.example/web.qcow2")));
    template.setSpec(spec);
    vm.getSpec().setDataVolumeTemplates(List.of(template));
    return vm;
  }

  static void setPhase(String ns, String dv, String phase) {
    client()
        .resources(DataVolume.class)
        .inNamespace(ns)
        .withName(dv)
        .editStatus(
            d -> {
              DataVolumeStatus s = new DataVolumeStatus();
              s.setPhase(phase);
              d.setStatus(s);
              return d;
            });
  }

  @Test
  @DisplayName(
      "Provisioning while CDI imports; Running once the DataVolume succeeded and its PVC is there")
  void importThenRun() {
    String ns = kube.namespace("dv");
    client().resource(vmWithDataVolume(ns, "web", "web-root")).create();
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        client()
                            .resources(DataVolume.class)
                            .inNamespace(ns)
                            .withName("web-root")
                            .get())
                    .isNotNull());
    DataVolume dv = client().resources(DataVolume.class).inNamespace(ns).withName("web-root").get();
    assertThat(dv.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("VirtualMachine");
              assertThat(o.getController()).isTrue();
            });
    assertThat(dv.getMetadata().getLabels()).containsEntry("app", "web");

    setPhase(ns, "web-root", "ImportInProgress");
    awaitPrintable(ns, "web", "Provisioning");
    assertThat(vmi(ns, "web")).as("no VMI while the disk imports").isNull();

    client()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("web-root")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .endSpec()
                .withNewStatus()
                .withPhase("Bound")
                .endStatus()
                .build())
        .create();
    setPhase(ns, "web-root", "Succeeded");
    awaitPrintable(ns, "web", "Running");
    assertThat(pods(ns))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getSpec().getVolumes())
                    .anySatisfy(
                        v ->
                            assertThat(
                                    v.getPersistentVolumeClaim() == null
                                        ? null
                                        : v.getPersistentVolumeClaim().getClaimName())
                                .isEqualTo("web-root")));
  }

  @Test
  @DisplayName("a failed import shows DataVolumeError")
  void failedImport() {
    String ns = kube.namespace("dvfail");
    client().resource(vmWithDataVolume(ns, "db", "db-root")).create();
    eventually()
        .untilAsserted(
            () ->
                assertThat(
                        client()
                            .resources(DataVolume.class)
                            .inNamespace(ns)
                            .withName("db-root")
                            .get())
                    .isNotNull());
    setPhase(ns, "db-root", "Failed");
    awaitPrintable(ns, "db", "DataVolumeError");
    assertThat(vmi(ns, "db")).isNull();
  }
}
