package dev.convoy.operator.bench;

import dev.convoy.operator.testing.MockKube;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.function.Supplier;

/**
 * The API server {@link ScaleBenchmark} runs against: the plain fabric8 mock ({@link MockKube}) by
 * default, or with {@code -Dbench.apiServer=<class>} another server started by that class's no-arg
 * constructor. The class implements {@code Supplier<KubernetesClient>} (a client of the server, its
 * CRDs registered) and {@code AutoCloseable} (stops it); it lives in a module that depends on the
 * operator, e.g. the handler's local API server ({@code handler/bench/scale-local.sh}).
 */
final class BenchApi implements AutoCloseable {
  private final String name;
  private final KubernetesClient client;
  private final Supplier<KubernetesClient> clients;
  private final AutoCloseable server;
  private int namespaces;

  private BenchApi(
      String name,
      KubernetesClient client,
      Supplier<KubernetesClient> clients,
      AutoCloseable server) {
    this.name = name;
    this.client = client;
    this.clients = clients;
    this.server = server;
  }

  static BenchApi start() throws Exception {
    String type = System.getProperty("bench.apiServer", "");
    if (type.isEmpty()) {
      MockKube kube = MockKube.start();
      return new BenchApi("fabric8 mock API server", kube.client(), kube::newClient, kube);
    }
    Object started = Class.forName(type).getConstructor().newInstance();
    if (!(started instanceof Supplier<?> supplier) || !(started instanceof AutoCloseable closer)) {
      throw new IllegalArgumentException(
          "-Dbench.apiServer=" + type + ": not a Supplier<KubernetesClient> and AutoCloseable");
    }
    KubernetesClient client = (KubernetesClient) supplier.get();
    return new BenchApi(
        type.substring(type.lastIndexOf('.') + 1),
        client,
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        closer);
  }

  /** What the report calls the server. */
  String name() {
    return name;
  }

  KubernetesClient client() {
    return client;
  }

  /** A second client, as a separate process would have. */
  KubernetesClient newClient() {
    return clients.get();
  }

  /** Creates a fresh namespace named after {@code prefix}. */
  String namespace(String prefix) {
    String ns = (prefix + "-" + ++namespaces).toLowerCase();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
