package dev.convoy.plans.waves;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.waves.PlacementReason.Kind;
import dev.convoy.plans.waves.PlanIssue.Constraint;
import dev.convoy.plans.waves.PlanIssue.Severity;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WavePlannerTest {
  static final long GIB = 1024L * 1024 * 1024;
  static final Throughput THROUGHPUT =
      new Throughput(100.0 * 1024 * 1024, null, Duration.ZERO, false);

  static PlanningVm vm(String name) {
    return vm(name, 10, null, 0);
  }

  static PlanningVm vm(String name, long gib, String environment, int priority) {
    return new PlanningVm(name, name, gib * GIB, 1, gib * GIB, environment, priority);
  }

  static List<PlanningVm> vms(int count) {
    return IntStream.range(0, count).mapToObj(i -> vm(String.format("vm%03d", i))).toList();
  }

  static PlannerInput input(
      List<PlanningVm> vms, List<MoveGroup> groups, List<Dependency> deps, WaveCaps caps) {
    return new PlannerInput(vms, groups, deps, List.of(), caps, THROUGHPUT, List.of(), null);
  }

  static Map<String, Integer> waveOf(WavePlan plan) {
    Map<String, Integer> waves = new HashMap<>();
    for (Wave wave : plan.waves()) {
      wave.vms().forEach(vm -> waves.put(vm.id(), wave.number()));
    }
    return waves;
  }

  static List<Integer> sizes(WavePlan plan) {
    return plan.waves().stream().map(w -> w.vms().size()).toList();
  }

  static WaveVm find(WavePlan plan, String id) {
    return plan.waves().stream()
        .flatMap(w -> w.vms().stream())
        .filter(v -> v.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("caps split the VMs and the waves come out balanced, not 50/50/5")
  void balancesUnderCaps() {
    WavePlan plan = WavePlanner.plan(input(vms(105), null, null, new WaveCaps(50, null, null)));
    assertThat(sizes(plan)).containsExactly(35, 35, 35);
    assertThat(plan.issues()).isEmpty();
    assertThat(plan.waves().get(0).name()).isEqualTo("wave-01");
    // 35 VMs of 10 GiB at 100 MiB/s = 3584 s
    assertThat(plan.waves().get(0).estimatedDuration()).isEqualTo(Duration.ofSeconds(3584));
    assertThat(find(plan, "vm104").reasons())
        .extracting(PlacementReason::kind)
        .containsExactly(Kind.BALANCE);
  }

  @Test
  @DisplayName("several caps at once: GiB and disks bind as well as VM count")
  void severalCaps() {
    List<PlanningVm> vms = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      vms.add(new PlanningVm("v" + i, "v" + i, 100 * GIB, 4, 50 * GIB, null, 0));
    }
    WavePlan plan = WavePlanner.plan(input(vms, null, null, new WaveCaps(100, 500 * GIB, 12)));
    // disks: 80 total / 12 per wave -> 3 VMs per wave -> 7 waves; balanced 3,3,3,3,3,3,2
    assertThat(plan.waves()).hasSize(7);
    assertThat(plan.waves()).allSatisfy(w -> assertThat(w.diskCount()).isLessThanOrEqualTo(12));
    assertThat(plan.waves())
        .allSatisfy(w -> assertThat(w.provisionedBytes()).isLessThanOrEqualTo(500 * GIB));
  }

  @Test
  @DisplayName("a move group always shares one wave and says so in its reasons")
  void groupsMoveTogether() {
    List<PlanningVm> vms = vms(30);
    MoveGroup app =
        new MoveGroup("billing", "explicit list", List.of("vm029", "vm000", "vm015", "vm007"));
    WavePlan plan = WavePlanner.plan(input(vms, List.of(app), null, new WaveCaps(10, null, null)));
    Map<String, Integer> waves = waveOf(plan);
    assertThat(app.vmIds().stream().map(waves::get).distinct()).hasSize(1);
    assertThat(find(plan, "vm015").reasons())
        .filteredOn(r -> r.kind() == Kind.GROUP)
        .singleElement()
        .extracting(PlacementReason::text)
        .isEqualTo("moves with move group 'billing' (explicit list, 4 VMs)");
    assertThat(plan.waves()).allSatisfy(w -> assertThat(w.vms()).hasSizeLessThanOrEqualTo(10));
  }

  @Test
  @DisplayName("a VM never moves before what it needs; 'together' shares the wave")
  void dependencies() {
    List<PlanningVm> vms = vms(12);
    List<Dependency> deps =
        List.of(
            new Dependency("vm000", "vm011", false, "vm000 needs vm011"),
            new Dependency("vm011", "vm010", false, "vm011 needs vm010"),
            new Dependency("vm001", "vm009", true, "vm001 needs vm009"));
    WavePlan plan = WavePlanner.plan(input(vms, null, deps, new WaveCaps(2, null, null)));
    Map<String, Integer> waves = waveOf(plan);
    assertThat(waves.get("vm011")).isLessThanOrEqualTo(waves.get("vm000"));
    assertThat(waves.get("vm010")).isLessThanOrEqualTo(waves.get("vm011"));
    assertThat(waves.get("vm001")).isEqualTo(waves.get("vm009"));
    assertThat(find(plan, "vm000").reasons())
        .filteredOn(r -> r.kind() == Kind.DEPENDENCY)
        .extracting(PlacementReason::text)
        .anyMatch(t -> t.startsWith("needs vm011 (wave "));
  }

  @Test
  @DisplayName("environments: dev waves, then test, then prod; never mixed")
  void environmentOrder() {
    List<PlanningVm> vms = new ArrayList<>();
    String[] envs = {"prod", "dev", "test"};
    for (int i = 0; i < 30; i++) {
      vms.add(vm(String.format("vm%02d", i), 10, envs[i % 3], 0));
    }
    PlannerInput input =
        new PlannerInput(
            vms,
            null,
            null,
            List.of("dev", "test", "prod"),
            new WaveCaps(4, null, null),
            THROUGHPUT,
            null,
            null);
    WavePlan plan = WavePlanner.plan(input);
    List<String> waveEnvs = plan.waves().stream().map(Wave::environment).toList();
    assertThat(waveEnvs)
        .containsExactly("dev", "dev", "dev", "test", "test", "test", "prod", "prod", "prod");
    for (Wave wave : plan.waves()) {
      assertThat(wave.vms())
          .allSatisfy(v -> assertThat(v.environment()).isEqualTo(wave.environment()));
    }
    assertThat(find(plan, "vm00").reasons().get(0))
        .isEqualTo(
            new PlacementReason(Kind.ENVIRONMENT, "environment prod (order dev → test → prod)"));
  }

  @Test
  @DisplayName("a dev VM that needs a prod VM moves with prod, with a warning that says why")
  void dependencyBeatsEnvironmentOrder() {
    List<PlanningVm> vms =
        List.of(vm("app-dev", 1, "dev", 0), vm("db-prod", 1, "prod", 0), vm("x-dev", 1, "dev", 0));
    PlannerInput input =
        new PlannerInput(
            vms,
            null,
            List.of(new Dependency("app-dev", "db-prod", false, "")),
            List.of("dev", "prod"),
            null,
            THROUGHPUT,
            null,
            null);
    WavePlan plan = WavePlanner.plan(input);
    Map<String, Integer> waves = waveOf(plan);
    assertThat(waves)
        .containsEntry("x-dev", 1)
        .containsEntry("app-dev", 2)
        .containsEntry("db-prod", 2);
    assertThat(plan.issues())
        .singleElement()
        .satisfies(
            issue -> {
              assertThat(issue.severity()).isEqualTo(Severity.WARNING);
              assertThat(issue.constraint()).isEqualTo(Constraint.ENVIRONMENT_ORDER);
              assertThat(issue.message())
                  .isEqualTo(
                      "app-dev needs db-prod of a later environment (prod), so it moves with"
                          + " that environment's waves");
            });
  }

  @Test
  @DisplayName("a group larger than a cap cannot meet it: an error names it, it moves alone")
  void oversizedGroup() {
    List<PlanningVm> vms = vms(20);
    MoveGroup big =
        new MoveGroup(
            "erp", "tag app/erp", vms.subList(0, 8).stream().map(PlanningVm::id).toList());
    WavePlan plan = WavePlanner.plan(input(vms, List.of(big), null, new WaveCaps(5, null, null)));
    assertThat(plan.hasErrors()).isTrue();
    assertThat(plan.issues())
        .singleElement()
        .satisfies(
            issue ->
                assertThat(issue.message())
                    .isEqualTo(
                        "VMs that must move together (vm000 (+7 moving with it)) have 8 VMs, more"
                            + " than the cap of 5 VMs per wave; they get a wave of their own"
                            + " that exceeds the cap"));
    Wave erpWave = plan.waves().get(waveOf(plan).get("vm000") - 1);
    assertThat(erpWave.vms()).hasSize(8);
  }

  @Test
  @DisplayName("higher priority goes first among VMs that could share a wave")
  void priority() {
    List<PlanningVm> vms = new ArrayList<>(vms(6));
    vms.add(vm("zz-urgent", 10, null, 100));
    WavePlan plan = WavePlanner.plan(input(vms, null, null, new WaveCaps(4, null, null)));
    assertThat(waveOf(plan)).containsEntry("zz-urgent", 1);
    assertThat(find(plan, "zz-urgent").reasons())
        .extracting(PlacementReason::kind)
        .contains(Kind.PRIORITY, Kind.EARLIEST);
  }

  @Test
  @DisplayName("a cycle through move groups joins the groups, with a warning naming the cycle")
  void cycleThroughGroups() {
    List<PlanningVm> vms = vms(4);
    MoveGroup g = new MoveGroup("g", "explicit list", List.of("vm000", "vm001"));
    List<Dependency> deps =
        List.of(
            new Dependency("vm000", "vm002", false, ""),
            new Dependency("vm002", "vm001", false, ""));
    WavePlan plan = WavePlanner.plan(input(vms, List.of(g), deps, new WaveCaps(3, null, null)));
    Map<String, Integer> waves = waveOf(plan);
    assertThat(waves.get("vm000")).isEqualTo(waves.get("vm002")).isEqualTo(waves.get("vm001"));
    assertThat(plan.issues())
        .singleElement()
        .extracting(PlanIssue::message)
        .isEqualTo(
            "dependencies and move groups form a cycle (vm000 (+1 moving with it) needs vm002"
                + " needs vm000 (+1 moving with it)), so these 3 VMs must share one wave");
  }

  @Test
  @DisplayName("explicit waves are checked against every constraint")
  void explicitWavesChecked() {
    List<PlanningVm> vms = vms(6);
    PlannerInput input =
        new PlannerInput(
            vms,
            List.of(new MoveGroup("g", "explicit list", List.of("vm000", "vm003"))),
            List.of(
                new Dependency("vm001", "vm004", false, ""),
                new Dependency("vm002", "vm005", true, "")),
            List.of(),
            new WaveCaps(2, null, null),
            THROUGHPUT,
            null,
            List.of(
                new ExplicitWave("pilot", List.of("vm000", "vm001", "vm002")),
                new ExplicitWave("main", List.of("vm003", "vm004", "vm005"))));
    WavePlan plan = WavePlanner.plan(input);
    assertThat(plan.issues())
        .extracting(PlanIssue::toString)
        .containsExactly(
            "error [move-group]: move group 'g' must move in one wave but is split (wave 1: vm000;"
                + " wave 2: vm003)",
            "error [dependency]: vm002 (wave 1) and vm005 (wave 2) must move together",
            "error [dependency]: vm001 (wave 1) needs vm004, which is in the later wave 2",
            "error [cap]: wave 'pilot' has 3 VMs, more than the cap of 2 VMs",
            "error [cap]: wave 'main' has 3 VMs, more than the cap of 2 VMs");
    assertThat(plan.waves().get(0).vms().get(0).reasons().get(0))
        .isEqualTo(new PlacementReason(Kind.EXPLICIT, "listed in wave 'pilot'"));
  }

  @Test
  @DisplayName(
      "windows: one per wave, in their own zones, too few is an error, too short a warning")
  void windows() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    // 2026-10-24/25 is the night Berlin leaves summer time: 22:00-06:00 lasts 9 hours.
    CutoverWindow dstNight =
        new CutoverWindow(
            LocalDateTime.parse("2026-10-24T22:00").atZone(berlin),
            LocalDateTime.parse("2026-10-25T06:00").atZone(berlin));
    assertThat(dstNight.length()).isEqualTo(Duration.ofHours(9));
    List<PlanningVm> vms = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      vms.add(vm("v" + i, 1024, null, 0));
    }
    PlannerInput input =
        new PlannerInput(
            vms,
            null,
            null,
            List.of(),
            new WaveCaps(2, null, null),
            THROUGHPUT,
            List.of(dstNight),
            null);
    WavePlan plan = WavePlanner.plan(input);
    assertThat(plan.waves().get(0).window()).isEqualTo(dstNight);
    assertThat(plan.waves().get(1).window()).isNull();
    // 2 TiB at 100 MiB/s = 5h 50m: fits 9 h; at 50 MiB/s plus 30m overhead: 12h 09m 03s
    assertThat(plan.issues())
        .extracting(PlanIssue::toString)
        .containsExactly(
            "error [window]: the plan needs 3 waves but has 1 cutover window: waves 2–3 have no"
                + " window");
    PlannerInput slow =
        new PlannerInput(
            vms.subList(0, 2),
            null,
            null,
            List.of(),
            null,
            new Throughput(50.0 * 1024 * 1024, null, Duration.ofMinutes(30), true),
            List.of(dstNight),
            null);
    assertThat(WavePlanner.plan(slow).issues())
        .extracting(PlanIssue::toString)
        .containsExactly(
            "warning [window]: wave-01 needs an estimated 12h 10m but its cutover window lasts 9h"
                + " 00m");
  }

  @Test
  @DisplayName("property: random inputs meet every hard constraint, and input order never matters")
  void randomInputsMeetConstraints() {
    Random random = new Random(20261003L);
    for (int round = 0; round < 60; round++) {
      int count = 20 + random.nextInt(200);
      List<String> order = List.of("dev", "test", "prod");
      boolean useEnvs = random.nextBoolean();
      List<PlanningVm> vms = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int disks = 1 + random.nextInt(4);
        long bytes = (1 + random.nextInt(500)) * GIB;
        vms.add(
            new PlanningVm(
                "vm-" + i,
                "name-" + i,
                bytes,
                disks,
                bytes / disks,
                useEnvs ? order.get(random.nextInt(3)) : null,
                random.nextInt(3)));
      }
      List<MoveGroup> groups = new ArrayList<>();
      for (int g = 0; g < count / 15; g++) {
        List<String> members = new ArrayList<>();
        for (int k = 0; k < 1 + random.nextInt(5); k++) {
          members.add("vm-" + random.nextInt(count));
        }
        groups.add(new MoveGroup("g" + g, "test", members));
      }
      List<Dependency> deps = new ArrayList<>();
      for (int d = 0; d < count; d++) {
        // Edges from higher to lower index only: the declared graph is acyclic, as the parser
        // guarantees; cycles may still appear through groups.
        int a = random.nextInt(count);
        int b = random.nextInt(count);
        if (a != b) {
          deps.add(
              new Dependency(
                  "vm-" + Math.max(a, b), "vm-" + Math.min(a, b), random.nextInt(10) == 0, ""));
        }
      }
      WaveCaps caps =
          new WaveCaps(
              5 + random.nextInt(30), (500 + random.nextInt(3000)) * GIB, 20 + random.nextInt(60));
      PlannerInput input =
          new PlannerInput(
              vms, groups, deps, useEnvs ? order : List.of(), caps, THROUGHPUT, null, null);
      WavePlan plan = WavePlanner.plan(input);
      checkConstraints(input, plan);

      List<PlanningVm> shuffledVms = new ArrayList<>(vms);
      List<MoveGroup> shuffledGroups = new ArrayList<>(groups);
      List<Dependency> shuffledDeps = new ArrayList<>(deps);
      Collections.shuffle(shuffledVms, random);
      Collections.shuffle(shuffledGroups, random);
      Collections.shuffle(shuffledDeps, random);
      WavePlan again =
          WavePlanner.plan(
              new PlannerInput(
                  shuffledVms,
                  shuffledGroups,
                  shuffledDeps,
                  input.environmentOrder(),
                  caps,
                  THROUGHPUT,
                  null,
                  null));
      assertThat(again).as("round %d: same plan for shuffled input", round).isEqualTo(plan);
    }
  }

  private static void checkConstraints(PlannerInput input, WavePlan plan) {
    Map<String, Integer> waves = waveOf(plan);
    assertThat(waves.keySet())
        .containsExactlyInAnyOrderElementsOf(input.vms().stream().map(PlanningVm::id).toList());
    for (MoveGroup group : input.groups()) {
      assertThat(group.vmIds().stream().map(waves::get).collect(Collectors.toSet()))
          .as("group %s in one wave", group.name())
          .hasSize(1);
    }
    for (Dependency dep : input.dependencies()) {
      if (dep.together()) {
        assertThat(waves.get(dep.dependentId())).isEqualTo(waves.get(dep.requiredId()));
      } else {
        assertThat(waves.get(dep.requiredId()))
            .as("%s needs %s", dep.dependentId(), dep.requiredId())
            .isLessThanOrEqualTo(waves.get(dep.dependentId()));
      }
    }
    boolean capErrors =
        plan.issues().stream()
            .anyMatch(i -> i.severity() == Severity.ERROR && i.constraint() == Constraint.CAP);
    for (Wave wave : plan.waves()) {
      boolean fits =
          wave.vms().size() <= input.caps().maxVms()
              && wave.provisionedBytes() <= input.caps().maxProvisionedBytes()
              && wave.diskCount() <= input.caps().maxDisks();
      if (!fits) {
        assertThat(capErrors).as("a wave over the caps is reported").isTrue();
        List<String> ids = wave.vms().stream().map(WaveVm::id).toList();
        assertThat(plan.issues())
            .as("the over-cap wave %s holds only VMs an error names", wave.name())
            .anySatisfy(
                i ->
                    assertThat(i.vms())
                        .containsAll(ids.stream().map(id -> id.replace("vm-", "name-")).toList()));
      }
    }
    if (!input.environmentOrder().isEmpty()) {
      int previous = -1;
      for (Wave wave : plan.waves()) {
        int rank = input.environmentOrder().indexOf(wave.environment());
        assertThat(rank).isGreaterThanOrEqualTo(previous);
        previous = rank;
      }
    }
  }
}
