package dev.convoy.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.convoy.operator.admission.WebhookServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The schema check standing in for {@code kubectl apply --dry-run=client -k deploy/} (no kubectl
 * here): every file the kustomization names exists and parses; every document is a kind fabric8's
 * model knows, with no field the model does not know (a typo such as {@code contianers} would
 * otherwise be silently dropped by the API server); and the pieces reference each other
 * consistently (service accounts, webhook service and paths, images, RBAC for what the controllers
 * do).
 */
@DisplayName("deploy/ manifests: kustomization, kinds, fields and cross-references")
class DeployManifestsTest {

  static final Path DEPLOY = Path.of(System.getProperty("convoy.root", "..")).resolve("deploy");
  static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());
  static final KubernetesSerialization K8S = new KubernetesSerialization();

  record Doc(Path file, HasMetadata object) {
    @Override
    public String toString() {
      return DEPLOY.relativize(file)
          + ": "
          + object.getKind()
          + " "
          + object.getMetadata().getName();
    }
  }

  static JsonNode kustomization;
  static List<Doc> docs;

  @BeforeAll
  static void load() throws IOException {
    kustomization = YAML.readTree(DEPLOY.resolve("kustomization.yaml").toFile());
    docs = new ArrayList<>();
    for (JsonNode r : kustomization.path("resources")) {
      Path file = DEPLOY.resolve(r.asText()).normalize();
      assertThat(file).as("kustomization.yaml resource " + r.asText()).isRegularFile();
      String text = Files.readString(file);
      List<JsonNode> documents =
          YAML.readValues(YAML.getFactory().createParser(text), JsonNode.class).readAll().stream()
              .filter(n -> n != null && !n.isNull() && !n.isEmpty())
              .toList();
      assertThat(documents).as(r.asText() + " has at least one object").isNotEmpty();
      for (JsonNode node : documents) {
        KubernetesResource parsed = K8S.unmarshal(node.toString(), KubernetesResource.class);
        assertThat(parsed)
            .as(
                r.asText()
                    + ": "
                    + node.path("apiVersion").asText()
                    + "/"
                    + node.path("kind").asText()
                    + " is a kind fabric8's model knows")
            .isInstanceOf(HasMetadata.class)
            .isNotInstanceOf(GenericKubernetesResource.class);
        docs.add(new Doc(file, (HasMetadata) parsed));
      }
    }
  }

  @Test
  @DisplayName("the kustomization has only known keys and names every generated CRD")
  void kustomization() throws IOException {
    assertThat(kustomization.path("apiVersion").asText())
        .isEqualTo("kustomize.config.k8s.io/v1beta1");
    assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
    List<String> keys = new ArrayList<>();
    kustomization.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .isSubsetOf("apiVersion", "kind", "resources", "images", "namespace", "labels", "patches");
    List<String> named = new ArrayList<>();
    kustomization.path("resources").forEach(n -> named.add(n.asText()));
    try (Stream<Path> crds = Files.list(DEPLOY.resolve("crds"))) {
      assertThat(named)
          .as("every CRD under deploy/crds is deployed")
          .containsAll(
              crds.map(p -> "crds/" + p.getFileName())
                  .filter(p -> p.endsWith(".yml") || p.endsWith(".yaml"))
                  .toList());
    }
    assertThat(docs.stream().filter(d -> d.object() instanceof CustomResourceDefinition))
        .extracting(d -> d.object().getMetadata().getName())
        .contains("virtualmachines.kubevirt.io", "virtualmachineinstances.kubevirt.io");
  }

  @Test
  @DisplayName("no field is unknown to the model, anywhere in any object")
  void noUnknownFields() {
    List<String> problems = new ArrayList<>();
    for (Doc d : docs) {
      unknownFields(d.object(), "", problems, d.toString(), new IdentityHashMap<>());
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName("namespaced objects live in convoy-system, which the kustomization creates")
  void namespaces() {
    assertThat(objects(io.fabric8.kubernetes.api.model.Namespace.class))
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("convoy-system");
    for (Doc d : docs) {
      boolean clusterScoped =
          d.object() instanceof io.fabric8.kubernetes.api.model.Namespace
              || d.object() instanceof ClusterRole
              || d.object() instanceof ClusterRoleBinding
              || d.object() instanceof CustomResourceDefinition
              || d.object() instanceof MutatingWebhookConfiguration
              || d.object() instanceof ValidatingWebhookConfiguration;
      if (clusterScoped) {
        assertThat(d.object().getMetadata().getNamespace()).as(d.toString()).isNull();
      } else {
        assertThat(d.object().getMetadata().getNamespace())
            .as(d.toString())
            .isEqualTo("convoy-system");
      }
    }
  }

  @Test
  @DisplayName("workloads run as existing service accounts with images the kustomization maps")
  void workloads() {
    Set<String> accounts =
        objects(ServiceAccount.class).stream()
            .map(s -> s.getMetadata().getName())
            .collect(Collectors.toSet());
    Set<String> images = new java.util.HashSet<>();
    kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));

    Deployment operator = one(Deployment.class, "convoy-operator");
    assertThat(accounts)
        .contains(operator.getSpec().getTemplate().getSpec().getServiceAccountName());
    assertThat(images)
        .contains(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertThat(operator.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "convoy-operator"));
    assertThat(operator.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(operator.getSpec().getSelector().getMatchLabels());
    var env =
        operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .collect(
                Collectors.toMap(e -> e.getName(), e -> e.getValue() == null ? "" : e.getValue()));
    assertThat(env).containsKeys("POD_NAMESPACE", "CONVOY_LAUNCHER_IMAGE");
    assertThat(env.get("CONVOY_PRIVILEGED_USERS"))
        .contains("system:serviceaccount:convoy-system:convoy-operator")
        .contains("system:serviceaccount:convoy-system:convoy-handler");

    DaemonSet handler = one(DaemonSet.class, "convoy-handler");
    assertThat(accounts)
        .contains(handler.getSpec().getTemplate().getSpec().getServiceAccountName());
    assertThat(images)
        .contains(handler.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
  }

  @Test
  @DisplayName(
      "every webhook calls the convoy-webhook Service on a path the server serves, for kubevirt.io/v1 only")
  void webhooks() {
    Service service = one(Service.class, "convoy-webhook");
    List<WebhookClientConfig> clients = new ArrayList<>();
    objects(MutatingWebhookConfiguration.class)
        .forEach(
            m ->
                m.getWebhooks()
                    .forEach(
                        w -> {
                          clients.add(w.getClientConfig());
                          assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
                          assertThat(w.getSideEffects()).isEqualTo("None");
                          w.getRules()
                              .forEach(
                                  r -> assertThat(r.getApiGroups()).containsExactly("kubevirt.io"));
                        }));
    objects(ValidatingWebhookConfiguration.class)
        .forEach(
            m ->
                m.getWebhooks()
                    .forEach(
                        w -> {
                          clients.add(w.getClientConfig());
                          assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
                          assertThat(w.getSideEffects()).isEqualTo("None");
                        }));
    assertThat(clients)
        .extracting(c -> c.getService().getPath())
        .containsExactlyInAnyOrderElementsOf(WebhookServer.PATHS);
    for (WebhookClientConfig c : clients) {
      assertThat(c.getService().getName()).isEqualTo(service.getMetadata().getName());
      assertThat(c.getService().getNamespace()).isEqualTo(service.getMetadata().getNamespace());
      assertThat(service.getSpec().getPorts())
          .anySatisfy(p -> assertThat(p.getPort()).isEqualTo(c.getService().getPort()));
    }
    Deployment operator = one(Deployment.class, "convoy-operator");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(operator.getSpec().getSelector().getMatchLabels());
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .anySatisfy(
            p ->
                assertThat(p.getName())
                    .isEqualTo(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()));
  }

  @Test
  @DisplayName(
      "RBAC: the operator may do exactly what its controllers do, bindings name existing accounts")
  void rbac() {
    ClusterRole role = one(ClusterRole.class, "convoy-operator");
    assertThat(verbs(role, "kubevirt.io", "virtualmachines"))
        .containsExactlyInAnyOrder("get", "list", "watch", "update", "patch");
    assertThat(verbs(role, "kubevirt.io", "virtualmachines/status")).contains("update");
    assertThat(verbs(role, "kubevirt.io", "virtualmachineinstances"))
        .contains("get", "list", "watch", "create", "update", "delete");
    assertThat(verbs(role, "", "pods"))
        .containsExactlyInAnyOrder("get", "list", "watch", "create", "delete");
    assertThat(verbs(role, "", "persistentvolumeclaims"))
        .containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbs(role, "", "secrets")).as("no secrets").isEmpty();
    assertThat(verbs(role, "", "nodes"))
        .as("node controller: list heartbeats, mark silent nodes unschedulable")
        .contains("list", "patch")
        .doesNotContain("delete", "update");
    assertThat(role.getRules()).noneSatisfy(r -> assertThat(r.getVerbs()).contains("*"));
    assertThat(role.getRules()).noneSatisfy(r -> assertThat(r.getResources()).contains("*"));

    ClusterRole handler = one(ClusterRole.class, "convoy-handler");
    assertThat(verbs(handler, "", "pods")).doesNotContain("create", "delete");
    assertThat(verbs(handler, "kubevirt.io", "virtualmachineinstances"))
        .doesNotContain("create", "delete");

    Set<String> accounts =
        objects(ServiceAccount.class).stream()
            .map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName())
            .collect(Collectors.toSet());
    List<Subject> subjects = new ArrayList<>();
    objects(ClusterRoleBinding.class).forEach(b -> subjects.addAll(b.getSubjects()));
    objects(RoleBinding.class).forEach(b -> subjects.addAll(b.getSubjects()));
    assertThat(subjects)
        .allSatisfy(s -> assertThat(accounts).contains(s.getNamespace() + "/" + s.getName()));
    Set<String> roles =
        objects(ClusterRole.class).stream()
            .map(r -> r.getMetadata().getName())
            .collect(Collectors.toSet());
    objects(ClusterRoleBinding.class)
        .forEach(b -> assertThat(roles).contains(b.getRoleRef().getName()));
  }

  static Set<String> verbs(ClusterRole role, String group, String resource) {
    return role.getRules().stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .map(PolicyRule::getVerbs)
        .flatMap(Collection::stream)
        .collect(Collectors.toSet());
  }

  static <T extends HasMetadata> List<T> objects(Class<T> type) {
    return docs.stream().map(Doc::object).filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(Class<T> type, String name) {
    return objects(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /**
   * Collects every non-empty additionalProperties map in fabric8 model objects (fields the model
   * does not know).
   */
  static void unknownFields(
      Object o,
      String path,
      List<String> problems,
      String where,
      IdentityHashMap<Object, Boolean> seen) {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        unknownFields(e, path + "[" + i++ + "]", problems, where, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      m.forEach((k, v) -> unknownFields(v, path + "." + k, problems, where, seen));
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    try {
      for (PropertyDescriptor p : Introspector.getBeanInfo(o.getClass()).getPropertyDescriptors()) {
        Method getter = p.getReadMethod();
        if (getter == null || getter.getParameterCount() != 0 || p.getName().equals("class")) {
          continue;
        }
        Object value = getter.invoke(o);
        if (p.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            problems.add(
                where
                    + ": unknown field(s) "
                    + extra.keySet()
                    + " at "
                    + (path.isEmpty() ? "." : path));
          }
          continue;
        }
        unknownFields(value, path + "." + p.getName(), problems, where, seen);
      }
    } catch (ReflectiveOperationException | java.beans.IntrospectionException e) {
      throw new AssertionError(e);
    }
  }
}
