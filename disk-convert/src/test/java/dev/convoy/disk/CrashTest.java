package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.disk.target.ReadyMarker;
import dev.convoy.disk.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills conversions with SIGKILL at random points and checks that a ready marker only ever
 * describes a complete, correct disk, and that a rerun converges. Each run is a separate JVM
 * running {@link DiskConvertMain}; some runs kill the qemu-img child first, the rest the JVM.
 */
class CrashTest {
  private static final int RUNS = 20;
  private static final java.util.regex.Pattern TOTAL =
      java.util.regex.Pattern.compile("total=([0-9.]+)");

  @TempDir Path work;

  @Test
  void killedConversionsNeverLeaveAWrongReadyDisk() throws Exception {
    // A small image keeps each run short; the phases a kill can hit are the same at any size.
    Path raw = TestImages.sparseRaw(work.resolve("guest.raw"), 16L << 20, 3);
    String expected = sha256(raw);
    Path source = TestImages.vmdk(raw, work.resolve("guest.vmdk"), "monolithicSparse");
    Path target = Files.createDirectory(work.resolve("pvc"));
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");

    // One undisturbed run measures JVM start-up and the conversion itself, so the kills can be
    // spread over the conversion's phases rather than mostly hit the JVM starting.
    long start = System.nanoTime();
    Path cleanLog = work.resolve("clean.log");
    Process clean = start(java, classpath, source, target, true, cleanLog);
    assertThat(clean.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(clean.exitValue()).as(Files.readString(cleanLog)).isZero();
    long wallMillis = (System.nanoTime() - start) / 1_000_000;
    java.util.regex.Matcher total = TOTAL.matcher(Files.readString(cleanLog));
    assertThat(total.find()).as(Files.readString(cleanLog)).isTrue();
    long convertMillis = (long) (Double.parseDouble(total.group(1)) * 1000);
    long startupMillis = Math.max(0, wallMillis - convertMillis);
    assertReadyIsCorrect(target, expected, "clean run");

    int killedWithMarker = 0;
    int killedQemu = 0;
    List<String> log = new ArrayList<>();
    for (int run = 0; run < RUNS; run++) {
      Process process = start(java, classpath, source, target, true, work.resolve(run + ".log"));
      long delay;
      boolean exited;
      List<ProcessHandle> children = new ArrayList<>();
      if (run % 3 == 2) {
        // Kill whichever qemu-img child (info, convert, compare) runs first, then the JVM.
        ProcessHandle[] qemu = new ProcessHandle[1];
        long waitStart = System.nanoTime();
        await()
            .pollInterval(Duration.ofMillis(2))
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  qemu[0] =
                      process
                          .descendants()
                          .filter(p -> p.info().command().orElse("").endsWith("qemu-img"))
                          .findFirst()
                          .orElse(null);
                  return qemu[0] != null || !process.isAlive();
                });
        delay = (System.nanoTime() - waitStart) / 1_000_000;
        children.addAll(process.descendants().toList());
        if (qemu[0] != null && qemu[0].destroyForcibly()) {
          killedQemu++;
        }
        exited = process.waitFor(random.nextInt(200), TimeUnit.MILLISECONDS);
      } else {
        delay = (long) (startupMillis * 0.8 + random.nextDouble() * convertMillis * 1.2);
        exited = process.waitFor(delay, TimeUnit.MILLISECONDS);
        children.addAll(process.descendants().toList());
      }
      if (!exited) {
        process.destroyForcibly(); // SIGKILL
        process.waitFor(30, TimeUnit.SECONDS);
      }
      // The JVM is gone; setpriv's parent-death signal must take qemu-img down with it.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
      log.add("run " + run + ": killed after " + delay + " ms" + (exited ? " (had finished)" : ""));
      if (Files.exists(target.resolve(DiskTarget.READY_MARKER))) {
        killedWithMarker++;
      }
      assertReadyIsCorrect(target, expected, "seed " + seed + ", " + log);
    }

    // Rerun without --replace: converges to the correct ready disk.
    Path rerunLog = work.resolve("rerun.log");
    Process rerun = start(java, classpath, source, target, false, rerunLog);
    assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(rerun.exitValue()).as(Files.readString(rerunLog)).isZero();
    ReadyMarker marker = assertReadyIsCorrect(target, expected, "rerun");
    assertThat(marker).isNotNull();
    assertThat(target.resolve("disk.img.convoy-partial")).doesNotExist();
    assertThat(target.resolve("disk.img.convoy.json.inprogress")).doesNotExist();
    assertThat(log).hasSize(RUNS);
    // Not an assertion on timing, only a sanity check that the kills hit different phases.
    System.out.printf(
        "CrashTest: seed %d, JVM start-up %d ms, conversion %d ms, %d of %d kills left a (correct)"
            + " ready disk, %d qemu-img children killed first%n",
        seed, startupMillis, convertMillis, killedWithMarker, RUNS, killedQemu);
  }

  /** If a ready marker exists, the disk it describes is complete and correct. */
  private static ReadyMarker assertReadyIsCorrect(Path target, String expected, String context) {
    Optional<ReadyMarker> marker = ReadyMarker.read(target.resolve(DiskTarget.READY_MARKER));
    if (marker.isEmpty()) {
      return null;
    }
    assertThat(marker.get().sha256()).as(context).isEqualTo(expected);
    assertThat(sha256(target.resolve(DiskTarget.DISK_IMG))).as(context).isEqualTo(expected);
    return marker.get();
  }

  private static Process start(
      String java, String classpath, Path source, Path target, boolean replace, Path log)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                classpath,
                DiskConvertMain.class.getName(),
                source.toString(),
                target.toString()));
    if (replace) {
      command.add("--replace");
    }
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
