package dev.convoy.operator.testing;

import dev.convoy.kubemock.testing.CrudMockServer;
import dev.convoy.kubemock.testing.LeaseRules;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fabric8 mock API server in CRUD mode with Convoy's CRDs registered the way a cluster gets
 * them (created through the client from the generated YAML, so the mock knows which kinds have a
 * status subresource). Remember what it does not do: no server-side apply, no garbage collection,
 * no schema validation, no admission, and {@code in}/{@code notin} label selectors are ignored.
 */
public final class MockKube implements AutoCloseable {

  /** The generated CRDs the api module ships in its jar. */
  public static final List<String> CRDS =
      List.of(
          "META-INF/fabric8/virtualmachines.kubevirt.io-v1.yml",
          "META-INF/fabric8/virtualmachineinstances.kubevirt.io-v1.yml");

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockKube(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /** Starts a server on a free loopback port and registers the CRDs. */
  public static MockKube start() {
    KubernetesMockServer server = CrudMockServer.start("mock-watch-close");
    // JOSDK's leader election asks a SelfSubjectRulesReview before it takes a Lease.
    LeaseRules.grant(server);
    KubernetesClient client = server.createClient();
    for (String crd : CRDS) {
      try (InputStream in = MockKube.class.getClassLoader().getResourceAsStream(crd)) {
        if (in == null) {
          throw new IllegalStateException(crd + " is not on the test classpath (convoy-api jar)");
        }
        client
            .resource(
                client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
            .create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new MockKube(server, client);
  }

  /** A client of the server (not closed by the operator). */
  public KubernetesClient client() {
    return client;
  }

  /** A second client, as a separate process (a CLI, a node agent) would have. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** A second client built with extra settings (interceptors, for fault injection). */
  public KubernetesClient newClient(
      java.util.function.Consumer<io.fabric8.kubernetes.client.KubernetesClientBuilder>
          customizer) {
    return server.createClient(customizer);
  }

  /** Creates a fresh namespace named after {@code prefix}. */
  public String namespace(String prefix) {
    String name = (prefix + "-" + NAMESPACES.incrementAndGet()).toLowerCase();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
