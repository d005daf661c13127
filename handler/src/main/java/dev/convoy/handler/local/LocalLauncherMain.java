package dev.convoy.handler.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.launcher.pod.LauncherPodArguments;
import java.io.IOException;
import java.util.ArrayList;
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
    // The same parsing and socket mapping as the launcher image's entry point (PodLauncherMain);
    // only the volumes differ: the local runner hands over its claim table instead of pod mounts.
    List<String> args = new ArrayList<>(LauncherPodArguments.parse(podArgs).launcherArguments(env));
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
