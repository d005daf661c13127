package dev.convoy.handler.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A container main for local-pod tests: prints its arguments and two environment variables, creates
 * a readiness file, then waits; exits with a code on request, and on SIGTERM exits 0 unless told to
 * ignore it (to exercise the SIGKILL after the grace period).
 *
 * <p>Arguments: {@code --ready-file PATH}, {@code --exit-after-ms N}, {@code --exit-code C}, {@code
 * --ignore-term}.
 */
public final class TestContainer {
  private TestContainer() {}

  @SuppressWarnings("removal")
  public static void main(String[] args) throws Exception {
    System.out.println("args: " + String.join(" ", args));
    System.out.println("CONVOY_VOLUME_MOUNTS=" + System.getenv("CONVOY_VOLUME_MOUNTS"));
    System.out.println("POD_NAME=" + System.getenv("POD_NAME"));
    System.out.println("GREETING=" + System.getenv("GREETING"));
    long exitAfter = -1;
    int exitCode = 0;
    boolean ignoreTerm = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--ready-file" -> Files.writeString(Path.of(args[++i]), "ready");
        case "--exit-after-ms" -> exitAfter = Long.parseLong(args[++i]);
        case "--exit-code" -> exitCode = Integer.parseInt(args[++i]);
        case "--ignore-term" -> ignoreTerm = true;
        default -> {}
      }
    }
    if (ignoreTerm) {
      sun.misc.Signal.handle(
          new sun.misc.Signal("TERM"), signal -> System.out.println("ignoring SIGTERM"));
    } else {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("terminating")));
    }
    System.out.flush();
    if (exitAfter >= 0) {
      Thread.sleep(exitAfter);
      System.exit(exitCode);
    }
    new CountDownLatch(1).await();
  }
}
