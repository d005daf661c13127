package dev.convoy.plans.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.execution.Admission.DiskPlacement;
import dev.convoy.plans.execution.Admission.Limits;
import dev.convoy.plans.execution.Admission.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionTest {

  /** A VM with one disk per datastore given, all on storage class {@code local}. */
  static Placement vm(String name, String host, String... datastores) {
    List<DiskPlacement> disks = new ArrayList<>();
    for (int i = 0; i < datastores.length; i++) {
      disks.add(new DiskPlacement("disk-" + i, datastores[i], "local"));
    }
    return Placement.ofDisks(name, host, disks);
  }

  static Placement classVm(String name, String host, String datastore, String storageClass) {
    return Placement.ofDisks(
        name, host, List.of(new DiskPlacement("disk-0", datastore, storageClass)));
  }

  static Arguments row(
      String name,
      List<Placement> waiting,
      List<Placement> holding,
      Limits limits,
      List<String> admitted) {
    return Arguments.of(name, waiting, holding, limits, admitted);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "unlimited admits everything",
            List.of(vm("a", "h1", "ds1"), vm("b", "h1", "ds1"), vm("c", "h1", "ds1")),
            List.of(),
            Limits.unlimited(),
            List.of("a", "b", "c")),
        row(
            "one transfer per host",
            List.of(vm("a", "h1", "ds1"), vm("b", "h1", "ds2"), vm("c", "h2", "ds3")),
            List.of(),
            new Limits(1, 0, 0),
            List.of("a", "c")),
        row(
            "a VM that does not fit does not stop a later one elsewhere",
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds2")),
            List.of(vm("x", "h1", "ds9")),
            new Limits(1, 0, 0),
            List.of("b")),
        row(
            "one transfer per datastore",
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds1"), vm("c", "h3", "ds2")),
            List.of(),
            new Limits(0, 1, 0),
            List.of("a", "c")),
        row(
            "per storage class",
            List.of(
                classVm("a", "h1", "ds1", "fast"),
                classVm("b", "h2", "ds2", "fast"),
                classVm("c", "h3", "ds3", "slow")),
            List.of(),
            new Limits(0, 0, 1),
            List.of("a", "c")),
        row(
            "PVCs without a storage class share the default key",
            List.of(classVm("a", "h1", "ds1", null), classVm("b", "h2", "ds2", null)),
            List.of(),
            new Limits(0, 0, 1),
            List.of("a")),
        row(
            "global limit over all hosts",
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds2"), vm("c", "h3", "ds3")),
            List.of(),
            new Limits(0, 0, 0, 2),
            List.of("a", "b")),
        row(
            "global limit counts what is held",
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds2")),
            List.of(vm("x", "h9", "ds9")),
            new Limits(0, 0, 0, 2),
            List.of("a")),
        row(
            "a slot is a disk: three disks do not fit beside two of four",
            List.of(vm("a", "h1", "ds1", "ds1", "ds1")),
            List.of(vm("x", "h2", "ds1", "ds1")),
            new Limits(0, 4, 0),
            List.of()),
        row(
            "a slot is a disk: three disks fit beside one of four",
            List.of(vm("a", "h1", "ds1", "ds1", "ds1")),
            List.of(vm("x", "h2", "ds1")),
            new Limits(0, 4, 0),
            List.of("a")),
        row(
            "copied disks free their slots",
            List.of(vm("a", "h1", "ds1", "ds1")),
            List.of(vm("x", "h2", "ds1", "ds1", "ds1").without(List.of("disk-0", "disk-1"))),
            new Limits(0, 3, 0),
            List.of("a")),
        row(
            "a VM whose disks are all copied holds nothing",
            List.of(vm("a", "h1", "ds1")),
            List.of(vm("x", "h1", "ds1", "ds1").without(List.of("disk-0", "disk-1"))),
            new Limits(1, 1, 1, 1),
            List.of("a")),
        row(
            "more disks than the limit: runs alone when the key is free",
            List.of(vm("a", "h1", "ds1", "ds1", "ds1", "ds1", "ds1"), vm("b", "h2", "ds1")),
            List.of(),
            new Limits(0, 2, 0),
            List.of("a")),
        row(
            "more disks than the limit: waits while anything else uses the key",
            List.of(vm("a", "h1", "ds1", "ds1", "ds1", "ds1", "ds1")),
            List.of(vm("x", "h2", "ds1")),
            new Limits(0, 2, 0),
            List.of()),
        row(
            "the first VM that waits reserves its other keys (no starvation)",
            // a waits for h1 and keeps ds2 for itself: b could take ds2, but would then keep a
            // waiting again when h1 frees
            List.of(vm("a", "h1", "ds2"), vm("b", "h2", "ds2")),
            List.of(vm("x", "h1", "ds1")),
            new Limits(1, 1, 0),
            List.of()),
        row(
            "only the first VM that waits reserves",
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds2"), vm("c", "h3", "ds2")),
            List.of(vm("x", "h1", "ds9"), vm("y", "h2", "ds8")),
            new Limits(1, 1, 0),
            List.of("c")),
        row(
            "all three limits at once, reservation included",
            List.of(
                new Placement("a", "h1", Set.of("ds1"), Set.of("local")),
                new Placement("b", "h1", Set.of("ds2"), Set.of("local")),
                new Placement("c", "h2", Set.of("ds1"), Set.of("local")),
                new Placement("d", "h2", Set.of("ds3"), Set.of("fast")),
                new Placement("e", "h3", Set.of("ds4"), Set.of("local"))),
            List.of(),
            // b waits for h1 and reserves the second "local" slot, so e waits too;
            // c waits for ds1 without reserving, d uses other keys
            new Limits(1, 1, 2),
            List.of("a", "d")),
        row(
            "placements without disks cost one slot per key",
            List.of(
                new Placement("a", "h1", Set.of("ds1", "ds2"), Set.of("local")),
                new Placement("b", "h2", Set.of("ds2"), Set.of("local"))),
            List.of(),
            new Limits(0, 2, 0),
            List.of("a", "b")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void admits(
      String name,
      List<Placement> waiting,
      List<Placement> holding,
      Limits limits,
      List<String> admitted) {
    assertThat(Admission.admit(waiting, holding, limits)).containsExactlyElementsOf(admitted);
  }

  @Test
  void everyVmThatWaitsIsToldWhichLimitItWaitsFor() {
    Admission.Decision d =
        Admission.decide(
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds1"), vm("c", "h3", "ds3")),
            List.of(vm("x", "esx-1", "ds9"), vm("y", "h1", "ds8")),
            new Limits(1, 1, 0, 3));
    assertThat(d.admitted()).isEmpty();
    assertThat(d.waitingFor())
        .containsEntry("a", "waits for source host h1 (1 of 1 transfers in use or reserved)")
        // a reserved ds1 while it waits for h1
        .containsEntry("b", "waits for datastore ds1 (1 of 1 transfers in use or reserved)")
        .containsEntry(
            "c", "waits for the migration's total limit (3 of 3 transfers in use or reserved)");
  }

  /**
   * Rounds of admission where every admitted VM holds its slot for {@code hold} rounds: returns the
   * round each VM was admitted in, and checks no limit is ever exceeded.
   */
  static Map<String, Integer> simulate(
      List<Placement> queue, Limits limits, Map<String, Integer> hold, int rounds) {
    Map<String, Integer> admittedAt = new LinkedHashMap<>();
    Map<String, Integer> finishesAt = new LinkedHashMap<>();
    for (int round = 0; round < rounds && admittedAt.size() < queue.size(); round++) {
      int now = round;
      finishesAt.values().removeIf(end -> end <= now);
      List<Placement> holding = queue.stream().filter(p -> finishesAt.containsKey(p.vm())).toList();
      List<Placement> waiting =
          queue.stream().filter(p -> !admittedAt.containsKey(p.vm())).toList();
      for (String vm : Admission.admit(waiting, holding, limits)) {
        admittedAt.put(vm, round);
        finishesAt.put(vm, round + hold.getOrDefault(vm, 1));
      }
      List<Placement> now2 = queue.stream().filter(p -> finishesAt.containsKey(p.vm())).toList();
      assertWithinLimits(now2, limits);
    }
    return admittedAt;
  }

  /**
   * Every key holds at most its limit of disk transfers, except a key held by one VM alone (a VM
   * with more disks than the limit runs alone there).
   */
  static void assertWithinLimits(List<Placement> holding, Limits limits) {
    Map<String, Map<String, Integer>> byKey = new LinkedHashMap<>();
    for (Placement p : holding) {
      for (DiskPlacement d : p.disks()) {
        byKey
            .computeIfAbsent("host " + p.sourceHost(), k -> new LinkedHashMap<>())
            .merge(p.vm(), 1, Integer::sum);
        byKey
            .computeIfAbsent("datastore " + d.datastore(), k -> new LinkedHashMap<>())
            .merge(p.vm(), 1, Integer::sum);
        byKey.computeIfAbsent("total", k -> new LinkedHashMap<>()).merge(p.vm(), 1, Integer::sum);
      }
    }
    byKey.forEach(
        (key, vms) -> {
          int limit =
              key.startsWith("host")
                  ? limits.perSourceHost()
                  : key.startsWith("datastore") ? limits.perDatastore() : limits.total();
          int used = vms.values().stream().mapToInt(Integer::intValue).sum();
          if (limit > 0 && used > limit) {
            assertThat(vms).as("%s over its limit %d: %s", key, limit, vms).hasSize(1);
          }
        });
  }

  @Test
  void limitsOfOneSerializeInPlanOrder() {
    List<Placement> queue =
        List.of(vm("a", "h1", "ds1"), vm("b", "h1", "ds2"), vm("c", "h1", "ds3"));
    Map<String, Integer> at = simulate(queue, new Limits(1, 0, 0), Map.of("a", 3, "b", 2), 20);
    // one at a time, each as soon as the one before it finished
    assertThat(at).containsExactly(Map.entry("a", 0), Map.entry("b", 3), Map.entry("c", 5));

    Map<String, Integer> total =
        simulate(
            List.of(vm("a", "h1", "ds1"), vm("b", "h2", "ds2"), vm("c", "h3", "ds3")),
            new Limits(0, 0, 0, 1),
            Map.of(),
            20);
    assertThat(total).containsExactly(Map.entry("a", 0), Map.entry("b", 1), Map.entry("c", 2));
  }

  @Test
  void aVmOnTwoBusyDatastoresIsNotStarvedBySmallerOnes() {
    // big reads ds1 and ds2; a stream of small VMs alternates between them, each holding its
    // datastore for two rounds, staggered so one of the two datastores is always busy. Without
    // the reservation big would wait for ever.
    List<Placement> queue = new ArrayList<>();
    queue.add(vm("s0", "h1", "ds1"));
    queue.add(vm("big", "h2", "ds1", "ds2"));
    for (int i = 1; i <= 12; i++) {
      queue.add(vm("s" + i, "h1", i % 2 == 0 ? "ds1" : "ds2"));
    }
    Map<String, Integer> hold = new LinkedHashMap<>();
    queue.forEach(p -> hold.put(p.vm(), 2));
    hold.put("s1", 3); // staggered: ds1 and ds2 never free up in the same round
    Map<String, Integer> at = simulate(queue, new Limits(0, 1, 0), hold, 100);
    assertThat(at).containsKeys(queue.stream().map(Placement::vm).toArray(String[]::new));
    // big starts as soon as what held its datastores before it asked is done
    assertThat(at.get("big")).isEqualTo(at.get("s0") + 2);
    // and every VM eventually runs, each in its turn on its datastore
    assertThat(at.get("s2")).isGreaterThan(at.get("big"));
  }

  @Test
  void everyVmGetsItsTurnUnderRandomLoad() {
    // property: with reservation, the number of rounds a VM waits is bounded, whatever the mix
    java.util.Random random = new java.util.Random(42);
    for (int trial = 0; trial < 200; trial++) {
      List<Placement> queue = new ArrayList<>();
      Map<String, Integer> hold = new LinkedHashMap<>();
      int n = 5 + random.nextInt(20);
      for (int i = 0; i < n; i++) {
        int disks = 1 + random.nextInt(4);
        String[] ds = new String[disks];
        for (int j = 0; j < disks; j++) {
          ds[j] = "ds" + random.nextInt(3);
        }
        queue.add(vm("v" + i, "h" + random.nextInt(3), ds));
        hold.put("v" + i, 1 + random.nextInt(4));
      }
      Limits limits =
          new Limits(1 + random.nextInt(3), 1 + random.nextInt(4), 0, random.nextInt(6));
      Map<String, Integer> at = simulate(queue, limits, hold, 10_000);
      assertThat(at).as("trial %d", trial).hasSize(n);
    }
  }
}
