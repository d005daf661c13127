package dev.convoy.launcher.pod;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments the operator renders into the launcher pod's {@code compute} container ({@code
 * --vmi-namespace NS --vmi-name NAME --uid UID --socket-dir DIR --grace-period-seconds N}, each
 * also as {@code --option=value}). Both entry points of the launcher container read them: {@link
 * PodLauncherMain} in a cluster and the local runtime's adapter.
 *
 * @param vmiNamespace the VMI's namespace
 * @param vmiName the VMI's name
 * @param uid the VMI's UID
 * @param socketDir the pod's socket emptyDir, where the command socket {@link #SOCKET_NAME} goes
 * @param gracePeriodSeconds the VMI's terminationGracePeriodSeconds as rendered
 */
public record LauncherPodArguments(
    String vmiNamespace, String vmiName, String uid, Path socketDir, long gracePeriodSeconds) {

  /** The command socket's file name in {@link #socketDir}, as in KubeVirt. */
  public static final String SOCKET_NAME = "launcher-sock";

  /** The options, in the order the operator renders them. */
  public static final List<String> OPTIONS =
      List.of("vmi-namespace", "vmi-name", "uid", "socket-dir", "grace-period-seconds");

  /** The command socket: {@code socketDir/launcher-sock}. */
  public Path commandSocket() {
    return socketDir.resolve(SOCKET_NAME);
  }

  /**
   * The part of the launcher's command line ({@code dev.convoy.launcher.LauncherMain}) that every
   * runtime shares: run directory and command socket in the pod's socket directory, so the node
   * agent finds both; the libvirt URI ({@code CONVOY_LIBVIRT_URI}, default {@code qemu:///system})
   * and the accelerator ({@code CONVOY_ACCELERATOR}, default {@code auto}) from the container's
   * environment.
   */
  public List<String> launcherArguments(Map<String, String> env) {
    List<String> args = new ArrayList<>();
    args.add("--run-dir");
    args.add(socketDir.toString());
    args.add("--socket");
    args.add(commandSocket().toString());
    args.add("--connect");
    args.add(nonBlank(env.get("CONVOY_LIBVIRT_URI"), "qemu:///system"));
    args.add("--accelerator");
    args.add(nonBlank(env.get("CONVOY_ACCELERATOR"), "auto"));
    return args;
  }

  private static String nonBlank(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * Parses the pod's arguments.
   *
   * @throws IllegalArgumentException naming the argument that is unknown, missing or malformed
   */
  public static LauncherPodArguments parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\"");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option --" + name + "; known: --" + String.join(", --", OPTIONS));
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (values.put(name, value) != null) {
        throw new IllegalArgumentException("--" + name + " is given twice");
      }
    }
    for (String name : OPTIONS) {
      String value = values.get(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
    }
    long grace;
    try {
      grace = Long.parseLong(values.get("grace-period-seconds"));
    } catch (NumberFormatException e) {
      grace = -1;
    }
    if (grace < 0) {
      throw new IllegalArgumentException(
          "--grace-period-seconds: \""
              + values.get("grace-period-seconds")
              + "\" is not a whole number of seconds >= 0");
    }
    Path socketDir = Path.of(values.get("socket-dir"));
    if (!socketDir.isAbsolute()) {
      throw new IllegalArgumentException(
          "--socket-dir: \"" + socketDir + "\" is not an absolute path");
    }
    return new LauncherPodArguments(
        values.get("vmi-namespace"), values.get("vmi-name"), values.get("uid"), socketDir, grace);
  }
}
