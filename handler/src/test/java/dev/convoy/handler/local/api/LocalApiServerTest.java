package dev.convoy.handler.local.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiServerTest {
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

  private static GenericKubernetesResource widget(String name) {
    GenericKubernetesResource widget = new GenericKubernetesResource();
    widget.setApiVersion("test.convoy.dev/v1");
    widget.setKind("Widget");
    widget.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    widget.setAdditionalProperty("spec", Map.of("size", 3));
    return widget;
  }

  @Test
  @DisplayName(
      "a Secret's stringData is stored as base64 data on create, update and patch, and never returned")
  void secretStringDataIsStoredAsData() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    KubernetesClient client = server.client();
    java.util.function.Function<String, String> b64 =
        text ->
            java.util.Base64.getEncoder()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    client
        .secrets()
        .inNamespace("default")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("login")
                .endMetadata()
                .addToData("user", b64.apply("old-user"))
                .addToData("host", b64.apply("vc.example"))
                .addToStringData("user", "admin")
                .addToStringData("password", "s3cret")
                .build())
        .create();

    io.fabric8.kubernetes.api.model.Secret got =
        client.secrets().inNamespace("default").withName("login").get();
    assertThat(got.getStringData()).isNullOrEmpty();
    assertThat(got.getData())
        .containsEntry("user", b64.apply("admin"))
        .containsEntry("password", b64.apply("s3cret"))
        .containsEntry("host", b64.apply("vc.example"));

    // update: the sent data replaces the stored data, then stringData is merged over it
    got.setData(new java.util.HashMap<>(Map.of("host", b64.apply("vc2.example"))));
    got.setStringData(Map.of("password", "changed"));
    client.secrets().inNamespace("default").resource(got).update();
    got = client.secrets().inNamespace("default").withName("login").get();
    assertThat(got.getStringData()).isNullOrEmpty();
    assertThat(got.getData())
        .containsOnly(
            Map.entry("host", b64.apply("vc2.example")),
            Map.entry("password", b64.apply("changed")));

    // merge patch: stringData merges over the stored data
    client
        .secrets()
        .inNamespace("default")
        .withName("login")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"stringData\":{\"password\":\"patched\"}}");
    got = client.secrets().inNamespace("default").withName("login").get();
    assertThat(got.getStringData()).isNullOrEmpty();
    assertThat(got.getData())
        .containsOnly(
            Map.entry("host", b64.apply("vc2.example")),
            Map.entry("password", b64.apply("patched")));
  }

  @Test
  @DisplayName("objects, uids and statuses survive a restart, and resourceVersions keep growing")
  void stateSurvivesRestart() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    KubernetesClient client = server.client();
    GenericKubernetesResource created =
        client
            .genericKubernetesResources(WIDGETS)
            .inNamespace("default")
            .resource(widget("w1"))
            .create();
    created.setAdditionalProperty("status", Map.of("phase", "Ready"));
    client
        .genericKubernetesResources(WIDGETS)
        .inNamespace("default")
        .resource(created)
        .updateStatus();
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("c1")
                .endMetadata()
                .addToData("k", "v")
                .build())
        .create();
    client
        .configMaps()
        .inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("gone").endMetadata().build())
        .create();
    long goneUid =
        ApiJournal.uidNumber(
            client
                .configMaps()
                .inNamespace("default")
                .withName("gone")
                .get()
                .getMetadata()
                .getUid());
    client.configMaps().inNamespace("default").withName("gone").delete();
    GenericKubernetesResource before =
        client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("w1").get();
    long highest =
        Long.parseLong(
            client
                .configMaps()
                .inNamespace("default")
                .withName("c1")
                .get()
                .getMetadata()
                .getResourceVersion());
    server.close();

    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    client = server.client();
    GenericKubernetesResource after =
        client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("w1").get();
    assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
    assertThat(after.getMetadata().getResourceVersion())
        .isEqualTo(before.getMetadata().getResourceVersion());
    assertThat(after.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Ready"));
    assertThat(client.configMaps().inNamespace("default").withName("c1").get().getData())
        .containsEntry("k", "v");
    assertThat(client.configMaps().inNamespace("default").withName("gone").get()).isNull();

    // the status subresource still works after the restore: a main-resource update keeps status
    after.setAdditionalProperty("status", Map.of("phase", "Overwritten"));
    after.setAdditionalProperty("spec", Map.of("size", 4));
    GenericKubernetesResource updated =
        client.genericKubernetesResources(WIDGETS).inNamespace("default").resource(after).update();
    assertThat(updated.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Ready"));
    assertThat(Long.parseLong(updated.getMetadata().getResourceVersion())).isGreaterThan(highest);

    // new objects never reuse a uid used before the restart, even one of a deleted object
    ConfigMap fresh =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("fresh").endMetadata().build())
            .create();
    assertThat(ApiJournal.uidNumber(fresh.getMetadata().getUid())).isGreaterThan(goneUid);
  }

  @Test
  @DisplayName("a torn last journal line (a crash mid-write) is dropped, earlier lines are kept")
  void tornJournalLineIsDropped() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    server
        .client()
        .configMaps()
        .inNamespace("default")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("kept").endMetadata().build())
        .create();
    server.close();
    server = null;
    Files.writeString(
        dataDir.resolve("api").resolve(ApiJournal.LOG),
        "{\"op\":\"put\",\"rv\":99,\"key\":{\"grou",
        java.nio.file.StandardOpenOption.APPEND);
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    assertThat(server.client().configMaps().inNamespace("default").withName("kept").get())
        .isNotNull();
  }

  @Test
  @DisplayName("admission mutates creates and patches, and a denial is a 422 naming the problem")
  void admissionRunsBeforeStoring() throws Exception {
    AdmissionHook hook =
        new AdmissionHook() {
          @Override
          public boolean handles(String group, String plural) {
            return group.equals("test.convoy.dev") && plural.equals("widgets");
          }

          @Override
          public JsonNode admit(Request request) throws Denied {
            JsonNode size = request.object().path("spec").path("size");
            if (size.asInt() > 10) {
              throw new Denied("spec.size: must be at most 10, got " + size.asInt());
            }
            ObjectNode object = request.object().deepCopy();
            ((ObjectNode) object.get("spec")).put("defaulted", request.operation().name());
            return object;
          }
        };
    server = LocalApiServer.start(dataDir, 0, hook);
    var widgets = server.client().genericKubernetesResources(WIDGETS).inNamespace("default");

    GenericKubernetesResource created = widgets.resource(widget("w")).create();
    assertThat(spec(created)).containsEntry("defaulted", "CREATE");

    GenericKubernetesResource patched =
        widgets
            .withName("w")
            .patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(),
                "{\"spec\":{\"size\":5}}");
    assertThat(spec(patched)).containsEntry("size", 5).containsEntry("defaulted", "UPDATE");

    GenericKubernetesResource tooBig = widget("big");
    tooBig.setAdditionalProperty("spec", Map.of("size", 11));
    assertThatThrownBy(() -> widgets.resource(tooBig).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.size: must be at most 10, got 11")
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
    assertThat(widgets.withName("big").get()).isNull();
  }

  @Test
  @DisplayName("a JSON patch that no longer applies is a 422 naming the path, and nothing changes")
  void inapplicableJsonPatchIsUnprocessable() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    var widgets = server.client().genericKubernetesResources(WIDGETS).inNamespace("default");
    GenericKubernetesResource w = widget("w");
    w.setAdditionalProperty("spec", Map.of("items", java.util.List.of("a")));
    widgets.resource(w).create();

    // computed against an older copy with two items (what a stale client sends)
    String stale = "[{\"op\":\"remove\",\"path\":\"/spec/items/1\"}]";
    assertThatThrownBy(
            () ->
                widgets
                    .withName("w")
                    .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).build(), stale))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("/spec/items")
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422));
    assertThat(spec(widgets.withName("w").get()))
        .isEqualTo(Map.of("items", java.util.List.of("a")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @Test
  @DisplayName("a pod bound to a node is deleted gracefully; an unbound pod goes at once")
  void podDeletionIsGraceful() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    var pods = server.client().pods().inNamespace("default");
    pods.resource(pod("bound", "node-a", 20L)).create();
    pods.resource(pod("unbound", null, 20L)).create();

    pods.withName("bound").delete();
    Pod terminating = pods.withName("bound").get();
    assertThat(terminating).isNotNull();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(20L);
    assertThat(terminating.getMetadata().getDeletionTimestamp()).endsWith("Z");

    // an update cannot undo a deletion
    terminating.getMetadata().setDeletionTimestamp(null);
    terminating.getMetadata().setLabels(Map.of("touched", "yes"));
    Pod updated = pods.resource(terminating).update();
    assertThat(updated.getMetadata().getDeletionTimestamp()).isNotNull();

    pods.withName("bound").withGracePeriod(0).delete();
    assertThat(pods.withName("bound").get()).isNull();

    pods.withName("unbound").delete();
    assertThat(pods.withName("unbound").get()).isNull();
  }

  private static Pod pod(String name, String node, long grace) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .withTerminationGracePeriodSeconds(grace)
        .addNewContainer()
        .withName("main")
        .withImage("example.org/anything:1")
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  @DisplayName("deleting an owner deletes its dependents (ownerReference garbage collection)")
  void ownerDeletionCascades() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    var configMaps = server.client().configMaps().inNamespace("default");
    ConfigMap owner =
        configMaps
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    ConfigMap otherOwner =
        configMaps
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("other").endMetadata().build())
            .create();
    configMaps
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("dependent")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("owner")
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    configMaps
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("unrelated")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("other")
                .withUid(otherOwner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();

    configMaps.withName("owner").delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> configMaps.withName("dependent").get() == null);
    assertThat(configMaps.withName("unrelated").get()).isNotNull();
  }

  @Test
  @DisplayName("the kubeconfig reaches the server, and discovery lists the registered CRD groups")
  void kubeconfigAndDiscovery() throws Exception {
    server = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    Path kubeconfig = LocalApiServer.kubeconfigPath(dataDir);
    assertThat(kubeconfig).exists();
    try (KubernetesClient fromFile =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
            .build()) {
      assertThat(fromFile.namespaces().withName("default").get()).isNotNull();
      assertThat(fromFile.getNamespace()).isEqualTo("default");
    }
    HttpClient http = HttpClient.newHttpClient();
    String apis =
        http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/apis")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(apis).contains("\"test.convoy.dev\"", "\"apiextensions.k8s.io\"");
    String widgets =
        http.send(
                HttpRequest.newBuilder(URI.create(server.url() + "/apis/test.convoy.dev/v1"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(widgets).contains("\"widgets\"", "\"widgets/status\"", "\"wdg\"");
  }
}
