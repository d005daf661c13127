package dev.convoy.operator;

import dev.convoy.operator.admission.Admission;
import dev.convoy.operator.admission.TlsContexts;
import dev.convoy.operator.admission.WebhookServer;
import dev.convoy.operator.ops.OpsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process (the image's entrypoint): the VirtualMachine and VirtualMachineInstance
 * controllers, the admission webhooks over HTTPS when a certificate is mounted, and /metrics,
 * /healthz, /readyz. Settings come from {@code CONVOY_*} environment variables and {@code
 * --key=value} arguments ({@link OperatorConfig}); the Kubernetes connection from the in-cluster
 * service account or a kubeconfig, as fabric8 finds them. Logs are JSON lines.
 *
 * <p>Exit codes: 0 after a normal shutdown, 2 for a bad setting, 1 when start-up failed.
 */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) {
    avoidThreadPerTask();
    configureLogging();
    OperatorConfig config;
    try {
      config = OperatorConfig.parse(System.getenv(), args);
    } catch (OperatorConfig.ConfigException e) {
      System.err.println("convoy-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    try {
      run(config, log);
    } catch (Exception e) {
      log.error("convoy-operator failed to start: {}", e.toString(), e);
      System.exit(1);
    }
  }

  private static void run(OperatorConfig config, Logger log)
      throws IOException, GeneralSecurityException, InterruptedException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    ConvoyOperator operator =
        ConvoyOperator.start(
            client,
            config,
            Clock.systemUTC(),
            () -> {
              // Another replica may lead now: stop at once rather than reconcile beside it.
              log.error("lost the leader Lease {}; exiting", config.leaseName());
              new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
            });
    OpsServer ops =
        config.opsPort() < 0
            ? null
            : new OpsServer(
                config.opsPort(), operator.metrics(), operator::isLive, operator::isReady);
    WebhookServer webhook = null;
    Path crt = config.tlsDir() == null ? null : config.tlsDir().resolve("tls.crt");
    Path key = config.tlsDir() == null ? null : config.tlsDir().resolve("tls.key");
    if (config.webhookPort() >= 0 && crt != null && Files.exists(crt) && Files.exists(key)) {
      webhook =
          new WebhookServer(
              config.webhookPort(),
              TlsContexts.fromPem(crt, key),
              new Admission(config.privilegedUsers()));
      log.info("admission webhooks on https port {}", webhook.port());
    } else if (config.webhookPort() >= 0) {
      log.warn("no {} / {}: admission webhooks are off", crt, key);
    }
    log.info(
        "convoy-operator started: namespaces={}, launcher image {}, kvm {}, leader election {}",
        config.namespaces().isEmpty() ? "all" : config.namespaces(),
        config.launcher().image(),
        config.launcher().kvm(),
        config.leaderElection());
    CountDownLatch stopped = new CountDownLatch(1);
    WebhookServer webhookToClose = webhook;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  if (webhookToClose != null) {
                    webhookToClose.close();
                  }
                  if (ops != null) {
                    ops.close();
                  }
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  private static final String COMMON_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * With 2 CPUs or fewer (a small node, or a container CPU limit) the common ForkJoinPool gets
   * parallelism 1, and CompletableFuture's async stages then start a new thread for every task. The
   * fabric8 client completes every response through such stages: under load that is thousands of
   * short-lived threads a minute. Two common-pool workers avoid it. Must run before anything
   * touches the common pool; an explicit -D setting wins.
   */
  static void avoidThreadPerTask() {
    if (System.getProperty(COMMON_PARALLELISM) == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_PARALLELISM, "2");
    }
  }

  /** JSON-lines logging unless -Djava.util.logging.config.file says otherwise. */
  static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in =
        OperatorMain.class.getResourceAsStream("/convoy-operator-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("convoy-operator: default logging configuration unreadable: " + e);
    }
  }
}
