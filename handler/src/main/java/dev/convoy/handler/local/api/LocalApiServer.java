package dev.convoy.handler.local.api;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The local runtime's Kubernetes API: fabric8's mock server in CRUD mode on 127.0.0.1, with the
 * {@link LocalApiDispatcher} (journal, admission, graceful pod deletion, discovery), the CRDs found
 * on the class path under {@code META-INF/fabric8/} registered through the API (so custom resources
 * get their status subresource), the {@code default} namespace, a garbage collector for
 * ownerReferences, and a kubeconfig for kubectl and the CLI.
 *
 * <p>Limits of the mock that remain: no server-side apply, no strategic merge patch (kubectl {@code
 * apply} of an existing built-in object fails with 415; use {@code replace}), no schema validation
 * or defaulting beyond admission, {@code in}/{@code notin} label selectors are ignored, field
 * selectors other than {@code metadata.name} match nothing, no authentication (it listens on the
 * loopback interface only).
 */
public final class LocalApiServer implements AutoCloseable {
  /** The kubeconfig file name inside the data directory. */
  public static final String KUBECONFIG = "kubeconfig";

  /** Held so that its level sticks (java.util.logging keeps loggers weakly). */
  private static final java.util.logging.Logger MOCK_SERVER_LOGGER =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final Path dataDir;
  private final LocalApiDispatcher dispatcher;
  private final ApiJournal journal;
  private final KubernetesMockServer server;
  private final OwnerReferenceCollector collector;
  private final KubernetesClient client;

  private LocalApiServer(
      Path dataDir,
      LocalApiDispatcher dispatcher,
      ApiJournal journal,
      KubernetesMockServer server,
      OwnerReferenceCollector collector,
      KubernetesClient client) {
    this.dataDir = dataDir;
    this.dispatcher = dispatcher;
    this.journal = journal;
    this.server = server;
    this.collector = collector;
    this.client = client;
  }

  /**
   * Starts the server: restores the journaled state under {@code dataDir/api}, listens on
   * 127.0.0.1:{@code port} (0 picks a free port), registers the CRDs, writes the kubeconfig.
   */
  public static LocalApiServer start(Path dataDir, int port, AdmissionHook admission)
      throws IOException {
    Files.createDirectories(dataDir);
    // The mock server logs every request at INFO: noise (and CPU) for a runtime that serves
    // controllers and watches all day.
    MOCK_SERVER_LOGGER.setLevel(java.util.logging.Level.WARNING);
    ApiJournal journal = new ApiJournal(dataDir.resolve("api"));
    LocalApiDispatcher dispatcher = new LocalApiDispatcher(journal);
    dispatcher.restore(journal.load());
    dispatcher.setAdmission(admission);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.start(InetAddress.getLoopbackAddress(), port);
    KubernetesClient client = newClient(server.getPort(), "default");
    OwnerReferenceCollector collector = new OwnerReferenceCollector(dispatcher, 5_000);
    LocalApiServer api =
        new LocalApiServer(dataDir, dispatcher, journal, server, collector, client);
    try {
      api.registerCrds();
      if (client.namespaces().withName("default").get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build())
            .create();
      }
      api.writeKubeconfig();
    } catch (IOException | RuntimeException e) {
      api.close();
      throw e;
    }
    return api;
  }

  /** A client of a local API server on 127.0.0.1:{@code port}. */
  public static KubernetesClient newClient(int port, String namespace) {
    return newClient(port, namespace, null);
  }

  /** A client of a local API server on 127.0.0.1:{@code port} sending {@code token}. */
  public static KubernetesClient newClient(int port, String namespace, String token) {
    ConfigBuilder config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + port + "/")
            .withNamespace(namespace)
            .withHttp2Disable(true)
            .withRequestTimeout(30_000);
    if (token != null) {
      config.withOauthToken(token);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  private void registerCrds() throws IOException {
    for (String yaml : crdDocuments()) {
      CustomResourceDefinition crd =
          yaml.isBlank() ? null : Serialization.unmarshal(yaml, CustomResourceDefinition.class);
      if (crd == null || crd.getMetadata() == null || crd.getSpec() == null) {
        continue; // an empty or foreign document: nothing to register
      }
      CustomResourceDefinition existing =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName())
              .get();
      if (existing == null) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } else if (!existing.getSpec().equals(crd.getSpec())) {
        crd.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.apiextensions().v1().customResourceDefinitions().resource(crd).update();
      }
    }
  }

  /** The CRD YAML documents on the class path, under {@code META-INF/fabric8/}, sorted by name. */
  static List<String> crdDocuments() throws IOException {
    java.util.TreeMap<String, String> documents = new java.util.TreeMap<>();
    ClassLoader loader = LocalApiServer.class.getClassLoader();
    for (URL root : Collections.list(loader.getResources("META-INF/fabric8/"))) {
      if ("file".equals(root.getProtocol())) {
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          for (Path file : files.toList()) {
            if (file.getFileName().toString().endsWith("-v1.yml")) {
              documents.putIfAbsent(file.getFileName().toString(), Files.readString(file));
            }
          }
        } catch (URISyntaxException e) {
          throw new IOException("bad class path entry " + root, e);
        }
      } else if ("jar".equals(root.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (JarEntry entry : Collections.list(jar.entries())) {
            String name = entry.getName();
            if (name.startsWith("META-INF/fabric8/") && name.endsWith("-v1.yml")) {
              try (InputStream in = jar.getInputStream(entry)) {
                documents.putIfAbsent(
                    name.substring(name.lastIndexOf('/') + 1),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
              }
            }
          }
        }
      }
    }
    return new ArrayList<>(documents.values());
  }

  private void writeKubeconfig() throws IOException {
    String kubeconfig =
        """
        # Written by the Convoy local runtime; the server listens on the loopback interface only.
        apiVersion: v1
        kind: Config
        clusters:
        - name: convoy-local
          cluster:
            server: http://127.0.0.1:%d
        users:
        - name: convoy-local
          user:
            token: convoy-local
        contexts:
        - name: convoy-local
          context:
            cluster: convoy-local
            user: convoy-local
            namespace: default
        current-context: convoy-local
        """
            .formatted(server.getPort());
    Path target = kubeconfigPath(dataDir);
    Path tmp = target.resolveSibling(KUBECONFIG + ".tmp");
    Files.writeString(tmp, kubeconfig);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Where the kubeconfig of the runtime with this data directory is written. */
  public static Path kubeconfigPath(Path dataDir) {
    return dataDir.resolve(KUBECONFIG);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The server's base URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** A client for in-process components (namespace {@code default}). */
  public KubernetesClient client() {
    return client;
  }

  /** The dispatcher, for in-process observers and tests. */
  public LocalApiDispatcher dispatcher() {
    return dispatcher;
  }

  /** The garbage collector. */
  public OwnerReferenceCollector collector() {
    return collector;
  }

  @Override
  public void close() {
    collector.close();
    client.close();
    server.shutdown();
    try {
      journal.close();
    } catch (UncheckedIOException e) {
      // the process is stopping; the journal lines were flushed as they were written
    }
  }
}
