import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import dev.convoy.plans.parse.ParsedPlan;
import dev.convoy.plans.parse.PlanParser;
import dev.convoy.plans.resolve.PlanResolver;
import dev.convoy.plans.resolve.ResolvedPlan;
import dev.convoy.plans.waves.WavePlan;
import dev.convoy.plans.waves.WavePlanner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Wave planning at scale: 10,000 synthetic VMs, 40,000 dependency edges, 500 move groups, three
 * environments, priorities, caps and windows. Prints the time of each step (plan YAML parse,
 * resolve against the inventory, wave planning) and the peak heap, next to the goals (2 s, 512 MB).
 * Run with migration-plans/bench/run.sh.
 */
public final class WavePlannerBenchmark {
  static final int VMS = 10_000;
  static final int APPS = 1_000;
  static final int GROUPS = 500;
  static final int EDGES = 40_000;
  static final long GIB = 1L << 30;

  public static void main(String[] args) {
    Random random = new Random(42);
    Inventory inventory = inventory(random);
    String plan = planYaml(random);
    System.out.printf(
        "input: %,d VMs, %,d dependency edges, %d move groups, plan YAML %,d bytes%n",
        VMS, EDGES, GROUPS, plan.length());

    int runs = 7;
    long[] parse = new long[runs];
    long[] resolve = new long[runs];
    long[] planning = new long[runs];
    long[] total = new long[runs];
    WavePlan result = null;
    // Two warm-up rounds let the JIT compile the hot paths; the measured rounds follow.
    for (int round = -2; round < runs; round++) {
      System.gc();
      resetPeaks();
      long t0 = System.nanoTime();
      ParsedPlan parsed = PlanParser.parse("bench.yaml", plan);
      long t1 = System.nanoTime();
      ResolvedPlan resolved = PlanResolver.resolve(parsed, inventory);
      long t2 = System.nanoTime();
      result = WavePlanner.plan(resolved.plannerInput());
      long t3 = System.nanoTime();
      if (round >= 0) {
        parse[round] = t1 - t0;
        resolve[round] = t2 - t1;
        planning[round] = t3 - t2;
        total[round] = t3 - t0;
      }
    }
    long peak = peakHeap();
    System.out.printf(
        "result: %d waves, %,d VMs placed, %d issues (%s)%n",
        result.waves().size(),
        result.vmCount(),
        result.issues().size(),
        result.hasErrors() ? "with errors" : "no errors");
    java.util.Map<String, Long> byConstraint = new java.util.TreeMap<>();
    result.issues().forEach(i -> byConstraint.merge(i.severity() + " " + i.constraint(), 1L, Long::sum));
    System.out.println("issues by kind: " + byConstraint
        + " (the synthetic environments are random per application, so many VMs need a later"
        + " environment's services and move with it)");
    System.out.println();
    System.out.printf("%-26s %10s %10s%n", "step (median of " + runs + ")", "median", "max");
    row("parse plan YAML", parse);
    row("resolve against inventory", resolve);
    row("wave planning", planning);
    row("total", total);
    System.out.println();
    double planningSeconds = median(planning) / 1e9;
    double totalSeconds = median(total) / 1e9;
    double peakMb = peak / (1024.0 * 1024);
    System.out.printf(
        "wave planning  %.3f s   goal 2 s     ratio %.3f  %s%n",
        planningSeconds, planningSeconds / 2, planningSeconds <= 2 ? "OK" : "OVER");
    System.out.printf(
        "parse+resolve+plan %.3f s goal 2 s   ratio %.3f  %s%n",
        totalSeconds, totalSeconds / 2, totalSeconds <= 2 ? "OK" : "OVER");
    System.out.printf(
        "peak heap      %.0f MB   goal 512 MB  ratio %.3f  %s  (max heap %d MB)%n",
        peakMb,
        peakMb / 512,
        peakMb <= 512 ? "OK" : "OVER",
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  static void row(String name, long[] nanos) {
    System.out.printf(
        "%-26s %8.1f ms %8.1f ms%n",
        name, median(nanos) / 1e6, Arrays.stream(nanos).max().orElse(0) / 1e6);
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks since the last reset: an upper bound of the peak heap. */
  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static String vmName(int i) {
    return String.format("app%04d-vm%05d", i / (VMS / APPS), i);
  }

  static Inventory inventory(Random random) {
    String[] environments = {"dev", "test", "prod"};
    List<Vm> vms = new ArrayList<>();
    for (int i = 0; i < VMS; i++) {
      int app = i / (VMS / APPS);
      int disks = 1 + random.nextInt(3);
      List<Disk> diskList = new ArrayList<>();
      for (int d = 0; d < disks; d++) {
        diskList.add(
            Disk.builder()
                .key(2000 + d)
                .capacityBytes((8 + random.nextInt(500)) * GIB)
                .datastore("datastore-" + (i % 20))
                .fileName("[ds" + (i % 20) + "] " + vmName(i) + "/disk" + d + ".vmdk")
                .backing(Disk.Backing.FLAT)
                .controller(new DiskController(1000, DiskController.Type.PVSCSI, 0, null))
                .unitNumber(d)
                .build());
      }
      vms.add(
          Vm.builder()
              .id("vm-" + (1000 + i))
              .sourceId("vc")
              .name(vmName(i))
              .biosUuid(new java.util.UUID(random.nextLong(), random.nextLong()).toString())
              .inventoryPath("/DC0/vm/app" + app + "/" + vmName(i))
              .folder("/app" + app)
              .cpuCount(2)
              .coresPerSocket(1)
              .memoryMiB(4096L)
              .disks(diskList)
              .nics(
                  List.of(
                      new Nic(
                          4000,
                          "Network adapter 1",
                          "vmxnet3",
                          "00:50:56:00:" + String.format("%02x:%02x", i / 256 % 256, i % 256),
                          "assigned",
                          new Nic.NetworkRef("network-" + (app % 10), "pg-" + (app % 10), Network.Kind.STANDARD, null),
                          true,
                          true)))
              .tags(List.of("environment/" + environments[app % 3], "app/app" + app))
              .build());
    }
    List<dev.convoy.api.inventory.Datastore> datastores = new ArrayList<>();
    for (int d = 0; d < 20; d++) {
      datastores.add(
          new dev.convoy.api.inventory.Datastore(
              "datastore-" + d, "vc", "ds" + d, null, "VMFS", null, null, null, true, null));
    }
    return new Inventory(
        Inventory.SCHEMA_VERSION,
        "2026-01-01T00:00:00Z",
        List.of(new InventorySource("vc", InventorySource.Kind.VSPHERE, "vsphere://vc", null, null, null, null)),
        null,
        null,
        null,
        null,
        datastores,
        vms,
        null);
  }

  static String planYaml(Random random) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        apiVersion: convoy.dev/v1alpha1
        kind: MigrationPlan
        metadata:
          name: bench
        spec:
          source:
            provider:
              inventory:
                file: bench-inventory.yaml
          target:
            namespace: bench
            storageMap:
              - source: "*"
                storageClass: standard
            networkMap:
        """);
    for (int n = 0; n < 10; n++) {
      yaml.append("      - source: pg-").append(n).append("\n        multus:\n          networkName: net-").append(n).append('\n');
    }
    yaml.append("  waves:\n    auto:\n      moveGroups:\n");
    // Every other application is a move group: half by explicit VM list, half by tag.
    for (int g = 0; g < GROUPS; g++) {
      int app = g * 2;
      yaml.append("        - name: group-").append(app).append('\n');
      if (g % 2 == 0) {
        yaml.append("          vms: [");
        for (int k = 0; k < VMS / APPS; k++) {
          yaml.append(k == 0 ? "" : ", ").append(vmName(app * (VMS / APPS) + k));
        }
        yaml.append("]\n");
      } else {
        yaml.append("          tags: [app/app").append(app).append("]\n");
      }
    }
    // Edges point from a VM to VMs of its own or an earlier application: no cycles, as the
    // parser requires, and no cycles through groups either.
    yaml.append("      dependencies:\n");
    java.util.Map<Integer, java.util.TreeSet<Integer>> needs = new java.util.TreeMap<>();
    int edges = 0;
    int perApp = VMS / APPS;
    while (edges < EDGES) {
      int i = 1 + random.nextInt(VMS - 1);
      int app = i / perApp;
      int target;
      if ((app == 0 || random.nextInt(4) == 0) && i % perApp > 0) {
        target = app * perApp + random.nextInt(i % perApp); // an earlier tier of its application
      } else if (app > 0) {
        target = random.nextInt(app) * perApp + random.nextInt(perApp); // a shared service
      } else {
        continue;
      }
      if (needs.computeIfAbsent(i, k -> new java.util.TreeSet<>()).add(target)) {
        edges++;
      }
    }
    needs.forEach(
        (i, targets) -> {
          yaml.append("        - vm: ").append(vmName(i)).append("\n          dependsOn: [");
          boolean first = true;
          for (int target : targets) {
            yaml.append(first ? "" : ", ").append(vmName(target));
            first = false;
          }
          yaml.append("]\n");
        });
    yaml.append("      environmentOrder: [dev, test, prod]\n");
    yaml.append("      priority: [");
    for (int p = 0; p < 20; p++) {
      yaml.append(p == 0 ? "" : ", ").append("group-").append(p * 40);
    }
    yaml.append("]\n");
    yaml.append(
        """
              caps:
                maxVms: 200
                maxProvisionedGiB: 100000
                maxConcurrentDisks: 600
              throughputMiBps: 1200
              perDiskThroughputMiBps: 150
        """);
    return yaml.toString();
  }
}
