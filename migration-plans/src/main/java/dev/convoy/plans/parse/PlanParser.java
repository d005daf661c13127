package dev.convoy.plans.parse;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.Serialization;
import dev.convoy.api.convoy.v1alpha1.AutoWaves;
import dev.convoy.api.convoy.v1alpha1.Convoy;
import dev.convoy.api.convoy.v1alpha1.ExplicitWave;
import dev.convoy.api.convoy.v1alpha1.MaintenanceWindow;
import dev.convoy.api.convoy.v1alpha1.MigrationPlan;
import dev.convoy.api.convoy.v1alpha1.MigrationPlanSpec;
import dev.convoy.api.convoy.v1alpha1.MoveGroup;
import dev.convoy.api.convoy.v1alpha1.NetworkMapping;
import dev.convoy.api.convoy.v1alpha1.OvaVolume;
import dev.convoy.api.convoy.v1alpha1.SourceProvider;
import dev.convoy.api.convoy.v1alpha1.StorageMapping;
import dev.convoy.api.convoy.v1alpha1.VmDependency;
import dev.convoy.api.convoy.v1alpha1.VmSelection;
import dev.convoy.api.convoy.v1alpha1.VsphereProvider;
import dev.convoy.plans.yaml.Position;
import dev.convoy.plans.yaml.Texts;
import dev.convoy.plans.yaml.YamlException;
import dev.convoy.plans.yaml.YamlNode;
import dev.convoy.plans.yaml.YamlProblem;
import dev.convoy.plans.yaml.YamlReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a plan YAML ({@code convoy.dev/v1alpha1} MigrationPlan) and checks everything that needs no
 * inventory. Every problem names the file, line and column and what was expected; all problems of a
 * document are reported at once; it never throws anything but {@link InvalidPlanException} for bad
 * input.
 */
public final class PlanParser {
  /** The kind a plan document has. */
  public static final String KIND = "MigrationPlan";

  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern THUMBPRINT =
      Pattern.compile("([0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}|([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}");

  private PlanParser() {}

  /** Reads and parses a plan file; the path as given names it in messages. */
  public static ParsedPlan read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidPlanException(
          List.of(
              new YamlProblem(firstBadByte(path.toString(), bytes), "the file is not UTF-8 text")));
    }
    return parse(path.toString(), text);
  }

  private static Position firstBadByte(String file, byte[] bytes) {
    int line = 1;
    int column = 1;
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        column = 1;
        continue;
      }
      if ((bytes[i] & 0x80) != 0) {
        int length = (bytes[i] & 0xE0) == 0xC0 ? 2 : (bytes[i] & 0xF0) == 0xE0 ? 3 : 4;
        try {
          decoder.decode(java.nio.ByteBuffer.wrap(bytes, i, Math.min(length, bytes.length - i)));
          i += length - 1;
        } catch (CharacterCodingException e) {
          return new Position(file, line, column);
        }
      }
      column++;
    }
    return new Position(file, line, column);
  }

  /** Parses plan text; {@code file} names it in messages. */
  public static ParsedPlan parse(String file, String text) {
    YamlNode root;
    try {
      root = YamlReader.read(file, text);
    } catch (InvalidPlanException e) {
      throw e;
    } catch (YamlException e) {
      throw new InvalidPlanException(e.problems());
    }
    List<YamlProblem> problems = new ArrayList<>();
    Map<String, Position> values = new HashMap<>();
    Map<String, Position> keys = new HashMap<>();
    if (!(root instanceof YamlNode.Mapping mapping)) {
      throw new InvalidPlanException(
          List.of(
              new YamlProblem(
                  root.position(),
                  "the document is "
                      + root.kindName()
                      + "; expected a mapping with apiVersion: "
                      + Convoy.API_VERSION
                      + ", kind: "
                      + KIND
                      + ", metadata and spec")));
    }
    checkHeader(mapping, problems);
    ObjectMapper mapper = Serialization.json();
    JavaType type = mapper.constructType(MigrationPlan.class);
    JsonNode tree = new TreeBinder(mapper, problems, values, keys).bind(root, type, "");
    boolean structural = !problems.isEmpty();
    MigrationPlan plan;
    try {
      plan = mapper.treeToValue(tree, MigrationPlan.class);
    } catch (IOException | IllegalArgumentException e) {
      if (structural) {
        throw new InvalidPlanException(problems);
      }
      // The binder checked types already, so this is unexpected; still the user's input.
      throw new InvalidPlanException(
          List.of(
              new YamlProblem(
                  root.position(), "the plan cannot be read: " + Texts.abbreviate("" + e, 200))));
    }
    ParsedPlan parsed = new ParsedPlan(plan, file, values, keys);
    if (structural) {
      // Report the semantic problems of the parts that did bind too, so one run shows as many
      // problems as possible; the model may be partial here.
      List<YamlProblem> more = new ArrayList<>();
      try {
        new Checks(parsed, more).run();
        problems.addAll(more);
      } catch (RuntimeException e) {
        // A partial model the checks cannot handle: the structural problems come first anyway.
      }
      throw new InvalidPlanException(problems);
    }
    new Checks(parsed, problems).run();
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
    return parsed;
  }

  private static void checkHeader(YamlNode.Mapping root, List<YamlProblem> problems) {
    YamlNode apiVersion = root.get("apiVersion");
    if (apiVersion == null) {
      problems.add(
          new YamlProblem(
              root.position(),
              "the document needs the key 'apiVersion' with the value " + Convoy.API_VERSION));
    } else if (!(apiVersion instanceof YamlNode.Scalar s)
        || !Convoy.API_VERSION.equals(s.value())) {
      problems.add(
          new YamlProblem(
              apiVersion.position(),
              "'apiVersion' is " + apiVersion.kindName() + "; expected " + Convoy.API_VERSION));
    }
    YamlNode kind = root.get("kind");
    if (kind == null) {
      problems.add(
          new YamlProblem(
              root.position(), "the document needs the key 'kind' with the value " + KIND));
    } else if (!(kind instanceof YamlNode.Scalar s) || !KIND.equals(s.value())) {
      String found = kind instanceof YamlNode.Scalar s && s.value() != null ? s.value() : "";
      problems.add(
          new YamlProblem(
              kind.position(),
              "'kind' is "
                  + kind.kindName()
                  + "; expected "
                  + KIND
                  + Suggestions.didYouMean(found, List.of(KIND))));
    }
    if (root.get("metadata") == null) {
      problems.add(
          new YamlProblem(
              root.position(), "the document needs the key 'metadata' with at least a name"));
    }
    if (root.get("spec") == null) {
      problems.add(new YamlProblem(root.position(), "the document needs the key 'spec'"));
    }
  }

  /** The checks on the bound model that need no inventory. */
  private static final class Checks {
    private final ParsedPlan parsed;
    private final List<YamlProblem> problems;

    Checks(ParsedPlan parsed, List<YamlProblem> problems) {
      this.parsed = parsed;
      this.problems = problems;
    }

    private void problem(String path, String message) {
      problems.add(new YamlProblem(parsed.at(path), message));
    }

    void run() {
      MigrationPlan plan = parsed.plan();
      String name = plan.getMetadata() == null ? null : plan.getMetadata().getName();
      if (name == null) {
        problem("metadata", "'metadata' needs the key 'name'");
      } else if (!DNS_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
        problem(
            "metadata.name",
            "'metadata.name' is '"
                + Texts.abbreviate(name, 60)
                + "'; expected a Kubernetes name: lower-case letters, digits, '-' and '.', starting"
                + " and ending with a letter or digit");
      }
      MigrationPlanSpec spec = plan.getSpec();
      if (spec == null) {
        return;
      }
      checkSource(spec);
      checkTarget(spec);
      checkSelection(spec.getSelection());
      if (spec.getWaves() != null) {
        boolean explicit = spec.getWaves().getExplicit() != null;
        boolean auto = spec.getWaves().getAuto() != null;
        if (explicit == auto) {
          problem(
              "spec.waves",
              "'spec.waves' needs exactly one of 'explicit' (waves listed by hand) or 'auto'"
                  + " (planned from groups, dependencies and caps)");
        }
        if (explicit) {
          checkExplicit(spec.getWaves().getExplicit());
        }
        if (auto) {
          checkAuto(spec.getWaves().getAuto());
        }
      }
    }

    private void checkSource(MigrationPlanSpec spec) {
      if (spec.getSource() == null) {
        return;
      }
      checkOvaVolume(spec.getSource().getOvaVolume());
      if (spec.getSource().getProvider() == null) {
        return;
      }
      SourceProvider provider = spec.getSource().getProvider();
      int count =
          (provider.getVsphere() != null ? 1 : 0)
              + (provider.getOva() != null ? 1 : 0)
              + (provider.getInventory() != null ? 1 : 0);
      if (count != 1) {
        problem(
            "spec.source.provider",
            "'spec.source.provider' needs exactly one of 'vsphere', 'ova' or 'inventory'"
                + (count > 1 ? "; it has " + count : ""));
      }
      VsphereProvider vsphere = provider.getVsphere();
      if (vsphere != null) {
        String url = vsphere.getUrl();
        if (url != null && !url.matches("https?://[^/\\s]+(/\\S*)?")) {
          problem(
              "spec.source.provider.vsphere.url",
              "'spec.source.provider.vsphere.url' is '"
                  + Texts.abbreviate(url, 60)
                  + "'; expected an https URL like https://vcenter.example.com/sdk");
        }
        String thumbprint = vsphere.getThumbprint();
        if (thumbprint != null && !THUMBPRINT.matcher(thumbprint).matches()) {
          problem(
              "spec.source.provider.vsphere.thumbprint",
              "'spec.source.provider.vsphere.thumbprint' is not a certificate fingerprint;"
                  + " expected 20 (SHA-1) or 32 (SHA-256) hex byte pairs separated by ':'");
        }
        if (vsphere.getCredentialsSecretRef() != null
            && vsphere.getCredentialsSecretRef().getName() == null) {
          problem(
              "spec.source.provider.vsphere.credentialsSecretRef",
              "'spec.source.provider.vsphere.credentialsSecretRef' needs the key 'name'");
        }
      }
    }

    /** {@code spec.source.ovaVolume}: an absolute root and exactly one volume source. */
    private void checkOvaVolume(OvaVolume volume) {
      if (volume == null) {
        return;
      }
      String path = "spec.source.ovaVolume";
      absolutePath(path + ".root", volume.getRoot());
      int count =
          (volume.getNfs() != null ? 1 : 0) + (volume.getPersistentVolumeClaim() != null ? 1 : 0);
      if (count != 1) {
        problem(
            path,
            "'"
                + path
                + "' needs exactly one of 'nfs' (an NFS export) or 'persistentVolumeClaim' (a"
                + " PVC holding the packages)"
                + (count > 1 ? "; it has both" : ""));
      }
      if (volume.getNfs() != null) {
        String server = volume.getNfs().getServer();
        if (server != null && !server.matches("[A-Za-z0-9.:\\[\\]-]+")) {
          problem(
              path + ".nfs.server",
              "'"
                  + path
                  + ".nfs.server' is '"
                  + Texts.abbreviate(server, 60)
                  + "'; expected a host name or IP address");
        }
        absolutePath(path + ".nfs.path", volume.getNfs().getPath());
      }
      if (volume.getPersistentVolumeClaim() != null) {
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        if (claim != null && (!DNS_SUBDOMAIN.matcher(claim).matches() || claim.length() > 253)) {
          problem(
              path + ".persistentVolumeClaim.claimName",
              "'"
                  + path
                  + ".persistentVolumeClaim.claimName' is '"
                  + Texts.abbreviate(claim, 60)
                  + "'; expected a PVC name: lower-case letters, digits, '-' and '.'");
        }
      }
    }

    private void absolutePath(String path, String value) {
      if (value != null
          && (!value.startsWith("/") || java.util.Arrays.asList(value.split("/")).contains(".."))) {
        problem(
            path,
            "'"
                + path
                + "' is '"
                + Texts.abbreviate(value, 60)
                + "'; expected an absolute path without '..'");
      }
    }

    private void checkTarget(MigrationPlanSpec spec) {
      if (spec.getTarget() == null) {
        return;
      }
      String namespace = spec.getTarget().getNamespace();
      if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
        problem(
            "spec.target.namespace",
            "'spec.target.namespace' is '"
                + Texts.abbreviate(namespace, 70)
                + "'; expected a namespace name: at most 63 lower-case letters, digits and '-'");
      }
      Map<String, Integer> seen = new HashMap<>();
      List<StorageMapping> storage = list(spec.getTarget().getStorageMap());
      for (int i = 0; i < storage.size(); i++) {
        StorageMapping mapping = storage.get(i);
        String path = "spec.target.storageMap[" + i + "]";
        if (mapping == null) {
          problem(path, "'" + path + "' is empty; expected source and storageClass");
          continue;
        }
        duplicate(seen, mapping.getSource(), path + ".source", "storage mapping for datastore");
        String storageClass = mapping.getStorageClass();
        if (storageClass != null && !DNS_SUBDOMAIN.matcher(storageClass).matches()) {
          problem(
              path + ".storageClass",
              "'"
                  + path
                  + ".storageClass' is '"
                  + Texts.abbreviate(storageClass, 60)
                  + "'; expected a storage class name (lower-case letters, digits, '-', '.')");
        }
      }
      seen.clear();
      List<NetworkMapping> networks = list(spec.getTarget().getNetworkMap());
      for (int i = 0; i < networks.size(); i++) {
        NetworkMapping mapping = networks.get(i);
        String path = "spec.target.networkMap[" + i + "]";
        if (mapping == null) {
          problem(path, "'" + path + "' is empty; expected source and pod or multus");
          continue;
        }
        duplicate(seen, mapping.getSource(), path + ".source", "network mapping for");
        if ((mapping.getPod() != null) == (mapping.getMultus() != null)) {
          problem(
              path,
              "'"
                  + path
                  + "' needs exactly one of 'pod: {}' (the pod network, masquerade) or 'multus:"
                  + " {networkName: ...}' (a NetworkAttachmentDefinition, bridge)");
        }
        if (mapping.getMultus() != null && mapping.getMultus().getNetworkName() != null) {
          String network = mapping.getMultus().getNetworkName();
          String[] parts = network.split("/", -1);
          boolean valid =
              parts.length <= 2
                  && java.util.Arrays.stream(parts)
                      .allMatch(p -> DNS_SUBDOMAIN.matcher(p).matches());
          if (!valid) {
            problem(
                path + ".multus.networkName",
                "'"
                    + path
                    + ".multus.networkName' is '"
                    + Texts.abbreviate(network, 60)
                    + "'; expected a NetworkAttachmentDefinition as name or namespace/name");
          }
        }
      }
    }

    private void checkSelection(VmSelection selection) {
      if (selection == null) {
        return;
      }
      regex(selection.getRegex(), "spec.selection.regex");
      for (int i = 0; i < list(selection.getFolders()).size(); i++) {
        String folder = selection.getFolders().get(i);
        if (folder != null && !folder.startsWith("/")) {
          problem(
              "spec.selection.folders[" + i + "]",
              "'spec.selection.folders["
                  + i
                  + "]' is '"
                  + Texts.abbreviate(folder, 60)
                  + "'; expected a folder path starting with '/', e.g. /dc1/vm/finance");
        }
      }
    }

    private void regex(String regex, String path) {
      if (regex == null) {
        return;
      }
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        problem(
            path,
            "'"
                + path
                + "' is not a valid regular expression: "
                + e.getDescription()
                + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
      }
    }

    private void checkExplicit(List<ExplicitWave> waves) {
      Map<String, Integer> names = new HashMap<>();
      Map<String, String> vmWave = new HashMap<>();
      for (int i = 0; i < waves.size(); i++) {
        ExplicitWave wave = waves.get(i);
        String path = "spec.waves.explicit[" + i + "]";
        if (wave == null) {
          problem(path, "'" + path + "' is empty; expected name and vms");
          continue;
        }
        duplicate(names, wave.getName(), path + ".name", "wave");
        List<String> vms = list(wave.getVms());
        if (wave.getVms() != null && vms.isEmpty()) {
          problem(path + ".vms", "wave '" + wave.getName() + "' lists no VMs");
        }
        for (int j = 0; j < vms.size(); j++) {
          String vm = vms.get(j);
          if (vm == null) {
            problem(path + ".vms[" + j + "]", "'" + path + ".vms[" + j + "]' is empty");
            continue;
          }
          String previous = vmWave.putIfAbsent(vm, wave.getName());
          if (previous != null) {
            problem(
                path + ".vms[" + j + "]",
                "VM '"
                    + vm
                    + "' is already in wave '"
                    + previous
                    + "'; a VM moves in exactly one wave");
          }
        }
      }
    }

    private void checkAuto(AutoWaves auto) {
      String base = "spec.waves.auto";
      Map<String, Integer> groupNames = new HashMap<>();
      List<MoveGroup> groups = list(auto.getMoveGroups());
      for (int i = 0; i < groups.size(); i++) {
        MoveGroup group = groups.get(i);
        String path = base + ".moveGroups[" + i + "]";
        if (group == null) {
          problem(path, "'" + path + "' is empty; expected name and vms, tags or folders");
          continue;
        }
        duplicate(groupNames, group.getName(), path + ".name", "move group");
        if (group.getVms() == null
            && group.getTags() == null
            && group.getFolders() == null
            && group.getCustomAttributes() == null) {
          problem(
              path,
              "move group '"
                  + group.getName()
                  + "' needs at least one of 'vms', 'tags', 'folders' or 'customAttributes'");
        }
      }
      List<String> order = list(auto.getEnvironmentOrder());
      Map<String, Integer> environments = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        duplicate(environments, order.get(i), base + ".environmentOrder[" + i + "]", "environment");
      }
      if (order.isEmpty()) {
        for (String key : List.of("environmentTagCategory", "defaultEnvironment")) {
          if (parsed.valuePositions().containsKey(base + "." + key)) {
            problem(base + "." + key, "'" + base + "." + key + "' needs 'environmentOrder'");
          }
        }
      } else if (auto.getDefaultEnvironment() != null
          && !order.contains(auto.getDefaultEnvironment())) {
        problem(
            base + ".defaultEnvironment",
            "'"
                + base
                + ".defaultEnvironment' is '"
                + auto.getDefaultEnvironment()
                + "', which is not in environmentOrder ("
                + String.join(", ", order)
                + ")"
                + Suggestions.didYouMean(auto.getDefaultEnvironment(), order));
      }
      Map<String, Integer> priorities = new HashMap<>();
      List<String> priority = list(auto.getPriority());
      for (int i = 0; i < priority.size(); i++) {
        duplicate(priorities, priority.get(i), base + ".priority[" + i + "]", "priority entry");
      }
      checkDependencies(auto.getDependencies());
      checkWindows(auto.getWindows());
    }

    private void checkDependencies(List<VmDependency> dependencies) {
      String base = "spec.waves.auto.dependencies";
      // Names joined by "together" dependencies share a wave anyway; cycles only matter among
      // the other ("no later than") dependencies between different clusters of names.
      Map<String, String> together = new HashMap<>();
      List<VmDependency> list = list(dependencies);
      for (VmDependency dependency : list) {
        if (dependency != null && Boolean.TRUE.equals(dependency.getTogether())) {
          for (String needed : list(dependency.getDependsOn())) {
            if (dependency.getVm() != null && needed != null) {
              join(together, dependency.getVm(), needed);
            }
          }
        }
      }
      Map<String, List<Edge>> edges = new LinkedHashMap<>();
      for (int i = 0; i < list.size(); i++) {
        VmDependency dependency = list.get(i);
        String path = base + "[" + i + "]";
        if (dependency == null) {
          problem(path, "'" + path + "' is empty; expected vm and dependsOn");
          continue;
        }
        List<String> needs = list(dependency.getDependsOn());
        if (dependency.getDependsOn() != null && needs.isEmpty()) {
          problem(path + ".dependsOn", "'" + path + ".dependsOn' lists nothing");
        }
        for (int j = 0; j < needs.size(); j++) {
          String needed = needs.get(j);
          String neededPath = path + ".dependsOn[" + j + "]";
          if (needed == null || dependency.getVm() == null) {
            continue;
          }
          if (needed.equals(dependency.getVm())) {
            problem(neededPath, "'" + needed + "' depends on itself");
            continue;
          }
          if (Boolean.TRUE.equals(dependency.getTogether())) {
            continue;
          }
          String from = root(together, dependency.getVm());
          String to = root(together, needed);
          if (!from.equals(to)) {
            edges
                .computeIfAbsent(from, k -> new ArrayList<>())
                .add(new Edge(to, dependency.getVm(), needed, neededPath));
          }
        }
      }
      findCycle(edges);
    }

    private record Edge(String to, String dependent, String needed, String path) {}

    /** Reports the first dependency cycle, with every step, at the entry that closes it. */
    private void findCycle(Map<String, List<Edge>> edges) {
      Map<String, Integer> state = new HashMap<>();
      for (String start : edges.keySet()) {
        if (state.containsKey(start)) {
          continue;
        }
        // Iterative DFS keeping the path of edges taken.
        List<String> nodes = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        List<Edge> taken = new ArrayList<>();
        nodes.add(start);
        next.add(0);
        state.put(start, 1);
        while (!nodes.isEmpty()) {
          int top = nodes.size() - 1;
          String node = nodes.get(top);
          List<Edge> out = edges.getOrDefault(node, List.of());
          if (next.get(top) < out.size()) {
            Edge edge = out.get(next.get(top));
            next.set(top, next.get(top) + 1);
            Integer seen = state.get(edge.to());
            if (seen == null) {
              state.put(edge.to(), 1);
              nodes.add(edge.to());
              next.add(0);
              taken.add(edge);
            } else if (seen == 1) {
              int from = nodes.indexOf(edge.to());
              StringBuilder cycle = new StringBuilder();
              for (int k = from; k < taken.size(); k++) {
                cycle.append(taken.get(k).dependent()).append(" needs ");
              }
              cycle.append(edge.dependent()).append(" needs ").append(edge.needed());
              problem(
                  edge.path(),
                  "dependency cycle: "
                      + cycle
                      + "; nothing on a cycle can move first (mark the dependencies 'together:"
                      + " true' if these VMs must move in one wave)");
              return;
            }
          } else {
            state.put(node, 2);
            nodes.remove(top);
            next.remove(top);
            if (!taken.isEmpty()) {
              taken.remove(taken.size() - 1);
            }
          }
        }
      }
    }

    private static void join(Map<String, String> parents, String a, String b) {
      String ra = root(parents, a);
      String rb = root(parents, b);
      if (!ra.equals(rb)) {
        if (ra.compareTo(rb) < 0) {
          parents.put(rb, ra);
        } else {
          parents.put(ra, rb);
        }
      }
    }

    private static String root(Map<String, String> parents, String name) {
      String current = name;
      while (parents.containsKey(current) && !parents.get(current).equals(current)) {
        current = parents.get(current);
      }
      return current;
    }

    private void checkWindows(List<MaintenanceWindow> windows) {
      ZonedDateTime previousEnd = null;
      int previousIndex = -1;
      List<MaintenanceWindow> list = list(windows);
      for (int i = 0; i < list.size(); i++) {
        MaintenanceWindow window = list.get(i);
        String path = "spec.waves.auto.windows[" + i + "]";
        if (window == null) {
          problem(path, "'" + path + "' is empty; expected start, end and timeZone");
          continue;
        }
        ZoneId zone = zone(window.getTimeZone(), path + ".timeZone");
        LocalDateTime start = localTime(window.getStart(), path + ".start");
        LocalDateTime end = localTime(window.getEnd(), path + ".end");
        if (zone == null || start == null || end == null) {
          continue;
        }
        ZonedDateTime zonedStart = start.atZone(zone);
        ZonedDateTime zonedEnd = end.atZone(zone);
        if (!zonedEnd.isAfter(zonedStart)) {
          problem(path + ".end", "window " + (i + 1) + " ends before it starts");
          continue;
        }
        if (previousEnd != null && zonedStart.toInstant().isBefore(previousEnd.toInstant())) {
          problem(
              path + ".start",
              "window "
                  + (i + 1)
                  + " starts before window "
                  + (previousIndex + 1)
                  + " ends; list windows in order, without overlaps (one wave per window)");
        }
        previousEnd = zonedEnd;
        previousIndex = i;
      }
    }

    private ZoneId zone(String name, String path) {
      if (name == null) {
        return ZoneId.of("UTC");
      }
      try {
        return ZoneId.of(name);
      } catch (DateTimeException e) {
        problem(
            path,
            "'"
                + path
                + "' is '"
                + Texts.abbreviate(name, 60)
                + "'; expected an IANA time zone such as Europe/Berlin or America/New_York"
                + Suggestions.didYouMean(name, ZoneId.getAvailableZoneIds()));
        return null;
      }
    }

    private LocalDateTime localTime(String text, String path) {
      if (text == null) {
        return null;
      }
      try {
        return LocalDateTime.parse(text);
      } catch (DateTimeException e) {
        boolean offset = text.matches(".*(Z|[+-]\\d\\d:?\\d\\d)$");
        problem(
            path,
            "'"
                + path
                + "' is '"
                + Texts.abbreviate(text, 40)
                + "'; expected a local date and time like 2026-10-03T22:00"
                + (offset ? " without an offset (the zone goes in timeZone)" : ""));
        return null;
      }
    }

    private void duplicate(Map<String, Integer> seen, String value, String path, String what) {
      if (value == null) {
        return;
      }
      Integer first = seen.putIfAbsent(value, parsed.at(path).line());
      if (first != null) {
        problem(path, "duplicate " + what + " '" + value + "' (first at line " + first + ")");
      }
    }

    private static <T> List<T> list(List<T> list) {
      return list == null ? List.of() : list;
    }
  }
}
