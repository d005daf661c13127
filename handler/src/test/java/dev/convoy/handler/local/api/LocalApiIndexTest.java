package dev.convoy.handler.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local API server's index of named objects: it must hold exactly the store's keys after every
 * kind of change, and every lookup through it must answer what the mock's full scan answers.
 */
class LocalApiIndexTest {
  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("test.convoy.dev")
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();

  @TempDir Path dataDir;
  private LocalApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName(
      "the index follows create, update, status update, patches, deletes, finalizers and a restart"
          + " from the journal without ever being rebuilt, and answers like the full scan")
  void indexFollowsEveryChange() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    KubernetesClient client = server.client();
    client.namespaces().resource(namespace("other")).create();
    var widgets = client.genericKubernetesResources(WIDGETS);
    for (String ns : List.of("default", "other")) {
      widgets.inNamespace(ns).resource(widget("w1")).create();
      client.configMaps().inNamespace(ns).resource(configMap("c1")).create();
    }
    assertConsistent();

    // update and status update of a custom resource with a status subresource
    GenericKubernetesResource w1 = widgets.inNamespace("default").withName("w1").get();
    w1.setAdditionalProperty("spec", Map.of("size", 5));
    w1 = widgets.inNamespace("default").resource(w1).update();
    w1.setAdditionalProperty("status", Map.of("phase", "Ready"));
    widgets.inNamespace("default").resource(w1).updateStatus();
    // JSON patch and merge patch, including a label change (part of the stored key)
    client
        .configMaps()
        .inNamespace("default")
        .withName("c1")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"app\":\"a\"}}]");
    client
        .configMaps()
        .inNamespace("other")
        .withName("c1")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"v\"}}");
    assertConsistent();
    assertThat(client.configMaps().inNamespace("default").withName("c1").get().getMetadata())
        .satisfies(meta -> assertThat(meta.getLabels()).containsEntry("app", "a"));

    // graceful pod deletion (stored directly), then the final delete
    client.pods().inNamespace("default").resource(pod("bound", "node-a")).create();
    client.pods().inNamespace("default").withName("bound").delete();
    assertConsistent();
    assertThat(client.pods().inNamespace("default").withName("bound").get()).isNotNull();
    client.pods().inNamespace("default").withName("bound").withGracePeriod(0).delete();
    assertThat(client.pods().inNamespace("default").withName("bound").get()).isNull();
    // an object with a finalizer: delete marks it, removing the finalizer removes it
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("held")
                .withFinalizers("test.convoy.dev/hold")
                .endMetadata()
                .build())
        .create();
    client.configMaps().inNamespace("default").withName("held").delete();
    var held = client.configMaps().inNamespace("default").withName("held").get();
    assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
    assertConsistent();
    held.getMetadata().setFinalizers(List.of());
    client.configMaps().inNamespace("default").resource(held).update();
    assertThat(client.configMaps().inNamespace("default").withName("held").get()).isNull();
    client.configMaps().inNamespace("other").withName("c1").delete();
    assertConsistent();
    assertThat(server.dispatcher().indexRebuilds()).isZero();

    GenericKubernetesResource before = widgets.inNamespace("default").withName("w1").get();
    server.close();
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    client = server.client();
    assertConsistent();
    assertThat(server.dispatcher().indexRebuilds()).isZero();
    GenericKubernetesResource after =
        client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("w1").get();
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Ready"));
    assertThat(client.configMaps().inNamespace("other").withName("c1").get()).isNull();
  }

  @Test
  @DisplayName("lists, label and field selectors and ambiguous names go through the full scan")
  void listsAndSelectorsUseTheScan() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    KubernetesClient client = server.client();
    client.namespaces().resource(namespace("other")).create();
    client.configMaps().inNamespace("default").resource(labelled("a", "x")).create();
    client.configMaps().inNamespace("default").resource(labelled("b", "y")).create();
    client.configMaps().inNamespace("other").resource(labelled("a", "x")).create();
    LocalApiDispatcher dispatcher = server.dispatcher();

    for (String path :
        List.of(
            "/api/v1/namespaces/default/configmaps",
            "/api/v1/namespaces/default/configmaps?labelSelector=app%3Dx",
            "/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Da",
            "/api/v1/configmaps")) {
      assertThat(NamedObjectIndex.Slot.ofQuery(dispatcher.getKey(path))).as(path).isNull();
    }
    assertThat(client.configMaps().inNamespace("default").withLabel("app", "x").list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("a");
    assertThat(client.configMaps().inAnyNamespace().withLabel("app", "x").list().getItems())
        .hasSize(2);
    assertThat(
            client
                .configMaps()
                .inNamespace("default")
                .withField("metadata.name", "b")
                .list()
                .getItems())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("b");

    // a named query without a namespace matches both "a"s: the scan's store order decides
    AttributeSet anyNamespace = dispatcher.getKey("/api/v1/configmaps/a");
    assertThat(NamedObjectIndex.Slot.ofQuery(anyNamespace)).isNotNull();
    assertThat(dispatcher.findResource(anyNamespace))
        .isNotNull()
        .isEqualTo(dispatcher.scanResource(anyNamespace));
    assertConsistent();
    assertThat(dispatcher.indexRebuilds()).isZero();
  }

  /**
   * The index holds exactly the store's keys, and for every stored object (and for names that do
   * not exist) the indexed lookup and GET answer what the mock's scan answers.
   */
  private void assertConsistent() {
    LocalApiDispatcher dispatcher = server.dispatcher();
    assertThat(dispatcher.indexedKeys()).isEqualTo(new HashSet<>(dispatcher.getMap().keySet()));
    List<String> paths = new ArrayList<>();
    for (ApiJournal.StoredObject stored : dispatcher.storedEntries()) {
      paths.add(stored.path());
      paths.add(stored.path() + "-absent");
    }
    paths.add("/api/v1/namespaces/nowhere/configmaps/c1");
    paths.add("/apis/test.convoy.dev/v1/namespaces/default/widgets/w1/status");
    for (String path : paths) {
      AttributeSet key = dispatcher.getKey(path);
      assertThat(dispatcher.findResource(key)).as(path).isEqualTo(dispatcher.scanResource(key));
      var indexed = dispatcher.handleGet(path);
      var scanned = dispatcher.scanGet(path);
      assertThat(indexed.getStatus()).as(path).isEqualTo(scanned.getStatus());
      assertThat(bodyOf(indexed)).as(path).isEqualTo(bodyOf(scanned));
    }
  }

  private static String bodyOf(io.fabric8.mockwebserver.http.MockResponse response) {
    return response.getBody() == null ? null : response.getBody().readUtf8();
  }

  private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
    return new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .build();
  }

  private static GenericKubernetesResource widget(String name) {
    GenericKubernetesResource widget = new GenericKubernetesResource();
    widget.setApiVersion("test.convoy.dev/v1");
    widget.setKind("Widget");
    widget.setMetadata(new ObjectMetaBuilder().withName(name).build());
    widget.setAdditionalProperty("spec", Map.of("size", 3));
    return widget;
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static io.fabric8.kubernetes.api.model.ConfigMap labelled(String name, String app) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("app", app))
        .endMetadata()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String name, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withTerminationGracePeriodSeconds(20L)
        .addNewContainer()
        .withName("main")
        .withImage("example.org/anything:1")
        .endContainer()
        .endSpec()
        .build();
  }
}
