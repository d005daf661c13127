package dev.convoy.plans.waves;

import dev.convoy.plans.waves.PlacementReason.Kind;
import dev.convoy.plans.waves.PlanIssue.Constraint;
import dev.convoy.plans.waves.PlanIssue.Severity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans migration waves: a pure function from a {@link PlannerInput} to a {@link WavePlan}.
 *
 * <p>How it works:
 *
 * <ol>
 *   <li>VMs are sorted by id, and every later tie is broken by that order, so the result does not
 *       depend on the order of the input lists.
 *   <li>Move groups and dependencies marked "together" join VMs into <em>units</em> that always
 *       share a wave (union-find). If dependencies between units form a cycle, the cycle's units
 *       can only share one wave, so they are joined too (and a warning names the cycle).
 *   <li>With an environment order, each unit belongs to the phase of its environment; a unit that
 *       needs a unit of a later environment moves to that later phase (dependencies win, with a
 *       warning). Waves never mix phases, and all waves of one phase come before the next.
 *   <li>Inside a phase, units are list-scheduled: a unit is ready once every unit it needs is
 *       placed (in this wave or an earlier one); ready units are taken by priority, then id, and go
 *       into the current wave while it stays under the caps; the rest wait for the next wave.
 *   <li>Balancing: the first pass fills waves up to the caps, which leaves a small last wave. The
 *       planner then repacks with per-wave limits between the even share (total / waves) and the
 *       caps, and keeps the tightest limits that need no more waves.
 *   <li>A unit larger than a cap on its own (a move group of 80 VMs under a cap of 50) cannot meet
 *       it: it gets a wave of its own and an error names the group and the cap.
 * </ol>
 */
public final class WavePlanner {
  private static final String[] DIMENSIONS = {"VMs", "GiB provisioned", "disks"};
  private static final long GIB = 1024L * 1024 * 1024;

  private WavePlanner() {}

  /** Plans {@code input}. Never throws for constraints it cannot meet: those become issues. */
  public static WavePlan plan(PlannerInput input) {
    return new Run(input).run();
  }

  /** The state of one planning run. Arrays are indexed by VM index (sorted by id) or unit id. */
  private static final class Run {
    private final PlannerInput input;
    private final List<PlanningVm> vms;
    private final int vmCount;
    private final Map<String, Integer> vmIndex = new HashMap<>();
    private final int[] parent;
    private final int[] envRank;
    private final List<List<PlacementReason>> vmReasons = new ArrayList<>();
    private final List<List<int[]>> requiredBy = new ArrayList<>();
    private final List<PlanIssue> issues = new ArrayList<>();
    private final List<int[]> hardDeps = new ArrayList<>();

    // Units, rebuilt whenever unions change.
    private int unitCount;
    private int[] unitOf;
    private int[][] members;
    private int[][] successors;
    private int[][] predecessors;

    Run(PlannerInput input) {
      this.input = input;
      List<PlanningVm> sorted = new ArrayList<>(input.vms());
      sorted.sort(Comparator.comparing(PlanningVm::id));
      this.vms = sorted;
      this.vmCount = sorted.size();
      this.parent = new int[vmCount];
      this.envRank = new int[vmCount];
      Map<String, Integer> ranks = new HashMap<>();
      for (int r = 0; r < input.environmentOrder().size(); r++) {
        ranks.put(input.environmentOrder().get(r), r);
      }
      for (int i = 0; i < vmCount; i++) {
        PlanningVm vm = sorted.get(i);
        if (vmIndex.put(vm.id(), i) != null) {
          throw new IllegalArgumentException("duplicate VM id " + vm.id());
        }
        parent[i] = i;
        vmReasons.add(new ArrayList<>());
        requiredBy.add(new ArrayList<>());
        if (!ranks.isEmpty()) {
          Integer rank = ranks.get(vm.environment());
          if (rank == null) {
            throw new IllegalArgumentException(
                "VM " + vm.name() + " has environment " + vm.environment() + ", not in the order");
          }
          envRank[i] = rank;
        }
      }
    }

    private int index(String id) {
      Integer i = vmIndex.get(id);
      if (i == null) {
        throw new IllegalArgumentException("unknown VM id " + id);
      }
      return i;
    }

    WavePlan run() {
      joinGroups();
      List<int[]> together = collectDependencies();
      if (input.explicitWaves() != null) {
        return explicit(together);
      }
      buildUnits();
      if (joinCycles()) {
        buildUnits();
      }
      return automatic();
    }

    // ---- units ------------------------------------------------------------------------------

    private int find(int i) {
      while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
      }
      return i;
    }

    private void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra != rb) {
        // The smaller index becomes the root, so roots do not depend on the order of unions.
        if (ra < rb) {
          parent[rb] = ra;
        } else {
          parent[ra] = rb;
        }
      }
    }

    private void joinGroups() {
      List<MoveGroup> groups = new ArrayList<>(input.groups());
      groups.sort(Comparator.comparing(MoveGroup::name));
      for (MoveGroup group : groups) {
        int[] ids = group.vmIds().stream().mapToInt(this::index).sorted().distinct().toArray();
        for (int id : ids) {
          union(ids[0], id);
          vmReasons
              .get(id)
              .add(
                  new PlacementReason(
                      Kind.GROUP,
                      "moves with move group '"
                          + group.name()
                          + "' ("
                          + group.origin()
                          + ", "
                          + plural(ids.length, "VM")
                          + ")"));
        }
      }
    }

    /** Records dependencies; joins "together" pairs; returns them for the explicit-wave checks. */
    private List<int[]> collectDependencies() {
      List<int[]> pairs = new ArrayList<>();
      List<int[]> together = new ArrayList<>();
      for (Dependency dependency : input.dependencies()) {
        int dependent = index(dependency.dependentId());
        int required = index(dependency.requiredId());
        if (dependent == required) {
          continue;
        }
        int[] pair = {dependent, required, dependency.together() ? 1 : 0};
        pairs.add(pair);
      }
      pairs.sort(
          Comparator.<int[]>comparingInt(p -> p[0])
              .thenComparingInt(p -> p[1])
              .thenComparingInt(p -> p[2]));
      int[] last = null;
      for (int[] pair : pairs) {
        if (last != null && last[0] == pair[0] && last[1] == pair[1] && last[2] == pair[2]) {
          continue;
        }
        last = pair;
        requiredBy.get(pair[0]).add(pair);
        if (pair[2] == 1) {
          together.add(pair);
          if (input.explicitWaves() == null) {
            union(pair[0], pair[1]);
          }
          vmReasons
              .get(pair[0])
              .add(
                  new PlacementReason(
                      Kind.GROUP, "moves together with " + name(pair[1]) + ", which it needs"));
          vmReasons
              .get(pair[1])
              .add(
                  new PlacementReason(
                      Kind.GROUP, "moves together with " + name(pair[0]) + ", which needs it"));
        } else {
          hardDeps.add(pair);
        }
      }
      return together;
    }

    private void buildUnits() {
      unitOf = new int[vmCount];
      int[] unitOfRoot = new int[vmCount];
      Arrays.fill(unitOfRoot, -1);
      unitCount = 0;
      int[] sizes = new int[vmCount];
      for (int i = 0; i < vmCount; i++) {
        int root = find(i);
        if (unitOfRoot[root] < 0) {
          unitOfRoot[root] = unitCount++;
        }
        unitOf[i] = unitOfRoot[root];
        sizes[unitOf[i]]++;
      }
      members = new int[unitCount][];
      for (int u = 0; u < unitCount; u++) {
        members[u] = new int[sizes[u]];
      }
      int[] fill = new int[unitCount];
      for (int i = 0; i < vmCount; i++) {
        members[unitOf[i]][fill[unitOf[i]]++] = i;
      }
      Set<Long> seen = new HashSet<>();
      int[] outDegree = new int[unitCount];
      int[] inDegree = new int[unitCount];
      List<int[]> edges = new ArrayList<>();
      for (int[] dep : hardDeps) {
        int from = unitOf[dep[1]];
        int to = unitOf[dep[0]];
        if (from != to && seen.add((long) from * unitCount + to)) {
          edges.add(new int[] {from, to});
          outDegree[from]++;
          inDegree[to]++;
        }
      }
      successors = new int[unitCount][];
      predecessors = new int[unitCount][];
      for (int u = 0; u < unitCount; u++) {
        successors[u] = new int[outDegree[u]];
        predecessors[u] = new int[inDegree[u]];
      }
      int[] outFill = new int[unitCount];
      int[] inFill = new int[unitCount];
      edges.sort(Comparator.<int[]>comparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
      for (int[] edge : edges) {
        successors[edge[0]][outFill[edge[0]]++] = edge[1];
        predecessors[edge[1]][inFill[edge[1]]++] = edge[0];
      }
    }

    /** Joins units on a dependency cycle (Tarjan's SCC, iterative). Returns true if any joined. */
    private boolean joinCycles() {
      int[] order = new int[unitCount];
      int[] low = new int[unitCount];
      Arrays.fill(order, -1);
      boolean[] onStack = new boolean[unitCount];
      int[] stack = new int[unitCount];
      int stackSize = 0;
      int[] callUnit = new int[unitCount];
      int[] callEdge = new int[unitCount];
      int counter = 0;
      boolean joined = false;
      for (int start = 0; start < unitCount; start++) {
        if (order[start] >= 0) {
          continue;
        }
        int depth = 0;
        callUnit[0] = start;
        callEdge[0] = 0;
        order[start] = low[start] = counter++;
        stack[stackSize++] = start;
        onStack[start] = true;
        while (depth >= 0) {
          int u = callUnit[depth];
          if (callEdge[depth] < successors[u].length) {
            int v = successors[u][callEdge[depth]++];
            if (order[v] < 0) {
              order[v] = low[v] = counter++;
              stack[stackSize++] = v;
              onStack[v] = true;
              depth++;
              callUnit[depth] = v;
              callEdge[depth] = 0;
            } else if (onStack[v]) {
              low[u] = Math.min(low[u], order[v]);
            }
          } else {
            if (low[u] == order[u]) {
              List<Integer> component = new ArrayList<>();
              int v;
              do {
                v = stack[--stackSize];
                onStack[v] = false;
                component.add(v);
              } while (v != u);
              if (component.size() > 1) {
                joinCycle(component);
                joined = true;
              }
            }
            depth--;
            if (depth >= 0) {
              int caller = callUnit[depth];
              low[caller] = Math.min(low[caller], low[u]);
            }
          }
        }
      }
      return joined;
    }

    private void joinCycle(List<Integer> component) {
      Set<Integer> inComponent = new HashSet<>(component);
      int start = component.stream().min(Integer::compare).orElseThrow();
      String cycle = describeCycle(start, inComponent);
      List<String> names = new ArrayList<>();
      int first = members[start][0];
      for (int u : new TreeSet<>(component)) {
        for (int vm : members[u]) {
          union(first, vm);
          names.add(name(vm));
          vmReasons
              .get(vm)
              .add(
                  new PlacementReason(
                      Kind.DEPENDENCY,
                      "on a dependency cycle through move groups (" + cycle + "): moves with it"));
        }
      }
      names.sort(null);
      issues.add(
          new PlanIssue(
              Severity.WARNING,
              Constraint.DEPENDENCY,
              "dependencies and move groups form a cycle ("
                  + cycle
                  + "), so these "
                  + plural(names.size(), "VM")
                  + " must share one wave",
              names));
    }

    /** A shortest cycle from {@code start} back to itself inside the component, as text. */
    private String describeCycle(int start, Set<Integer> component) {
      Map<Integer, Integer> cameFrom = new HashMap<>();
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(start);
      int closing = -1;
      search:
      while (!queue.isEmpty()) {
        int u = queue.poll();
        for (int v : successors[u]) {
          if (!component.contains(v)) {
            continue;
          }
          if (v == start) {
            closing = u;
            break search;
          }
          if (!cameFrom.containsKey(v)) {
            cameFrom.put(v, u);
            queue.add(v);
          }
        }
      }
      List<String> path = new ArrayList<>();
      for (int u = closing; u != start && u >= 0; u = cameFrom.get(u)) {
        path.add(unitLabel(u));
      }
      path.add(unitLabel(start));
      // successors point from the needed unit to the one that needs it; read it as "needs".
      StringBuilder text = new StringBuilder(unitLabel(start));
      for (String label : path) {
        text.append(" needs ").append(label);
      }
      return text.toString();
    }

    private String unitLabel(int unit) {
      int[] vmsOfUnit = members[unit];
      return vmsOfUnit.length == 1
          ? name(vmsOfUnit[0])
          : name(vmsOfUnit[0]) + " (+" + (vmsOfUnit.length - 1) + " moving with it)";
    }

    // ---- automatic planning -----------------------------------------------------------------

    private WavePlan automatic() {
      long[] count = new long[unitCount];
      long[] bytes = new long[unitCount];
      long[] disks = new long[unitCount];
      int[] priority = new int[unitCount];
      int[] phase = new int[unitCount];
      for (int u = 0; u < unitCount; u++) {
        priority[u] = Integer.MIN_VALUE;
        Set<String> envs = new TreeSet<>();
        for (int vm : members[u]) {
          PlanningVm v = vms.get(vm);
          count[u]++;
          bytes[u] += v.provisionedBytes();
          disks[u] += v.diskCount();
          priority[u] = Math.max(priority[u], v.priority());
          phase[u] = Math.max(phase[u], envRank[vm]);
          if (v.environment() != null) {
            envs.add(v.environment());
          }
        }
        if (envs.size() > 1) {
          String moves = input.environmentOrder().get(phase[u]);
          issues.add(
              new PlanIssue(
                  Severity.WARNING,
                  Constraint.ENVIRONMENT_ORDER,
                  "VMs that move together ("
                      + unitLabel(u)
                      + ") span the environments "
                      + String.join(", ", envs)
                      + "; they move with the latest, "
                      + moves,
                  unitNames(u)));
        }
      }
      int[] ownPhase = phase.clone();
      int[] raisedBy = raisePhases(phase);
      int phases = input.environmentOrder().isEmpty() ? 1 : input.environmentOrder().size();
      long[] caps = hardCaps();
      reportOversizedUnits(count, bytes, disks, caps);

      int[] waveOf = new int[unitCount];
      int[] phaseFirstWave = new int[phases];
      Placement[] placements = new Placement[unitCount];
      List<long[]> waveTotals = new ArrayList<>();
      List<long[]> waveLimits = new ArrayList<>();
      int nextWave = 0;
      for (int p = 0; p < phases; p++) {
        List<Integer> inPhase = new ArrayList<>();
        for (int u = 0; u < unitCount; u++) {
          if (phase[u] == p) {
            inPhase.add(u);
          }
        }
        phaseFirstWave[p] = nextWave;
        if (inPhase.isEmpty()) {
          continue;
        }
        Packing packing = balancedPack(inPhase, phase, priority, count, bytes, disks, caps);
        for (int u : inPhase) {
          waveOf[u] = nextWave + packing.placements.get(u).wave;
          placements[u] = packing.placements.get(u);
        }
        for (int w = 0; w < packing.waves; w++) {
          waveTotals.add(packing.totals.get(w));
          waveLimits.add(packing.limits);
        }
        nextWave += packing.waves;
      }

      boolean priorities = false;
      for (int i = 1; i < vmCount; i++) {
        priorities |= vms.get(i).priority() != vms.get(0).priority();
      }
      List<List<WaveVm>> waveVms = new ArrayList<>();
      for (int w = 0; w < nextWave; w++) {
        waveVms.add(new ArrayList<>());
      }
      int[] vmWave = new int[vmCount];
      for (int i = 0; i < vmCount; i++) {
        vmWave[i] = waveOf[unitOf[i]];
      }
      for (int u = 0; u < unitCount; u++) {
        int wave = waveOf[u];
        Placement placement = placements[u];
        List<PlacementReason> unitReasons = new ArrayList<>();
        if (!input.environmentOrder().isEmpty()) {
          unitReasons.add(environmentReason(u, phase[u], ownPhase[u], raisedBy[u]));
        }
        int localWave = placement.wave;
        if (localWave > placement.readyWave && placement.deferDimension >= 0) {
          unitReasons.add(
              capReason(
                  wave - 1, placement, waveTotals.get(wave - 1), waveLimits.get(wave - 1), caps));
        } else if (placement.releasedBy >= 0 && localWave > 0) {
          unitReasons.add(
              new PlacementReason(
                  Kind.DEPENDENCY,
                  "cannot move before wave "
                      + (wave + 1)
                      + ": it needs "
                      + unitLabel(placement.releasedBy)
                      + ", which moves in that wave"));
        } else if (localWave == 0) {
          unitReasons.add(
              new PlacementReason(
                  Kind.EARLIEST,
                  input.environmentOrder().isEmpty()
                      ? "nothing holds it back: first wave"
                      : "nothing holds it back: first wave of environment "
                          + input.environmentOrder().get(phase[u])));
        }
        boolean deferred = localWave > placement.readyWave && placement.deferDimension >= 0;
        if (priorities && (priority[u] != 0 || deferred)) {
          unitReasons.add(
              new PlacementReason(
                  Kind.PRIORITY,
                  "priority "
                      + priority[u]
                      + " (higher priorities are placed first among ready VMs)"));
        }
        for (int vm : members[u]) {
          List<PlacementReason> reasons = new ArrayList<>(vmReasons.get(vm));
          PlacementReason needs = needsReason(vm, vmWave);
          if (needs != null) {
            reasons.add(needs);
          }
          reasons.addAll(unitReasons);
          reasons.sort(Comparator.comparing(PlacementReason::kind));
          PlanningVm v = vms.get(vm);
          waveVms
              .get(wave)
              .add(
                  new WaveVm(
                      v.id(),
                      v.name(),
                      v.provisionedBytes(),
                      v.diskCount(),
                      v.environment(),
                      v.priority(),
                      reasons));
        }
      }
      List<String> waveEnvironments = new ArrayList<>();
      for (int p = 0; p < phases; p++) {
        int end = p + 1 < phases ? phaseFirstWave[p + 1] : nextWave;
        for (int w = phaseFirstWave[p]; w < end; w++) {
          waveEnvironments.add(
              input.environmentOrder().isEmpty() ? null : input.environmentOrder().get(p));
        }
      }
      List<String> names = new ArrayList<>();
      for (int w = 0; w < nextWave; w++) {
        names.add(String.format("wave-%02d", w + 1));
      }
      return finish(names, waveEnvironments, waveVms);
    }

    /**
     * Moves each unit to the latest phase among the units it needs (in topological order), so a
     * dependency never points to a later phase. Returns, per unit, the unit that raised it or -1.
     */
    private int[] raisePhases(int[] phase) {
      int[] raisedBy = new int[unitCount];
      Arrays.fill(raisedBy, -1);
      if (input.environmentOrder().isEmpty()) {
        return raisedBy;
      }
      int[] pending = new int[unitCount];
      ArrayDeque<Integer> ready = new ArrayDeque<>();
      for (int u = 0; u < unitCount; u++) {
        pending[u] = predecessors[u].length;
        if (pending[u] == 0) {
          ready.add(u);
        }
      }
      while (!ready.isEmpty()) {
        int u = ready.poll();
        for (int v : successors[u]) {
          if (phase[u] > phase[v]) {
            phase[v] = phase[u];
            raisedBy[v] = u;
          }
          if (--pending[v] == 0) {
            ready.add(v);
          }
        }
      }
      for (int u = 0; u < unitCount; u++) {
        if (raisedBy[u] >= 0) {
          issues.add(
              new PlanIssue(
                  Severity.WARNING,
                  Constraint.ENVIRONMENT_ORDER,
                  unitLabel(u)
                      + " needs "
                      + unitLabel(raisedBy[u])
                      + " of a later environment ("
                      + input.environmentOrder().get(phase[u])
                      + "), so it moves with that environment's waves",
                  unitNames(u)));
        }
      }
      return raisedBy;
    }

    private long[] hardCaps() {
      WaveCaps caps = input.caps();
      return new long[] {
        caps.maxVms() == null ? Long.MAX_VALUE : caps.maxVms(),
        caps.maxProvisionedBytes() == null ? Long.MAX_VALUE : caps.maxProvisionedBytes(),
        caps.maxDisks() == null ? Long.MAX_VALUE : caps.maxDisks()
      };
    }

    private void reportOversizedUnits(long[] count, long[] bytes, long[] disks, long[] caps) {
      for (int u = 0; u < unitCount; u++) {
        long[] size = {count[u], bytes[u], disks[u]};
        for (int d = 0; d < 3; d++) {
          if (size[d] > caps[d]) {
            issues.add(
                new PlanIssue(
                    Severity.ERROR,
                    Constraint.CAP,
                    "VMs that must move together ("
                        + unitLabel(u)
                        + ") have "
                        + amount(d, size[d])
                        + ", more than the cap of "
                        + amount(d, caps[d])
                        + " per wave; they get a wave of their own that exceeds the cap",
                    unitNames(u)));
          }
        }
      }
    }

    /** Where one unit went in a packing and what held it back. */
    private static final class Placement {
      int wave;
      int readyWave;
      int releasedBy = -1;
      int deferDimension = -1;
    }

    /** One packing of a phase: local wave numbers, per-wave totals and the limits used. */
    private record Packing(
        Map<Integer, Placement> placements, int waves, List<long[]> totals, long[] limits) {}

    private Packing balancedPack(
        List<Integer> units,
        int[] phase,
        int[] priority,
        long[] count,
        long[] bytes,
        long[] disks,
        long[] caps) {
      Packing full = pack(units, phase, priority, count, bytes, disks, caps);
      if (full.waves <= 1 || !input.caps().any()) {
        return full;
      }
      long[] total = new long[3];
      for (int u : units) {
        total[0] += count[u];
        total[1] += bytes[u];
        total[2] += disks[u];
      }
      long[] even = new long[3];
      for (int d = 0; d < 3; d++) {
        even[d] =
            caps[d] == Long.MAX_VALUE
                ? Long.MAX_VALUE
                : Math.min(caps[d], (total[d] + full.waves - 1) / full.waves);
      }
      Packing best = full;
      // Binary search for the tightest limits between the even share and the caps that still
      // need no more waves than filling up to the caps did.
      double low = 0;
      double high = 1;
      for (int step = 0; step < 8; step++) {
        double fraction = step == 0 ? 0 : (low + high) / 2;
        long[] limits = new long[3];
        for (int d = 0; d < 3; d++) {
          limits[d] =
              even[d] == Long.MAX_VALUE
                  ? Long.MAX_VALUE
                  : even[d] + (long) Math.ceil(fraction * (caps[d] - even[d]));
        }
        Packing attempt = pack(units, phase, priority, count, bytes, disks, limits);
        if (attempt.waves <= full.waves) {
          best = attempt;
          high = fraction;
          if (step == 0) {
            break;
          }
        } else {
          low = fraction;
        }
      }
      return best;
    }

    private Packing pack(
        List<Integer> units,
        int[] phase,
        int[] priority,
        long[] count,
        long[] bytes,
        long[] disks,
        long[] limits) {
      int p = phase[units.get(0)];
      Map<Integer, Placement> placements = new HashMap<>();
      Map<Integer, Integer> pending = new HashMap<>();
      PriorityQueue<Integer> ready =
          new PriorityQueue<>(
              Comparator.<Integer>comparingInt(u -> -priority[u]).thenComparingInt(u -> u));
      for (int u : units) {
        Placement placement = new Placement();
        placements.put(u, placement);
        int waiting = 0;
        for (int pred : predecessors[u]) {
          if (phase[pred] == p) {
            waiting++;
          }
        }
        pending.put(u, waiting);
        if (waiting == 0) {
          ready.add(u);
        }
      }
      List<long[]> totals = new ArrayList<>();
      List<Integer> deferred = new ArrayList<>();
      int wave = 0;
      long[] current = new long[3];
      while (true) {
        while (!ready.isEmpty()) {
          int u = ready.poll();
          Placement placement = placements.get(u);
          int exceeded = exceeded(current, count[u], bytes[u], disks[u], limits);
          if (exceeded < 0 || current[0] == 0) {
            placement.wave = wave;
            current[0] += count[u];
            current[1] += bytes[u];
            current[2] += disks[u];
            for (int succ : successors[u]) {
              if (phase[succ] == p) {
                int left = pending.merge(succ, -1, Integer::sum);
                if (left == 0) {
                  Placement next = placements.get(succ);
                  next.readyWave = wave;
                  next.releasedBy = u;
                  ready.add(succ);
                }
              }
            }
          } else {
            placement.deferDimension = exceeded;
            deferred.add(u);
          }
        }
        totals.add(current.clone());
        if (deferred.isEmpty()) {
          break;
        }
        wave++;
        current = new long[3];
        ready.addAll(deferred);
        deferred.clear();
      }
      return new Packing(placements, wave + 1, totals, limits);
    }

    private static int exceeded(long[] current, long count, long bytes, long disks, long[] limits) {
      if (current[0] + count > limits[0]) {
        return 0;
      }
      if (current[1] + bytes > limits[1]) {
        return 1;
      }
      if (current[2] + disks > limits[2]) {
        return 2;
      }
      return -1;
    }

    private PlacementReason environmentReason(int u, int phase, int ownPhase, int raisedBy) {
      List<String> order = input.environmentOrder();
      String orderText = String.join(" → ", order);
      if (raisedBy >= 0) {
        return new PlacementReason(
            Kind.ENVIRONMENT,
            "environment "
                + order.get(ownPhase)
                + ", but moves with "
                + order.get(phase)
                + " because it needs "
                + unitLabel(raisedBy)
                + " (order "
                + orderText
                + ")");
      }
      return new PlacementReason(
          Kind.ENVIRONMENT, "environment " + order.get(phase) + " (order " + orderText + ")");
    }

    private PlacementReason capReason(
        int previousWave, Placement placement, long[] totals, long[] limits, long[] caps) {
      int d = placement.deferDimension;
      boolean balanced = limits[d] < caps[d];
      String held = amount(d, totals[d]);
      if (balanced) {
        return new PlacementReason(
            Kind.BALANCE,
            "wave "
                + (previousWave + 1)
                + " already held its balanced share ("
                + held
                + " of a per-wave cap of "
                + amount(d, caps[d])
                + ")");
      }
      return new PlacementReason(
          Kind.CAP,
          "wave "
              + (previousWave + 1)
              + " was full ("
              + held
              + "; cap "
              + amount(d, caps[d])
              + " per wave)");
    }

    private PlacementReason needsReason(int vm, int[] vmWave) {
      List<int[]> needs = requiredBy.get(vm);
      if (needs.isEmpty()) {
        return null;
      }
      List<String> parts = new ArrayList<>();
      for (int[] need : needs) {
        if (parts.size() == 3) {
          parts.add("and " + (needs.size() - 3) + " more");
          break;
        }
        parts.add(name(need[1]) + " (wave " + (vmWave[need[1]] + 1) + ")");
      }
      return new PlacementReason(Kind.DEPENDENCY, "needs " + String.join(", ", parts));
    }

    // ---- explicit waves ---------------------------------------------------------------------

    private WavePlan explicit(List<int[]> together) {
      List<ExplicitWave> explicitWaves = input.explicitWaves();
      int[] vmWave = new int[vmCount];
      Arrays.fill(vmWave, -1);
      for (int w = 0; w < explicitWaves.size(); w++) {
        for (String id : explicitWaves.get(w).vmIds()) {
          int vm = index(id);
          if (vmWave[vm] >= 0) {
            issues.add(
                new PlanIssue(
                    Severity.ERROR,
                    Constraint.EXPLICIT_WAVES,
                    name(vm)
                        + " is listed in wave '"
                        + explicitWaves.get(vmWave[vm]).name()
                        + "' and again in '"
                        + explicitWaves.get(w).name()
                        + "'; it stays in the first",
                    List.of(name(vm))));
          } else {
            vmWave[vm] = w;
          }
        }
      }
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < vmCount; i++) {
        if (vmWave[i] < 0) {
          missing.add(name(i));
        }
      }
      if (!missing.isEmpty()) {
        missing.sort(null);
        issues.add(
            new PlanIssue(
                Severity.ERROR,
                Constraint.EXPLICIT_WAVES,
                plural(missing.size(), "selected VM")
                    + " are in no wave: "
                    + abbreviateList(missing),
                missing));
      }
      checkExplicitGroups(vmWave);
      for (int[] pair : together) {
        if (vmWave[pair[0]] >= 0 && vmWave[pair[0]] != vmWave[pair[1]] && vmWave[pair[1]] >= 0) {
          issues.add(
              new PlanIssue(
                  Severity.ERROR,
                  Constraint.DEPENDENCY,
                  name(pair[0])
                      + " (wave "
                      + (vmWave[pair[0]] + 1)
                      + ") and "
                      + name(pair[1])
                      + " (wave "
                      + (vmWave[pair[1]] + 1)
                      + ") must move together",
                  List.of(name(pair[0]), name(pair[1]))));
        }
      }
      for (int[] dep : hardDeps) {
        if (vmWave[dep[0]] >= 0 && vmWave[dep[1]] > vmWave[dep[0]]) {
          issues.add(
              new PlanIssue(
                  Severity.ERROR,
                  Constraint.DEPENDENCY,
                  name(dep[0])
                      + " (wave "
                      + (vmWave[dep[0]] + 1)
                      + ") needs "
                      + name(dep[1])
                      + ", which is in the later wave "
                      + (vmWave[dep[1]] + 1),
                  List.of(name(dep[0]), name(dep[1]))));
        }
      }
      long[] caps = hardCaps();
      List<List<WaveVm>> waveVms = new ArrayList<>();
      List<String> environments = new ArrayList<>();
      int previousRank = -1;
      for (int w = 0; w < explicitWaves.size(); w++) {
        ExplicitWave wave = explicitWaves.get(w);
        List<WaveVm> list = new ArrayList<>();
        long[] totals = new long[3];
        Set<String> envs = new TreeSet<>();
        int minRank = Integer.MAX_VALUE;
        int maxRank = -1;
        for (int i = 0; i < vmCount; i++) {
          if (vmWave[i] != w) {
            continue;
          }
          PlanningVm v = vms.get(i);
          totals[0]++;
          totals[1] += v.provisionedBytes();
          totals[2] += v.diskCount();
          if (v.environment() != null) {
            envs.add(v.environment());
          }
          minRank = Math.min(minRank, envRank[i]);
          maxRank = Math.max(maxRank, envRank[i]);
          List<PlacementReason> reasons = new ArrayList<>();
          reasons.add(new PlacementReason(Kind.EXPLICIT, "listed in wave '" + wave.name() + "'"));
          reasons.addAll(vmReasons.get(i));
          PlacementReason needs = needsReason(i, vmWave);
          if (needs != null) {
            reasons.add(needs);
          }
          reasons.sort(Comparator.comparing(PlacementReason::kind));
          list.add(
              new WaveVm(
                  v.id(),
                  v.name(),
                  v.provisionedBytes(),
                  v.diskCount(),
                  v.environment(),
                  v.priority(),
                  reasons));
        }
        for (int d = 0; d < 3; d++) {
          if (totals[d] > caps[d]) {
            issues.add(
                new PlanIssue(
                    Severity.ERROR,
                    Constraint.CAP,
                    "wave '"
                        + wave.name()
                        + "' has "
                        + amount(d, totals[d])
                        + ", more than the cap of "
                        + amount(d, caps[d]),
                    List.of()));
          }
        }
        if (!input.environmentOrder().isEmpty() && !list.isEmpty()) {
          if (envs.size() > 1) {
            issues.add(
                new PlanIssue(
                    Severity.WARNING,
                    Constraint.ENVIRONMENT_ORDER,
                    "wave '" + wave.name() + "' mixes the environments " + String.join(", ", envs),
                    List.of()));
          }
          if (minRank < previousRank) {
            issues.add(
                new PlanIssue(
                    Severity.WARNING,
                    Constraint.ENVIRONMENT_ORDER,
                    "wave '"
                        + wave.name()
                        + "' moves "
                        + input.environmentOrder().get(minRank)
                        + " VMs after "
                        + input.environmentOrder().get(previousRank)
                        + " VMs of an earlier wave (order "
                        + String.join(" → ", input.environmentOrder())
                        + ")",
                    List.of()));
          }
          previousRank = Math.max(previousRank, maxRank);
        }
        environments.add(envs.size() == 1 ? envs.iterator().next() : null);
        waveVms.add(list);
      }
      List<String> names = explicitWaves.stream().map(ExplicitWave::name).toList();
      return finish(names, environments, waveVms);
    }

    private void checkExplicitGroups(int[] vmWave) {
      List<MoveGroup> groups = new ArrayList<>(input.groups());
      groups.sort(Comparator.comparing(MoveGroup::name));
      for (MoveGroup group : groups) {
        Map<Integer, List<String>> byWave = new TreeMap<>();
        for (String id : group.vmIds()) {
          int vm = index(id);
          if (vmWave[vm] >= 0) {
            byWave.computeIfAbsent(vmWave[vm], k -> new ArrayList<>()).add(name(vm));
          }
        }
        if (byWave.size() > 1) {
          List<String> parts = new ArrayList<>();
          List<String> all = new ArrayList<>();
          byWave.forEach(
              (wave, names) -> {
                names.sort(null);
                all.addAll(names);
                parts.add("wave " + (wave + 1) + ": " + abbreviateList(names));
              });
          issues.add(
              new PlanIssue(
                  Severity.ERROR,
                  Constraint.MOVE_GROUP,
                  "move group '"
                      + group.name()
                      + "' must move in one wave but is split ("
                      + String.join("; ", parts)
                      + ")",
                  all));
        }
      }
    }

    // ---- result -----------------------------------------------------------------------------

    private WavePlan finish(
        List<String> names, List<String> environments, List<List<WaveVm>> waveVms) {
      List<Wave> waves = new ArrayList<>();
      List<CutoverWindow> windows = input.windows();
      for (int w = 0; w < waveVms.size(); w++) {
        List<WaveVm> list = new ArrayList<>(waveVms.get(w));
        list.sort(Comparator.comparing(WaveVm::name).thenComparing(WaveVm::id));
        long bytes = 0;
        int disks = 0;
        long largestDisk = 0;
        for (WaveVm vm : list) {
          bytes += vm.provisionedBytes();
          disks += vm.diskCount();
          largestDisk = Math.max(largestDisk, vms.get(index(vm.id())).largestDiskBytes());
        }
        CutoverWindow window = w < windows.size() ? windows.get(w) : null;
        java.time.Duration estimate = input.throughput().estimate(bytes, largestDisk);
        Wave wave =
            new Wave(
                w + 1, names.get(w), environments.get(w), list, bytes, disks, estimate, window);
        if (window != null && estimate.compareTo(window.length()) > 0) {
          issues.add(
              new PlanIssue(
                  Severity.WARNING,
                  Constraint.WINDOW,
                  names.get(w)
                      + " needs an estimated "
                      + Durations.format(estimate)
                      + " but its cutover window lasts "
                      + Durations.format(window.length()),
                  List.of()));
        }
        waves.add(wave);
      }
      if (!windows.isEmpty() && waves.size() > windows.size()) {
        issues.add(
            new PlanIssue(
                Severity.ERROR,
                Constraint.WINDOW,
                "the plan needs "
                    + plural(waves.size(), "wave")
                    + " but has "
                    + plural(windows.size(), "cutover window")
                    + ": "
                    + (windows.size() + 1 == waves.size()
                        ? "wave " + waves.size() + " has"
                        : "waves " + (windows.size() + 1) + "–" + waves.size() + " have")
                    + " no window",
                List.of()));
      }
      return new WavePlan(waves, issues, input.throughput().measured());
    }

    private String name(int vm) {
      return vms.get(vm).name();
    }

    private List<String> unitNames(int unit) {
      List<String> names = new ArrayList<>();
      for (int vm : members[unit]) {
        names.add(name(vm));
      }
      names.sort(null);
      return names;
    }
  }

  static String amount(int dimension, long value) {
    if (dimension == 1) {
      return String.format(java.util.Locale.ROOT, "%.1f %s", value / (double) GIB, DIMENSIONS[1]);
    }
    return value + " " + DIMENSIONS[dimension];
  }

  static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  static String abbreviateList(List<String> names) {
    LinkedHashSet<String> shown = new LinkedHashSet<>(names.subList(0, Math.min(5, names.size())));
    String text = String.join(", ", shown);
    return names.size() > 5 ? text + " and " + (names.size() - 5) + " more" : text;
  }
}
