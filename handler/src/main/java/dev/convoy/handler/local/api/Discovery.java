package dev.convoy.handler.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API discovery documents kubectl reads before anything else ({@code /api}, {@code /apis},
 * {@code /api/v1}, {@code /apis/<group>/<version>}, {@code /version}). The mock server has none of
 * them; the built-in resources listed here are the ones the local runtime stores, and every CRD
 * stored in the server adds its group.
 */
final class Discovery {
  private static final ObjectMapper MAPPER = Serialization.jsonMapper();
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** A built-in resource: plural, kind, namespaced, short names. */
  private record Builtin(String plural, String kind, boolean namespaced, List<String> shortNames) {}

  private static final Map<String, List<Builtin>> BUILTIN = new LinkedHashMap<>();

  static {
    BUILTIN.put(
        "v1",
        List.of(
            new Builtin("pods", "Pod", true, List.of("po")),
            new Builtin("pods/status", "Pod", true, List.of()),
            new Builtin("pods/log", "Pod", true, List.of()),
            new Builtin("nodes", "Node", false, List.of("no")),
            new Builtin("namespaces", "Namespace", false, List.of("ns")),
            new Builtin("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
            new Builtin("persistentvolumeclaims/status", "PersistentVolumeClaim", true, List.of()),
            new Builtin("persistentvolumes", "PersistentVolume", false, List.of("pv")),
            new Builtin("configmaps", "ConfigMap", true, List.of("cm")),
            new Builtin("secrets", "Secret", true, List.of()),
            new Builtin("services", "Service", true, List.of("svc")),
            new Builtin("serviceaccounts", "ServiceAccount", true, List.of("sa")),
            new Builtin("events", "Event", true, List.of("ev"))));
    BUILTIN.put(
        "apps/v1",
        List.of(
            new Builtin("deployments", "Deployment", true, List.of("deploy")),
            new Builtin("daemonsets", "DaemonSet", true, List.of("ds")),
            new Builtin("statefulsets", "StatefulSet", true, List.of("sts")),
            new Builtin("controllerrevisions", "ControllerRevision", true, List.of())));
    BUILTIN.put(
        "apiextensions.k8s.io/v1",
        List.of(
            new Builtin(
                "customresourcedefinitions", "CustomResourceDefinition", false, List.of("crd"))));
    BUILTIN.put(
        "storage.k8s.io/v1",
        List.of(new Builtin("storageclasses", "StorageClass", false, List.of("sc"))));
    BUILTIN.put("coordination.k8s.io/v1", List.of(new Builtin("leases", "Lease", true, List.of())));
  }

  private Discovery() {}

  /** The document for {@code path}, or null when the path is not a discovery path. */
  static String document(String path, Supplier<List<String>> storedObjects) {
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    switch (trimmed) {
      case "/":
        return rootPaths();
      case "/version":
        return "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0-convoy-local\","
            + "\"platform\":\"linux/amd64\",\"compiler\":\"fabric8-mock\"}";
      case "/api":
        return "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
            + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
      case "/api/v1":
        return resourceList("v1", BUILTIN.get("v1"));
      case "/apis":
        return groupList(crds(storedObjects));
      default:
        break;
    }
    if (trimmed.startsWith("/apis/")) {
      String[] parts = trimmed.substring("/apis/".length()).split("/");
      if (parts.length == 2) {
        String groupVersion = parts[0] + "/" + parts[1];
        if (BUILTIN.containsKey(groupVersion)) {
          return resourceList(groupVersion, BUILTIN.get(groupVersion));
        }
        return crdResourceList(parts[0], parts[1], crds(storedObjects));
      }
      if (parts.length == 1) {
        return group(parts[0], crds(storedObjects));
      }
    }
    return null;
  }

  private static String rootPaths() {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode paths = root.putArray("paths");
    paths.add("/api").add("/api/v1").add("/apis").add("/version");
    for (String groupVersion : BUILTIN.keySet()) {
      if (groupVersion.contains("/")) {
        paths.add("/apis/" + groupVersion);
      }
    }
    return root.toString();
  }

  private static List<JsonNode> crds(Supplier<List<String>> storedObjects) {
    List<JsonNode> crds = new ArrayList<>();
    for (String json : storedObjects.get()) {
      if (!json.contains("\"CustomResourceDefinition\"")) {
        continue;
      }
      try {
        JsonNode node = MAPPER.readTree(json);
        if ("CustomResourceDefinition".equals(node.path("kind").asText())) {
          crds.add(node);
        }
      } catch (IOException e) {
        // not JSON: cannot be a CRD
      }
    }
    return crds;
  }

  private static String resourceList(String groupVersion, List<Builtin> resources) {
    ObjectNode list = MAPPER.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", groupVersion);
    ArrayNode array = list.putArray("resources");
    for (Builtin builtin : resources) {
      ObjectNode resource = array.addObject();
      resource.put("name", builtin.plural());
      resource.put("singularName", "");
      resource.put("namespaced", builtin.namespaced());
      resource.put("kind", builtin.kind());
      ArrayNode verbs = resource.putArray("verbs");
      if (builtin.plural().contains("/")) {
        verbs.add("get").add("patch").add("update");
      } else {
        ALL_VERBS.forEach(verbs::add);
      }
      if (!builtin.shortNames().isEmpty()) {
        ArrayNode shortNames = resource.putArray("shortNames");
        builtin.shortNames().forEach(shortNames::add);
      }
    }
    return list.toString();
  }

  private static String groupList(List<JsonNode> crds) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String groupVersion : BUILTIN.keySet()) {
      if (groupVersion.contains("/")) {
        String[] parts = groupVersion.split("/");
        groups.computeIfAbsent(parts[0], g -> new ArrayList<>()).add(parts[1]);
      }
    }
    for (JsonNode crd : crds) {
      String group = crd.path("spec").path("group").asText();
      for (JsonNode version : crd.path("spec").path("versions")) {
        List<String> versions = groups.computeIfAbsent(group, g -> new ArrayList<>());
        if (version.path("served").asBoolean(true)
            && !versions.contains(version.path("name").asText())) {
          if (version.path("storage").asBoolean(false)) {
            versions.add(0, version.path("name").asText());
          } else {
            versions.add(version.path("name").asText());
          }
        }
      }
    }
    ObjectNode list = MAPPER.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode array = list.putArray("groups");
    groups.forEach((name, versions) -> array.add(groupNode(name, versions)));
    return list.toString();
  }

  private static String group(String name, List<JsonNode> crds) {
    JsonNode groups;
    try {
      groups = MAPPER.readTree(groupList(crds)).path("groups");
    } catch (IOException e) {
      return null;
    }
    for (JsonNode group : groups) {
      if (group.path("name").asText().equals(name)) {
        ObjectNode node = ((ObjectNode) group).deepCopy();
        node.put("kind", "APIGroup");
        node.put("apiVersion", "v1");
        return node.toString();
      }
    }
    return null;
  }

  private static ObjectNode groupNode(String name, List<String> versions) {
    ObjectNode group = MAPPER.createObjectNode();
    group.put("name", name);
    ArrayNode array = group.putArray("versions");
    for (String version : versions) {
      array.addObject().put("groupVersion", name + "/" + version).put("version", version);
    }
    group
        .putObject("preferredVersion")
        .put("groupVersion", name + "/" + versions.get(0))
        .put("version", versions.get(0));
    return group;
  }

  private static String crdResourceList(String group, String version, List<JsonNode> crds) {
    ObjectNode list = MAPPER.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group + "/" + version);
    ArrayNode array = list.putArray("resources");
    boolean found = false;
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group)) {
        continue;
      }
      for (JsonNode served : spec.path("versions")) {
        if (!served.path("name").asText().equals(version)) {
          continue;
        }
        found = true;
        JsonNode names = spec.path("names");
        boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
        ObjectNode resource = array.addObject();
        resource.put("name", names.path("plural").asText());
        resource.put("singularName", names.path("singular").asText(""));
        resource.put("namespaced", namespaced);
        resource.put("kind", names.path("kind").asText());
        ArrayNode verbs = resource.putArray("verbs");
        ALL_VERBS.forEach(verbs::add);
        if (names.has("shortNames")) {
          resource.set("shortNames", names.get("shortNames"));
        }
        if (names.has("categories")) {
          resource.set("categories", names.get("categories"));
        }
        if (served.path("subresources").has("status")) {
          ObjectNode status = array.addObject();
          status.put("name", names.path("plural").asText() + "/status");
          status.put("singularName", "");
          status.put("namespaced", namespaced);
          status.put("kind", names.path("kind").asText());
          status.putArray("verbs").add("get").add("patch").add("update");
        }
      }
    }
    return found ? list.toString() : null;
  }
}
