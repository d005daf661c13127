package dev.convoy.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.operator.testing.MockKube;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OwnFinalizerTest {
  private static final String FINALIZER = "test.convoy.dev/own";

  private static MockKube kube;

  @BeforeAll
  static void start() {
    kube = MockKube.start();
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  @Test
  @DisplayName(
      "removing the last finalizer of a deleted object succeeds when the server deletes it and"
          + " answers without a body (the fabric8 mock, so the local API server, do)")
  void lastFinalizerDeletesTheObject() {
    KubernetesClient client = kube.client();
    String ns = kube.namespace("own-finalizer");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName("gone")
                .withFinalizers(FINALIZER)
                .endMetadata()
                .build())
        .create();
    client.configMaps().inNamespace(ns).withName("gone").delete();
    ConfigMap read = client.configMaps().inNamespace(ns).withName("gone").get();
    assertThat(read.getMetadata().getDeletionTimestamp()).isNotNull();

    Optional<ConfigMap> written =
        OwnFinalizer.remove(
            read, new ConfigMapBuilder(read).build(), FINALIZER, r -> client.resource(r).update());

    assertThat(written).isPresent();
    assertThat(written.get().getMetadata().getFinalizers()).isEmpty();
    assertThat(client.configMaps().inNamespace(ns).withName("gone").get()).isNull();
  }

  @Test
  @DisplayName("another finalizer left: the object stays, written without ours")
  void otherFinalizerKeepsTheObject() {
    KubernetesClient client = kube.client();
    String ns = kube.namespace("own-finalizer");
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName("kept")
                .withFinalizers(FINALIZER, "test.convoy.dev/other")
                .endMetadata()
                .build())
        .create();
    client.configMaps().inNamespace(ns).withName("kept").delete();
    ConfigMap read = client.configMaps().inNamespace(ns).withName("kept").get();

    Optional<ConfigMap> written =
        OwnFinalizer.remove(
            read, new ConfigMapBuilder(read).build(), FINALIZER, r -> client.resource(r).update());

    assertThat(written)
        .hasValueSatisfying(
            cm ->
                assertThat(cm.getMetadata().getFinalizers())
                    .containsExactly("test.convoy.dev/other"));
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("kept")
                .get()
                .getMetadata()
                .getFinalizers())
        .isEqualTo(List.of("test.convoy.dev/other"));
  }
}
