package dev.convoy.plans.resolve;

import dev.convoy.api.convoy.v1alpha1.AutoWaves;
import dev.convoy.api.convoy.v1alpha1.ExplicitWave;
import dev.convoy.api.convoy.v1alpha1.MaintenanceWindow;
import dev.convoy.api.convoy.v1alpha1.MigrationPlanSpec;
import dev.convoy.api.convoy.v1alpha1.NetworkMapping;
import dev.convoy.api.convoy.v1alpha1.StorageMapping;
import dev.convoy.api.convoy.v1alpha1.VmDependency;
import dev.convoy.api.convoy.v1alpha1.VmSelection;
import dev.convoy.api.inventory.Cluster;
import dev.convoy.api.inventory.Datastore;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import dev.convoy.plans.parse.InvalidPlanException;
import dev.convoy.plans.parse.ParsedPlan;
import dev.convoy.plans.parse.Suggestions;
import dev.convoy.plans.waves.CutoverWindow;
import dev.convoy.plans.waves.Dependency;
import dev.convoy.plans.waves.MoveGroup;
import dev.convoy.plans.waves.PlannerInput;
import dev.convoy.plans.waves.PlanningVm;
import dev.convoy.plans.waves.Throughput;
import dev.convoy.plans.waves.WaveCaps;
import dev.convoy.plans.yaml.YamlProblem;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Resolves a parsed plan against an inventory: selects the VMs, resolves every name the plan uses
 * (VMs, groups, folders, clusters, tags, datastores, networks), names the target objects and builds
 * the wave planner's input. Every reference that does not resolve is an error at its position in
 * the plan file, with a "did you mean" where a close name exists; all are reported at once.
 */
public final class PlanResolver {
  /** Copy throughput assumed when the plan gives none (Forklift's measured single-disk rate). */
  public static final int DEFAULT_THROUGHPUT_MIBPS = 100;

  private static final long MIB = 1024L * 1024;
  private static final long GIB = MIB * 1024;

  private final ParsedPlan parsed;
  private final Inventory inventory;
  private final MigrationPlanSpec spec;
  private final List<YamlProblem> problems = new ArrayList<>();
  private final List<YamlProblem> warnings = new ArrayList<>();
  private final List<Vm> all;
  private final Map<String, List<Vm>> byName = new HashMap<>();
  private final Map<String, Vm> byPath = new HashMap<>();
  private final Map<String, String> clusterNames = new HashMap<>();
  private final Map<String, String> datastoreNames = new HashMap<>();
  private final Map<String, String> networkNames = new HashMap<>();

  private PlanResolver(ParsedPlan parsed, Inventory inventory) {
    this.parsed = parsed;
    this.inventory = inventory;
    this.spec = parsed.plan().getSpec();
    List<Vm> vms = new ArrayList<>();
    for (Vm vm : inventory.vms()) {
      if (vm.id() != null && vm.name() != null) {
        vms.add(vm);
      }
    }
    vms.sort(Comparator.comparing(Vm::name).thenComparing(ResolvedPlan::key));
    this.all = vms;
    for (Vm vm : vms) {
      byName.computeIfAbsent(vm.name(), k -> new ArrayList<>()).add(vm);
      if (vm.inventoryPath() != null) {
        byPath.put(vm.inventoryPath(), vm);
      }
    }
    for (Cluster cluster : inventory.clusters()) {
      clusterNames.put(cluster.id(), cluster.name());
    }
    for (Datastore datastore : inventory.datastores()) {
      datastoreNames.put(datastore.id(), datastore.name());
    }
    for (Network network : inventory.networks()) {
      networkNames.put(network.id(), network.name());
    }
  }

  /**
   * Resolves {@code parsed} against {@code inventory}.
   *
   * @throws InvalidPlanException with every reference that does not resolve
   */
  public static ResolvedPlan resolve(ParsedPlan parsed, Inventory inventory) {
    return new PlanResolver(parsed, inventory).run();
  }

  private void problem(String path, String message) {
    problems.add(new YamlProblem(parsed.at(path), message));
  }

  private void warning(String path, String message) {
    warnings.add(new YamlProblem(parsed.at(path), message));
  }

  private ResolvedPlan run() {
    List<Vm> selected = select();
    Map<String, Vm> selectedByKey = new LinkedHashMap<>();
    selected.forEach(vm -> selectedByKey.put(ResolvedPlan.key(vm), vm));
    Map<String, List<StorageMapping>> storage = mapStorage(selected);
    Map<String, List<NetworkMapping>> networks = mapNetworks(selected);
    Map<String, String> targetNames = targetNames(selected);
    PlannerInput input = plannerInput(selected, selectedByKey);
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
    return new ResolvedPlan(
        parsed, inventory, selected, targetNames, storage, networks, input, warnings);
  }

  // ---- selection ------------------------------------------------------------------------------

  private List<Vm> select() {
    VmSelection selection = spec.getSelection();
    boolean explicitWaves = spec.getWaves() != null && spec.getWaves().getExplicit() != null;
    boolean anySelector =
        selection != null
            && (selection.getNames() != null
                || selection.getFolders() != null
                || selection.getClusters() != null
                || selection.getTags() != null
                || selection.getCustomAttributes() != null
                || selection.getRegex() != null);
    Set<Vm> chosen = new LinkedHashSet<>();
    if (!anySelector && explicitWaves) {
      List<ExplicitWave> waves = spec.getWaves().getExplicit();
      for (int w = 0; w < waves.size(); w++) {
        List<String> names = list(waves.get(w).getVms());
        for (int i = 0; i < names.size(); i++) {
          chosen.addAll(vmsNamed(names.get(i), "spec.waves.explicit[" + w + "].vms[" + i + "]"));
        }
      }
    } else if (!anySelector) {
      for (Vm vm : all) {
        if (!Boolean.TRUE.equals(vm.template())) {
          chosen.add(vm);
        }
      }
    } else {
      String base = "spec.selection";
      List<String> names = list(selection.getNames());
      for (int i = 0; i < names.size(); i++) {
        chosen.addAll(vmsNamed(names.get(i), base + ".names[" + i + "]"));
      }
      List<String> folders = list(selection.getFolders());
      for (int i = 0; i < folders.size(); i++) {
        String folder = folders.get(i);
        List<Vm> matched = all.stream().filter(vm -> inFolder(vm, folder)).toList();
        if (matched.isEmpty()) {
          problem(
              base + ".folders[" + i + "]",
              "folder '"
                  + folders.get(i)
                  + "' holds no VM of the inventory"
                  + Suggestions.didYouMean(folders.get(i), knownFolders()));
        }
        chosen.addAll(matched);
      }
      List<String> clusters = list(selection.getClusters());
      for (int i = 0; i < clusters.size(); i++) {
        String cluster = clusters.get(i);
        List<Vm> matched =
            all.stream()
                .filter(
                    vm ->
                        vm.cluster() != null
                            && (cluster.equals(vm.cluster())
                                || cluster.equals(clusterNames.get(vm.cluster()))))
                .toList();
        if (matched.isEmpty()) {
          problem(
              base + ".clusters[" + i + "]",
              "cluster '"
                  + cluster
                  + "' runs no VM of the inventory"
                  + Suggestions.didYouMean(cluster, new TreeSet<>(clusterNames.values())));
        }
        chosen.addAll(matched);
      }
      List<String> tags = list(selection.getTags());
      for (int i = 0; i < tags.size(); i++) {
        String tag = tags.get(i);
        List<Vm> matched = all.stream().filter(vm -> hasTag(vm, tag)).toList();
        if (matched.isEmpty()) {
          problem(
              base + ".tags[" + i + "]",
              "no VM of the inventory has the tag '"
                  + tag
                  + "'"
                  + Suggestions.didYouMean(tag, knownTags()));
        }
        chosen.addAll(matched);
      }
      if (selection.getCustomAttributes() != null) {
        List<Vm> matched =
            all.stream().filter(vm -> hasAttributes(vm, selection.getCustomAttributes())).toList();
        if (matched.isEmpty()) {
          problem(
              base + ".customAttributes",
              "no VM of the inventory has the custom attributes "
                  + selection.getCustomAttributes());
        }
        chosen.addAll(matched);
      }
      if (selection.getRegex() != null) {
        Pattern regex = Pattern.compile(selection.getRegex());
        List<Vm> matched = all.stream().filter(vm -> regex.matcher(vm.name()).matches()).toList();
        if (matched.isEmpty()) {
          warning(base + ".regex", "the regex matches no VM name of the inventory");
        }
        chosen.addAll(matched);
      }
      chosen.removeIf(vm -> Boolean.TRUE.equals(vm.template()));
    }
    if (selection != null) {
      List<String> exclude = list(selection.getExclude());
      for (int i = 0; i < exclude.size(); i++) {
        vmsNamed(exclude.get(i), "spec.selection.exclude[" + i + "]").forEach(chosen::remove);
      }
    }
    List<Vm> result = new ArrayList<>(chosen);
    result.sort(Comparator.comparing(Vm::name).thenComparing(ResolvedPlan::key));
    if (result.isEmpty() && problems.isEmpty()) {
      problem("spec", "the plan selects no VM of the inventory");
    }
    return result;
  }

  /** The VMs a reference names: a VM name or an inventory path; an error if none. */
  private List<Vm> vmsNamed(String reference, String path) {
    if (reference == null) {
      return List.of();
    }
    if (reference.startsWith("/") && byPath.containsKey(reference)) {
      return List.of(byPath.get(reference));
    }
    List<Vm> named = byName.get(reference);
    if (named == null) {
      problem(
          path,
          "no VM named '"
              + reference
              + "' in the inventory"
              + Suggestions.didYouMean(reference, byName.keySet()));
      return List.of();
    }
    return named;
  }

  private static boolean inFolder(Vm vm, String folder) {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    return (vm.inventoryPath() != null && vm.inventoryPath().startsWith(prefix))
        || (vm.folder() != null && (vm.folder().equals(folder) || vm.folder().startsWith(prefix)));
  }

  private Set<String> knownFolders() {
    Set<String> folders = new TreeSet<>();
    for (Vm vm : all) {
      if (vm.inventoryPath() != null && vm.inventoryPath().lastIndexOf('/') > 0) {
        folders.add(vm.inventoryPath().substring(0, vm.inventoryPath().lastIndexOf('/')));
      }
      if (vm.folder() != null) {
        folders.add(vm.folder());
      }
    }
    return folders;
  }

  private static boolean hasTag(Vm vm, String tag) {
    for (String t : vm.tags()) {
      if (t.equals(tag) || (!tag.contains("/") && t.endsWith("/" + tag))) {
        return true;
      }
    }
    return false;
  }

  private Set<String> knownTags() {
    Set<String> tags = new TreeSet<>();
    all.forEach(vm -> tags.addAll(vm.tags()));
    return tags;
  }

  private static boolean hasAttributes(Vm vm, Map<String, String> attributes) {
    for (Map.Entry<String, String> entry : attributes.entrySet()) {
      if (!entry.getValue().equals(vm.customAttributes().get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  // ---- storage and networks -----------------------------------------------------------------

  private Map<String, List<StorageMapping>> mapStorage(List<Vm> selected) {
    Map<String, StorageMapping> byDatastore = new HashMap<>();
    List<StorageMapping> mappings = list(spec.getTarget().getStorageMap());
    for (StorageMapping mapping : mappings) {
      if (mapping != null && mapping.getSource() != null) {
        byDatastore.putIfAbsent(mapping.getSource(), mapping);
      }
    }
    StorageMapping fallback = byDatastore.get("*");
    Map<String, List<StorageMapping>> result = new LinkedHashMap<>();
    Map<String, Set<String>> unmapped = new TreeMap<>();
    for (Vm vm : selected) {
      List<StorageMapping> perDisk = new ArrayList<>();
      for (Disk disk : vm.disks()) {
        String name =
            disk.datastore() == null
                ? null
                : datastoreNames.getOrDefault(disk.datastore(), disk.datastore());
        StorageMapping mapping = null;
        if (name != null) {
          mapping = byDatastore.get(name);
          if (mapping == null) {
            mapping = byDatastore.get(disk.datastore());
          }
        }
        if (mapping == null) {
          mapping = fallback;
        }
        if (mapping == null) {
          unmapped
              .computeIfAbsent(
                  name == null ? "(disk outside any datastore)" : name, k -> new TreeSet<>())
              .add(vm.name());
        }
        perDisk.add(mapping);
      }
      result.put(ResolvedPlan.key(vm), perDisk);
    }
    unmapped.forEach(
        (datastore, vms) ->
            problem(
                mappings.isEmpty() ? "spec.target" : "spec.target.storageMap",
                (datastore.startsWith("(")
                        ? "disks outside any datastore (OVA/OVF)"
                        : "datastore '" + datastore + "'")
                    + " of "
                    + count(vms.size(), "selected VM")
                    + " ("
                    + abbreviate(vms)
                    + ") has no storage class in 'spec.target.storageMap'"
                    + (datastore.startsWith("(")
                        ? "; map source '*'"
                        : Suggestions.didYouMean(datastore, byDatastore.keySet()))));
    return result;
  }

  private Map<String, List<NetworkMapping>> mapNetworks(List<Vm> selected) {
    Map<String, NetworkMapping> byNetwork = new HashMap<>();
    List<NetworkMapping> mappings = list(spec.getTarget().getNetworkMap());
    for (NetworkMapping mapping : mappings) {
      if (mapping != null && mapping.getSource() != null) {
        byNetwork.putIfAbsent(mapping.getSource(), mapping);
      }
    }
    Map<String, List<NetworkMapping>> result = new LinkedHashMap<>();
    Map<String, Set<String>> unmapped = new TreeMap<>();
    for (Vm vm : selected) {
      List<NetworkMapping> perNic = new ArrayList<>();
      int onPod = 0;
      for (Nic nic : vm.nics()) {
        String name = networkName(nic);
        if (name == null) {
          perNic.add(null);
          continue;
        }
        NetworkMapping mapping = byNetwork.get(name);
        if (mapping == null && nic.network() != null && nic.network().id() != null) {
          mapping = byNetwork.get(nic.network().id());
        }
        if (mapping == null) {
          unmapped.computeIfAbsent(name, k -> new TreeSet<>()).add(vm.name());
        } else if (mapping.getPod() != null) {
          onPod++;
        }
        perNic.add(mapping);
      }
      if (onPod > 1) {
        problem(
            "spec.target.networkMap",
            "VM '"
                + vm.name()
                + "' has "
                + onPod
                + " NICs mapped to the pod network; a VM has one pod network (map the others to"
                + " multus)");
      }
      result.put(ResolvedPlan.key(vm), perNic);
    }
    unmapped.forEach(
        (network, vms) ->
            problem(
                mappings.isEmpty() ? "spec.target" : "spec.target.networkMap",
                "network '"
                    + network
                    + "' of "
                    + count(vms.size(), "selected VM")
                    + " ("
                    + abbreviate(vms)
                    + ") has no mapping in 'spec.target.networkMap'"
                    + Suggestions.didYouMean(network, byNetwork.keySet())));
    return result;
  }

  private String networkName(Nic nic) {
    if (nic.network() == null) {
      return null;
    }
    if (nic.network().name() != null) {
      return nic.network().name();
    }
    return nic.network().id() == null
        ? null
        : networkNames.getOrDefault(nic.network().id(), nic.network().id());
  }

  private static Map<String, String> targetNames(List<Vm> selected) {
    Map<String, List<Vm>> bySanitized = new TreeMap<>();
    for (Vm vm : selected) {
      bySanitized
          .computeIfAbsent(
              KubernetesNames.label(vm.name(), KubernetesNames.MAX_VM_NAME), k -> new ArrayList<>())
          .add(vm);
    }
    Map<String, String> names = new LinkedHashMap<>();
    bySanitized.forEach(
        (name, vms) -> {
          for (Vm vm : vms) {
            String key = ResolvedPlan.key(vm);
            String unique =
                vms.size() == 1
                    ? name
                    : KubernetesNames.withSuffix(
                        name,
                        vm.biosUuid() != null ? vm.biosUuid() + key : key,
                        KubernetesNames.MAX_VM_NAME);
            names.put(key, unique);
          }
        });
    return names;
  }

  // ---- wave planner input -------------------------------------------------------------------

  private PlannerInput plannerInput(List<Vm> selected, Map<String, Vm> selectedByKey) {
    AutoWaves auto =
        spec.getWaves() == null || spec.getWaves().getAuto() == null
            ? new AutoWaves()
            : spec.getWaves().getAuto();
    boolean explicit = spec.getWaves() != null && spec.getWaves().getExplicit() != null;
    Map<String, List<String>> groupMembers = new LinkedHashMap<>();
    List<MoveGroup> groups = groups(auto, selected, selectedByKey, groupMembers);
    Map<String, Integer> priorities = priorities(auto, selectedByKey, groupMembers);
    Map<String, String> environments = environments(auto, selected);
    List<PlanningVm> planningVms = new ArrayList<>();
    for (Vm vm : selected) {
      String key = ResolvedPlan.key(vm);
      long bytes = 0;
      long largest = 0;
      for (Disk disk : vm.disks()) {
        long capacity = disk.capacityBytes() == null ? 0 : Math.max(0, disk.capacityBytes());
        bytes += capacity;
        largest = Math.max(largest, capacity);
      }
      planningVms.add(
          new PlanningVm(
              key,
              vm.name(),
              bytes,
              vm.disks().size(),
              largest,
              environments.get(key),
              priorities.getOrDefault(key, 0)));
    }
    List<Dependency> dependencies = dependencies(auto, selectedByKey, groupMembers);
    WaveCaps caps = WaveCaps.none();
    if (auto.getCaps() != null) {
      caps =
          new WaveCaps(
              auto.getCaps().getMaxVms(),
              auto.getCaps().getMaxProvisionedGiB() == null
                  ? null
                  : auto.getCaps().getMaxProvisionedGiB() * GIB,
              auto.getCaps().getMaxConcurrentDisks());
    }
    int mibps =
        auto.getThroughputMiBps() == null ? DEFAULT_THROUGHPUT_MIBPS : auto.getThroughputMiBps();
    Throughput throughput =
        new Throughput(
            mibps * (double) MIB,
            auto.getPerDiskThroughputMiBps() == null
                ? null
                : auto.getPerDiskThroughputMiBps() * (double) MIB,
            Duration.ZERO,
            Boolean.TRUE.equals(auto.getThroughputMeasured()));
    List<CutoverWindow> windows = new ArrayList<>();
    for (MaintenanceWindow window : list(auto.getWindows())) {
      ZoneId zone = ZoneId.of(window.getTimeZone() == null ? "UTC" : window.getTimeZone());
      windows.add(
          new CutoverWindow(
              LocalDateTime.parse(window.getStart()).atZone(zone),
              LocalDateTime.parse(window.getEnd()).atZone(zone)));
    }
    List<dev.convoy.plans.waves.ExplicitWave> explicitWaves = null;
    if (explicit) {
      explicitWaves = new ArrayList<>();
      List<ExplicitWave> waves = spec.getWaves().getExplicit();
      for (int w = 0; w < waves.size(); w++) {
        List<String> ids = new ArrayList<>();
        List<String> names = list(waves.get(w).getVms());
        for (int i = 0; i < names.size(); i++) {
          String path = "spec.waves.explicit[" + w + "].vms[" + i + "]";
          for (Vm vm : vmsNamed(names.get(i), path)) {
            String key = ResolvedPlan.key(vm);
            if (selectedByKey.containsKey(key)) {
              ids.add(key);
            } else {
              problem(
                  path,
                  "VM '"
                      + names.get(i)
                      + "' is in wave '"
                      + waves.get(w).getName()
                      + "' but not in the plan's selection");
            }
          }
        }
        explicitWaves.add(new dev.convoy.plans.waves.ExplicitWave(waves.get(w).getName(), ids));
      }
    }
    return new PlannerInput(
        planningVms,
        groups,
        dependencies,
        list(auto.getEnvironmentOrder()),
        caps,
        throughput,
        windows,
        explicitWaves);
  }

  private List<MoveGroup> groups(
      AutoWaves auto,
      List<Vm> selected,
      Map<String, Vm> selectedByKey,
      Map<String, List<String>> groupMembers) {
    List<MoveGroup> groups = new ArrayList<>();
    List<dev.convoy.api.convoy.v1alpha1.MoveGroup> declared = list(auto.getMoveGroups());
    for (int g = 0; g < declared.size(); g++) {
      dev.convoy.api.convoy.v1alpha1.MoveGroup group = declared.get(g);
      String path = "spec.waves.auto.moveGroups[" + g + "]";
      Set<String> members = new TreeSet<>();
      List<String> origins = new ArrayList<>();
      List<String> names = list(group.getVms());
      for (int i = 0; i < names.size(); i++) {
        for (Vm vm : vmsNamed(names.get(i), path + ".vms[" + i + "]")) {
          if (selectedByKey.containsKey(ResolvedPlan.key(vm))) {
            members.add(ResolvedPlan.key(vm));
          } else {
            problem(
                path + ".vms[" + i + "]",
                "VM '"
                    + names.get(i)
                    + "' is in move group '"
                    + group.getName()
                    + "' but not in the plan's selection");
          }
        }
      }
      if (!names.isEmpty()) {
        origins.add("explicit list");
      }
      for (String tag : list(group.getTags())) {
        selected.stream()
            .filter(vm -> hasTag(vm, tag))
            .forEach(vm -> members.add(ResolvedPlan.key(vm)));
        origins.add("tag " + tag);
      }
      for (String folder : list(group.getFolders())) {
        selected.stream()
            .filter(vm -> inFolder(vm, folder))
            .forEach(vm -> members.add(ResolvedPlan.key(vm)));
        origins.add("folder " + folder);
      }
      if (group.getCustomAttributes() != null) {
        selected.stream()
            .filter(vm -> hasAttributes(vm, group.getCustomAttributes()))
            .forEach(vm -> members.add(ResolvedPlan.key(vm)));
        origins.add("custom attributes " + group.getCustomAttributes());
      }
      if (members.isEmpty()) {
        problem(
            path,
            "move group '"
                + group.getName()
                + "' matches no selected VM"
                + (group.getTags() == null
                    ? ""
                    : Suggestions.didYouMean(group.getTags().get(0), knownTags())));
        continue;
      }
      groupMembers.put(group.getName(), new ArrayList<>(members));
      groups.add(
          new MoveGroup(group.getName(), String.join(", ", origins), new ArrayList<>(members)));
    }
    if (auto.getGroupByTagCategory() != null) {
      String prefix = auto.getGroupByTagCategory() + "/";
      Map<String, List<String>> byTag = new TreeMap<>();
      for (Vm vm : selected) {
        for (String tag : vm.tags()) {
          if (tag.startsWith(prefix)) {
            byTag.computeIfAbsent(tag, k -> new ArrayList<>()).add(ResolvedPlan.key(vm));
          }
        }
      }
      if (byTag.isEmpty()) {
        problem(
            "spec.waves.auto.groupByTagCategory",
            "no selected VM has a tag in category '" + auto.getGroupByTagCategory() + "'");
      }
      byTag.forEach(
          (tag, members) -> {
            groupMembers.putIfAbsent(tag, members);
            groups.add(new MoveGroup(tag, "tag " + tag, members));
          });
    }
    return groups;
  }

  /** VM keys a VM-or-group reference stands for; an error if it resolves to neither. */
  private List<String> reference(
      String name,
      String path,
      Map<String, Vm> selectedByKey,
      Map<String, List<String>> groupMembers,
      boolean outsideIsWarning) {
    List<String> group = groupMembers.get(name);
    List<Vm> vms = byName.get(name);
    if (group != null && vms != null) {
      problem(
          path, "'" + name + "' is both a move group and a VM; rename the group to make it clear");
      return List.of();
    }
    if (group != null) {
      return group;
    }
    if (vms == null) {
      Set<String> known = new TreeSet<>(byName.keySet());
      known.addAll(groupMembers.keySet());
      problem(
          path,
          "'"
              + name
              + "' is neither a VM of the inventory nor a move group"
              + Suggestions.didYouMean(name, known));
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (Vm vm : vms) {
      String key = ResolvedPlan.key(vm);
      if (selectedByKey.containsKey(key)) {
        keys.add(key);
      } else if (outsideIsWarning) {
        warning(
            path, "VM '" + name + "' is not in the plan's selection; this reference is ignored");
      } else {
        problem(path, "VM '" + name + "' is not in the plan's selection");
      }
    }
    return keys;
  }

  private List<Dependency> dependencies(
      AutoWaves auto, Map<String, Vm> selectedByKey, Map<String, List<String>> groupMembers) {
    List<Dependency> result = new ArrayList<>();
    List<VmDependency> declared = list(auto.getDependencies());
    for (int d = 0; d < declared.size(); d++) {
      VmDependency dependency = declared.get(d);
      String path = "spec.waves.auto.dependencies[" + d + "]";
      List<String> dependents =
          reference(dependency.getVm(), path + ".vm", selectedByKey, groupMembers, true);
      List<String> needs = list(dependency.getDependsOn());
      for (int i = 0; i < needs.size(); i++) {
        if (needs.get(i) == null) {
          continue;
        }
        List<String> required =
            reference(
                needs.get(i), path + ".dependsOn[" + i + "]", selectedByKey, groupMembers, true);
        boolean together = Boolean.TRUE.equals(dependency.getTogether());
        // One edge per VM pair is enough: members of a group move together anyway.
        for (String dependent : dependents) {
          for (String need : required) {
            result.add(
                new Dependency(
                    dependent, need, together, dependency.getVm() + " needs " + needs.get(i)));
            if (groupMembers.containsKey(needs.get(i))) {
              break;
            }
          }
          if (groupMembers.containsKey(dependency.getVm())) {
            break;
          }
        }
      }
    }
    return result;
  }

  private Map<String, Integer> priorities(
      AutoWaves auto, Map<String, Vm> selectedByKey, Map<String, List<String>> groupMembers) {
    Map<String, Integer> priorities = new HashMap<>();
    List<String> priority = list(auto.getPriority());
    for (int i = 0; i < priority.size(); i++) {
      int value = priority.size() - i;
      for (String key :
          reference(
              priority.get(i),
              "spec.waves.auto.priority[" + i + "]",
              selectedByKey,
              groupMembers,
              false)) {
        priorities.merge(key, value, Math::max);
      }
    }
    return priorities;
  }

  private Map<String, String> environments(AutoWaves auto, List<Vm> selected) {
    Map<String, String> environments = new HashMap<>();
    List<String> order = list(auto.getEnvironmentOrder());
    if (order.isEmpty()) {
      return environments;
    }
    String category =
        (auto.getEnvironmentTagCategory() == null
                ? "environment"
                : auto.getEnvironmentTagCategory())
            + "/";
    Map<String, Set<String>> unknown = new TreeMap<>();
    Set<String> missing = new TreeSet<>();
    for (Vm vm : selected) {
      String environment = null;
      for (String tag : vm.tags()) {
        if (tag.startsWith(category)) {
          environment = tag.substring(category.length());
          break;
        }
      }
      if (environment == null) {
        environment = auto.getDefaultEnvironment();
        if (environment == null) {
          missing.add(vm.name());
          continue;
        }
      }
      if (!order.contains(environment)) {
        unknown.computeIfAbsent(environment, k -> new TreeSet<>()).add(vm.name());
        continue;
      }
      environments.put(ResolvedPlan.key(vm), environment);
    }
    if (!missing.isEmpty()) {
      problem(
          "spec.waves.auto.environmentOrder",
          count(missing.size(), "selected VM")
              + " ("
              + abbreviate(missing)
              + (missing.size() == 1 ? ") has" : ") have")
              + " no tag in category '"
              + category.substring(0, category.length() - 1)
              + "'; tag them or set 'defaultEnvironment'");
    }
    unknown.forEach(
        (environment, vms) ->
            problem(
                "spec.waves.auto.environmentOrder",
                "environment '"
                    + environment
                    + "' of "
                    + count(vms.size(), "VM")
                    + " ("
                    + abbreviate(vms)
                    + ") is not in environmentOrder"
                    + Suggestions.didYouMean(environment, order)));
    return environments;
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String abbreviate(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    String shown = String.join(", ", list.subList(0, Math.min(5, list.size())));
    return list.size() > 5 ? shown + " and " + (list.size() - 5) + " more" : shown;
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }
}
