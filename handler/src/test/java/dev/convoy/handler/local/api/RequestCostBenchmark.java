package dev.convoy.handler.local.api;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Benchmark (not a test): the cost of one request for one named object with many objects stored, on
 * the plain fabric8 mock (CRUD mode, scans every stored object per request) and on Convoy's local
 * API server (named-object index), side by side in one run. Sequential requests from one client, so
 * the time per request is the server's latency including the HTTP round trip. Run it with {@code
 * handler/bench/request-cost.sh [stored objects]}.
 *
 * <p>It also times the server's own work without HTTP: the local dispatcher's indexed GET and
 * {@code findResource} against the mock's scan (the code it replaces) on the same stored objects.
 */
public final class RequestCostBenchmark {
  private static final int REQUESTS = 1000;

  public static void main(String[] args) throws Exception {
    int stored = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Path bench = Path.of(System.getProperty("convoy.root", ".")).resolve("build/bench");
    Files.createDirectories(bench);
    Path dataDir = Files.createTempDirectory(bench, "request-cost-");

    KubernetesMockServer mock =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    mock.init(InetAddress.getLoopbackAddress(), 0);
    Map<String, double[]> mockCost;
    try (KubernetesClient client = mock.createClient()) {
      mockCost = measure(client, stored);
    } finally {
      mock.destroy();
    }
    Map<String, double[]> localCost;
    double[] inProcess;
    try (LocalApiServer local = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE)) {
      localCost = measure(local.client(), stored);
      inProcess = inProcess(local.dispatcher(), stored);
    }

    System.out.printf(
        "%nPer-request cost with %,d ConfigMaps stored (%d sequential requests each, ms per request;"
            + " load average %.1f on %d cores)%n",
        stored,
        REQUESTS,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf("  %-34s %14s %18s %8s%n", "", "fabric8 mock", "Convoy local API", "ratio");
    for (String op : mockCost.keySet()) {
      double before = mockCost.get(op)[0];
      double after = localCost.get(op)[0];
      System.out.printf("  %-34s %14.2f %18.2f %7.1fx%n", op, before, after, before / after);
    }
    System.out.printf(
        "%nIn-process, no HTTP (the same %,d objects; microseconds per call):%n", stored);
    System.out.printf("  %-34s %14s %18s %8s%n", "", "mock's scan", "index", "ratio");
    System.out.printf(
        "  %-34s %14.1f %18.1f %7.0fx%n",
        "GET one by name (handleGet)", inProcess[0], inProcess[1], inProcess[0] / inProcess[1]);
    System.out.printf(
        "  %-34s %14.1f %18.1f %7.0fx%n",
        "findResource (PUT/PATCH/POST/DELETE)",
        inProcess[2],
        inProcess[3],
        inProcess[2] / inProcess[3]);
    System.exit(0);
  }

  /** Scan vs index on the local dispatcher, same paths: µs per call. */
  private static double[] inProcess(LocalApiDispatcher dispatcher, int stored) {
    String[] paths = new String[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      paths[i] = "/api/v1/namespaces/bench/configmaps/" + name(i * 13 % stored);
    }
    double[] result = new double[4];
    for (int round = 0; round < 2; round++) { // the first round warms up
      result[0] =
          micros(
              () -> {
                for (String path : paths) {
                  check(dispatcher.scanGet(path).getStatus());
                }
              });
      result[1] =
          micros(
              () -> {
                for (String path : paths) {
                  check(dispatcher.handleGet(path).getStatus());
                }
              });
      result[2] =
          micros(
              () -> {
                for (String path : paths) {
                  check(dispatcher.scanResource(dispatcher.getKey(path)));
                }
              });
      result[3] =
          micros(
              () -> {
                for (String path : paths) {
                  check(dispatcher.findResource(dispatcher.getKey(path)));
                }
              });
    }
    return result;
  }

  private static void check(Object found) {
    if (found == null || (found instanceof String status && !status.contains("200"))) {
      throw new IllegalStateException("a stored object was not found: " + found);
    }
  }

  private static double micros(Runnable calls) {
    long start = System.nanoTime();
    calls.run();
    return (System.nanoTime() - start) / 1e3 / REQUESTS;
  }

  /** Fills the server, then times each kind of request; ms per request by operation. */
  private static Map<String, double[]> measure(KubernetesClient client, int stored) {
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
        .create();
    var maps = client.configMaps().inNamespace("bench");
    Map<String, double[]> cost = new java.util.LinkedHashMap<>();
    cost.put(
        "create (POST, existence check)", time(stored, i -> maps.resource(configMap(i)).create()));
    // warm-up of the paths measured below
    for (int i = 0; i < 200; i++) {
      maps.withName(name(i)).get();
    }
    cost.put("GET one by name", time(REQUESTS, i -> maps.withName(name(i * 3 % stored)).get()));
    cost.put("GET a missing name (404)", time(REQUESTS, i -> maps.withName("absent-" + i).get()));
    cost.put(
        "merge PATCH",
        time(
            REQUESTS,
            i ->
                maps.withName(name(i * 7 % stored))
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\"n\":\"" + i + "\"}}")));
    cost.put(
        "PUT (update)",
        time(
            REQUESTS,
            i -> {
              ConfigMap current = maps.withName(name(i * 11 % stored)).get();
              current.getData().put("u", Integer.toString(i));
              maps.resource(current).update();
            }));
    // the PUT row includes its GET: report the PUT alone
    cost.get("PUT (update)")[0] -= cost.get("GET one by name")[0];
    cost.put("list all (scan in both)", time(50, i -> maps.list()));
    return cost;
  }

  private static double[] time(int count, IntConsumer request) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      request.accept(i);
    }
    return new double[] {(System.nanoTime() - start) / 1e6 / count};
  }

  private static String name(int i) {
    return String.format("cm-%05d", i);
  }

  private static ConfigMap configMap(int i) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(i))
        .withLabels(Map.of("app", "bench", "index", Integer.toString(i)))
        .endMetadata()
        .addToData("k", "v")
        .build();
  }
}
