package dev.convoy.operator;

import dev.convoy.operator.vmi.LauncherSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings. Each has an environment variable ({@code CONVOY_LAUNCHER_IMAGE}) and an
 * argument ({@code --launcher-image=...}); the argument wins.
 *
 * @param namespaces namespaces to watch; empty means all
 * @param launcher how launcher pods are rendered
 * @param reconcileThreads concurrent reconciliations per operator
 * @param leaderElection whether to take a Lease before reconciling (needed with more than one
 *     replica)
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace (default: the pod's namespace, from {@code
 *     POD_NAMESPACE})
 * @param opsPort port of /metrics, /healthz, /readyz (0: any free port; -1: off)
 * @param webhookPort HTTPS port of the admission webhooks (-1: off)
 * @param tlsDir directory with tls.crt and tls.key (PKCS#8) for the webhooks
 * @param privilegedUsers usernames that may change a VMI spec (Convoy's own service accounts)
 * @param nodeHeartbeatTimeoutSeconds after how long without a node agent heartbeat a node is
 *     unresponsive (KubeVirt: 5 minutes); 0 turns the node check off
 */
public record OperatorConfig(
    Set<String> namespaces,
    LauncherSettings launcher,
    int reconcileThreads,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    int leaseSeconds,
    int opsPort,
    int webhookPort,
    Path tlsDir,
    Set<String> privilegedUsers,
    int nodeHeartbeatTimeoutSeconds) {

  /** A setting could not be understood; the message names it. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }

  /** Settings for tests and the benchmark: all namespaces, no leader election, no ports. */
  public static OperatorConfig forTests(LauncherSettings launcher) {
    return new OperatorConfig(
        Set.of(), launcher, 16, false, "convoy-operator", null, 15, -1, -1, null, Set.of(), 0);
  }

  private static final List<String> KEYS =
      List.of(
          "namespaces",
          "launcher-image",
          "launcher-image-pull-policy",
          "launcher-command",
          "launcher-socket-dir",
          "launcher-overhead-mib",
          "kvm",
          "reconcile-threads",
          "leader-election",
          "lease-name",
          "lease-namespace",
          "lease-seconds",
          "ops-port",
          "webhook-port",
          "tls-dir",
          "privileged-users",
          "node-heartbeat-timeout-seconds");

  /** Reads the settings from {@code env} and {@code args} ({@code --key=value}). */
  public static OperatorConfig parse(Map<String, String> env, String... args)
      throws ConfigException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : KEYS) {
      String envName = "CONVOY_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
      if (env.get(envName) != null && !env.get(envName).isBlank()) {
        values.put(key, env.get(envName).trim());
      }
    }
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new ConfigException(
            "argument \"" + arg + "\": expected --key=value with key one of " + KEYS);
      }
      String key = arg.substring(2, arg.indexOf('='));
      if (!KEYS.contains(key)) {
        throw new ConfigException("unknown argument --" + key + "; known: " + KEYS);
      }
      values.put(key, arg.substring(arg.indexOf('=') + 1).trim());
    }
    LauncherSettings.KvmAccess kvm =
        switch (values.getOrDefault("kvm", "device-plugin")) {
          case "device-plugin" -> LauncherSettings.KvmAccess.DEVICE_PLUGIN;
          case "host-path" -> LauncherSettings.KvmAccess.HOST_PATH;
          case "emulation" -> LauncherSettings.KvmAccess.EMULATION;
          default ->
              throw new ConfigException(
                  "kvm: \""
                      + values.get("kvm")
                      + "\" is not one of device-plugin, host-path, emulation");
        };
    String command = values.get("launcher-command");
    LauncherSettings launcher =
        new LauncherSettings(
            values.getOrDefault("launcher-image", LauncherSettings.DEFAULT_IMAGE),
            values.get("launcher-image-pull-policy"),
            command == null ? List.of() : Arrays.asList(command.split("\\s+")),
            values.getOrDefault("launcher-socket-dir", LauncherSettings.DEFAULT_SOCKET_DIR),
            kvm,
            integer(
                values,
                "launcher-overhead-mib",
                (int) LauncherSettings.DEFAULT_FIXED_OVERHEAD_MIB));
    String leader = values.getOrDefault("leader-election", "true");
    if (!leader.equals("true") && !leader.equals("false")) {
      throw new ConfigException("leader-election: \"" + leader + "\" is not true or false");
    }
    int threads = integer(values, "reconcile-threads", 20);
    if (threads < 1) {
      throw new ConfigException("reconcile-threads: must be at least 1, got " + threads);
    }
    return new OperatorConfig(
        set(values.get("namespaces")),
        launcher,
        threads,
        Boolean.parseBoolean(leader),
        values.getOrDefault("lease-name", "convoy-operator"),
        values.getOrDefault("lease-namespace", env.get("POD_NAMESPACE")),
        leaseSeconds(values),
        integer(values, "ops-port", 8080),
        integer(values, "webhook-port", 8443),
        Path.of(values.getOrDefault("tls-dir", "/etc/convoy/tls")),
        set(values.get("privileged-users")),
        heartbeatTimeout(values));
  }

  private static int heartbeatTimeout(Map<String, String> values) throws ConfigException {
    int seconds = integer(values, "node-heartbeat-timeout-seconds", 300);
    if (seconds < 0) {
      throw new ConfigException(
          "node-heartbeat-timeout-seconds: must be 0 (off) or more, got " + seconds);
    }
    return seconds;
  }

  private static int leaseSeconds(Map<String, String> values) throws ConfigException {
    int seconds = integer(values, "lease-seconds", 15);
    if (seconds < 3) {
      throw new ConfigException("lease-seconds: must be at least 3, got " + seconds);
    }
    return seconds;
  }

  /** A copy with leader election on, for the Lease {@code namespace/name}. */
  public OperatorConfig withLeaderElection(String namespace, String name, int seconds) {
    return new OperatorConfig(
        namespaces,
        launcher,
        reconcileThreads,
        true,
        name,
        namespace,
        seconds,
        opsPort,
        webhookPort,
        tlsDir,
        privilegedUsers,
        nodeHeartbeatTimeoutSeconds);
  }

  private static Set<String> set(String csv) {
    if (csv == null || csv.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(csv.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  private static int integer(Map<String, String> values, String key, int fallback)
      throws ConfigException {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": \"" + v + "\" is not a whole number");
    }
  }
}
