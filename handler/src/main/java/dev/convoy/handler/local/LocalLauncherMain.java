package dev.convoy.handler.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.operator.vmi.LauncherSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The launcher container's entry point in the local runtime: turns the arguments the operator
 * renders into the launcher pod ({@code --vmi-namespace --vmi-name --uid --socket-dir
 * --grace-period-seconds}, with the socket directory already mapped to its host path by the local
 * pod runner) and the runner's claim table ({@code CONVOY_VOLUME_CLAIMS}) into the launcher's own
 * command line ({@code dev.convoy.launcher.LauncherMain}): run directory and command socket in the
 * pod's socket emptyDir, {@code --pvc CLAIM=DIR} per claim, the libvirt URI and accelerator the
 * runtime chose ({@code CONVOY_LIBVIRT_URI}, {@code CONVOY_ACCELERATOR}).
 */
public final class LocalLauncherMain {
  private LocalLauncherMain() {}

  public static void main(String[] args) {
    List<String> launcherArgs;
    try {
      launcherArgs = launcherArguments(args, System.getenv());
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("convoy-launcher (local): error: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("convoy-launcher (local): " + String.join(" ", launcherArgs));
    try {
      // Looked up by name, as any container entry point: the launcher's main class.
      Class.forName(LAUNCHER_MAIN)
          .getMethod("main", String[].class)
          .invoke(null, (Object) launcherArgs.toArray(String[]::new));
    } catch (ReflectiveOperationException e) {
      System.err.println("convoy-launcher (local): error: cannot run " + LAUNCHER_MAIN + ": " + e);
      System.exit(1);
    }
  }

  /** The launcher's own entry point in Convoy's jar. */
  static final String LAUNCHER_MAIN = "dev.convoy.launcher.LauncherMain";

  /** The launcher's arguments for the operator's pod arguments and the runner's environment. */
  static List<String> launcherArguments(String[] podArgs, Map<String, String> env)
      throws IOException {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < podArgs.length; i++) {
      String arg = podArgs[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument \"" + arg + "\"");
      }
      if (arg.contains("=")) {
        options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else if (i + 1 < podArgs.length) {
        options.put(arg.substring(2), podArgs[++i]);
      } else {
        throw new IllegalArgumentException(arg + " needs a value");
      }
    }
    String socketDir = options.get("socket-dir");
    if (socketDir == null) {
      throw new IllegalArgumentException("--socket-dir is required");
    }
    List<String> args = new ArrayList<>();
    args.add("--run-dir");
    args.add(socketDir);
    args.add("--socket");
    args.add(socketDir + "/" + LauncherSettings.SOCKET_NAME);
    args.add("--connect");
    args.add(env.getOrDefault("CONVOY_LIBVIRT_URI", "qemu:///system"));
    args.add("--accelerator");
    args.add(env.getOrDefault("CONVOY_ACCELERATOR", "auto"));
    String claims = env.get("CONVOY_VOLUME_CLAIMS");
    if (claims != null && !claims.isBlank()) {
      Map<String, String> byClaim =
          new ObjectMapper().readValue(claims, new TypeReference<Map<String, String>>() {});
      byClaim.forEach(
          (claim, dir) -> {
            args.add("--pvc");
            args.add(claim + "=" + dir);
          });
    }
    return args;
  }
}
