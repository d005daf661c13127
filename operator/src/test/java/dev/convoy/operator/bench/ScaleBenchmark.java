package dev.convoy.operator.bench;

import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.OperatorMain;
import dev.convoy.operator.admission.Admission;
import dev.convoy.operator.testing.FakeKubelet;
import dev.convoy.operator.testing.FakeNodeAgent;
import dev.convoy.operator.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scale benchmark (not a test): N VirtualMachines with runStrategy Always created at once against
 * the fabric8 mock API server; the operator runs as its own JVM ({@link OperatorMain}, -Xmx512m) so
 * its heap is measured alone. Run it with {@code operator/bench/scale.sh [N]}.
 *
 * <p>This JVM holds the mock API server and two TEST DOUBLES that are not Convoy code: a fake
 * kubelet (binds every launcher pod to a node and reports it Running and Ready) and a fake node
 * agent (moves every Scheduled VMI to Running). The run ends when every VM is Running and Ready,
 * with exactly one Running VMI and one Ready launcher pod each. Prints the time, the operator's
 * heap (live after a GC, and the peak sampled during the run) and the goals.
 */
public final class ScaleBenchmark {

  private static final Admission ADMISSION = new Admission(java.util.Set.of());
  private static final Duration TIME_GOAL = Duration.ofSeconds(30);
  private static final long HEAP_GOAL = 512L * 1024 * 1024;

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path work = Path.of(System.getProperty("convoy.root", ".")).resolve("build/bench");
    Files.createDirectories(work);
    Path log = work.resolve("operator.log");

    try (BenchApi kube = BenchApi.start()) {
      KubernetesClient client = kube.client();
      String master = client.getConfiguration().getMasterUrl();
      int opsPort = freePort();
      Process operator = startOperator(master, opsPort, log);
      try {
        awaitReady(opsPort, operator);
        String ns = kube.namespace("scale");
        try (FakeKubelet kubelet = new FakeKubelet(kube.newClient(), "node-1");
            FakeNodeAgent agent = new FakeNodeAgent(kube.newClient(), "node-1")) {
          HeapSampler sampler = new HeapSampler(opsPort);
          sampler.start();
          long t0 = System.nanoTime();
          createAll(client, ns, count);
          long created = System.nanoTime();
          // Cheap progress polling through the operator's metrics (listing 1,000 objects a second
          // would load the
          // mock server as much as the operator does); the end state is then verified by listing.
          awaitMetric(
              opsPort,
              "convoy_virtualmachines{printable_status=\"Running\"}",
              count,
              Duration.ofMinutes(5));
          String state = awaitConsistent(client, ns, count, Duration.ofMinutes(5));
          long done = System.nanoTime();
          sampler.stop();
          java.time.Duration operatorCpu =
              operator.info().totalCpuDuration().orElse(java.time.Duration.ZERO);
          long driverCpu =
              ((com.sun.management.OperatingSystemMXBean)
                      java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime();
          long live = liveHeap(operator.pid(), opsPort);
          Map<String, Long> metrics = scrape(opsPort);

          Duration total = Duration.ofNanos(done - t0);
          System.out.println();
          System.out.println(
              "Convoy operator scale benchmark (" + kube.name() + ", fake kubelet + node agent)");
          System.out.printf("  VirtualMachines (runStrategy Always)   %d%n", count);
          System.out.printf("  end state                              %s%n", state);
          System.out.printf(
              "  creating the VMs (client side)         %.1f s%n", (created - t0) / 1e9);
          System.out.printf(
              "  create -> all Running and consistent   %.1f s   goal <= %d s   %s%n",
              total.toMillis() / 1000.0,
              TIME_GOAL.getSeconds(),
              total.compareTo(TIME_GOAL) <= 0 ? "met" : "MISSED");
          System.out.printf(
              "  operator heap, live after GC           %d MiB   goal <= %d MiB   %s%n",
              live >> 20, HEAP_GOAL >> 20, live <= HEAP_GOAL ? "met" : "MISSED");
          System.out.printf(
              "  operator heap, peak sampled (incl. garbage)  %d MiB (-Xmx512m)%n",
              sampler.peak() >> 20);
          System.out.printf(
              "  CPU: operator JVM %.1f s (start-up included); mock API server + fakes + driver JVM %.1f s%n",
              operatorCpu.toMillis() / 1000.0, driverCpu / 1e9);
          System.out.printf(
              "  load average at the end: %.1f on %d cores (other work shares this machine)%n",
              java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                  .getSystemLoadAverage(),
              Runtime.getRuntime().availableProcessors());
          System.out.printf(
              "  reconciliations: VM %d, VMI %d; errors %d%n",
              metrics.getOrDefault(
                  "convoy_reconciliations_total{controller=\"virtualmachine\"}", 0L),
              metrics.getOrDefault(
                  "convoy_reconciliations_total{controller=\"virtualmachineinstance\"}", 0L),
              metrics.entrySet().stream()
                  .filter(e -> e.getKey().startsWith("convoy_reconciliation_errors_total"))
                  .mapToLong(Map.Entry::getValue)
                  .sum());
          metrics.entrySet().stream()
              .filter(e -> e.getKey().startsWith("convoy_api_requests_total"))
              .sorted(Map.Entry.comparingByKey())
              .forEach(
                  e ->
                      System.out.printf(
                          "  %-70s %d%n",
                          e.getKey().substring("convoy_api_requests_total".length()),
                          e.getValue()));
          System.out.println("  operator log: " + log);
        }
      } finally {
        operator.destroy();
        if (!operator.waitFor(20, TimeUnit.SECONDS)) {
          operator.destroyForcibly();
        }
      }
    }
    System.exit(0);
  }

  private static Process startOperator(String master, int opsPort, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx512m",
            System.getProperty("bench.operatorJvmArg", "-Dunused=1"),
            "-cp",
            System.getProperty("java.class.path"),
            "-Dkubernetes.master=" + master,
            "-Dkubernetes.auth.tryKubeConfig=false",
            "-Dkubernetes.auth.tryServiceAccount=false",
            "-Dkubernetes.namespace=default",
            OperatorMain.class.getName(),
            "--ops-port=" + opsPort,
            "--webhook-port=-1",
            "--leader-election=false",
            "--reconcile-threads=" + System.getProperty("bench.reconcileThreads", "20"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void awaitReady(int port, Process operator) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited with " + operator.exitValue());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException("the operator did not become ready within 60 s");
  }

  private static void createAll(KubernetesClient client, String ns, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Admitted as the API server would (the mock runs no webhooks): the same mutating code as the
      // webhook.
      VirtualMachine vm = ADMISSION.mutate(Fixtures.vm(ns, String.format("vm-%04d", i), "Always"));
      futures.add(pool.submit(() -> client.resource(vm).create()));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
  }

  private static void awaitMetric(int port, String series, long value, Duration max)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (scrape(port).getOrDefault(series, 0L) >= value) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new IllegalStateException(series + " did not reach " + value + " within " + max);
  }

  /** Waits for the consistent end state and describes it. */
  private static String awaitConsistent(KubernetesClient client, String ns, int count, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      List<VirtualMachine> vms =
          client.resources(VirtualMachine.class).inNamespace(ns).list().getItems();
      long running =
          vms.stream()
              .filter(
                  v ->
                      v.getStatus() != null && "Running".equals(v.getStatus().getPrintableStatus()))
              .filter(v -> Boolean.TRUE.equals(v.getStatus().getReady()))
              .count();
      if (running == count) {
        List<VirtualMachineInstance> vmis =
            client.resources(VirtualMachineInstance.class).inNamespace(ns).list().getItems();
        List<Pod> pods = client.pods().inNamespace(ns).list().getItems();
        long vmisRunning =
            vmis.stream().filter(v -> "Running".equals(v.getStatus().getPhase())).count();
        Map<String, Long> podsPerVmi =
            pods.stream()
                .collect(
                    Collectors.groupingBy(
                        p -> p.getMetadata().getLabels().get(Labels.CREATED_BY),
                        Collectors.counting()));
        boolean onePodEach =
            podsPerVmi.size() == count && podsPerVmi.values().stream().allMatch(n -> n == 1);
        if (vmis.size() == count && vmisRunning == count && pods.size() == count && onePodEach) {
          return String.format(
              "%d VMs Running+Ready, %d VMIs Running, %d launcher pods (one per VMI)",
              running, vmisRunning, pods.size());
        }
        last =
            String.format("VMIs %d (Running %d), pods %d", vmis.size(), vmisRunning, pods.size());
      } else {
        last = "VMs Running " + running + "/" + count;
      }
      TimeUnit.MILLISECONDS.sleep(1000); // listing 1,000 objects is not free for the mock
    }
    throw new IllegalStateException("not consistent within " + max + ": " + last);
  }

  private static long liveHeap(long pid, int opsPort) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process gc =
        new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    gc.waitFor(30, TimeUnit.SECONDS);
    return scrape(opsPort).getOrDefault("jvm_memory_heap_used_bytes", -1L);
  }

  /** One client for all scrapes (a new one per scrape would start threads each time). */
  private static final HttpClient SCRAPER = HttpClient.newHttpClient();

  static Map<String, Long> scrape(int port) throws Exception {
    HttpResponse<String> r =
        SCRAPER.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, Long> out = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      out.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Samples the operator's heap in use every 200 ms. */
  private static final class HeapSampler {
    private final int port;
    private volatile boolean running = true;
    private volatile long peak;
    private Thread thread;

    HeapSampler(int port) {
      this.port = port;
    }

    void start() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  try {
                    long used = scrape(port).getOrDefault("jvm_memory_heap_used_bytes", 0L);
                    peak = Math.max(peak, used);
                    TimeUnit.MILLISECONDS.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    // a missed sample
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.interrupt();
      thread.join(2000);
    }

    long peak() {
      return peak;
    }
  }
}
