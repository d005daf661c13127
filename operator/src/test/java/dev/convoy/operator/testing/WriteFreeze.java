package dev.convoy.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * TEST FAULT INJECTION: a client whose writes can be cut at any moment, as if its process died
 * between two API calls. Once {@link #freeze()} is called every non-GET request goes to a closed
 * port and fails; reads and watches keep working so the client can still be shut down cleanly.
 */
public final class WriteFreeze {

  private final AtomicBoolean frozen = new AtomicBoolean();

  /** A client of {@code kube} subject to this freeze. */
  public KubernetesClient client(MockKube kube) {
    return kube.newClient(
        b ->
            b.withHttpClientBuilderConsumer(
                h ->
                    h.addOrReplaceInterceptor(
                        "write-freeze",
                        new Interceptor() {
                          @Override
                          public void before(
                              BasicBuilder builder, HttpRequest request, RequestTags tags) {
                            if (frozen.get() && !"GET".equals(request.method())) {
                              builder.uri(URI.create("http://127.0.0.1:1/frozen"));
                            }
                          }
                        })));
  }

  /** From now on, writes fail. */
  public void freeze() {
    frozen.set(true);
  }
}
