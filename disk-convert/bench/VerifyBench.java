// Verification modes side by side with bare qemu-img, interleaved in one warm JVM, same source.
// Single-file program: java -cp <disk-convert classpath> VerifyBench.java SRC.vmdk OUT_DIR RUNS
//
// Per round: bare `qemu-img convert -f vmdk -O raw -W -m 16 -t writeback` of SRC (qemu-img writes
// the file), then Convoy (inspection + conversion + fsync + verification + publish) with
// --verify=stream, compare and none. Prints one line per run and the medians; checks that every
// output has the bare output's SHA-256. SRC stays in the page cache for all of them.

import dev.convoy.disk.ConversionRequest;
import dev.convoy.disk.ConversionResult;
import dev.convoy.disk.ConverterSettings;
import dev.convoy.disk.DiskConverter;
import dev.convoy.disk.DiskSource;
import dev.convoy.disk.DiskTarget;
import dev.convoy.disk.OutputFormat;
import dev.convoy.disk.ProgressListener;
import dev.convoy.disk.VerificationMode;
import dev.convoy.disk.qemu.ProcessQemuImg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

public class VerifyBench {
  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]).toAbsolutePath();
    Path out = Path.of(args[1]).toAbsolutePath();
    int runs = Integer.parseInt(args[2]);
    Map<String, List<Double>> times = new LinkedHashMap<>();
    String expected = null;
    // one untimed round of each Convoy mode first: class loading and JIT
    for (VerificationMode mode : VerificationMode.values()) {
      convoy(source, fresh(out.resolve("warm")), mode, true);
    }
    fresh(out.resolve("warm"));
    for (int run = 0; run < runs; run++) {
      Path bare = fresh(out.resolve("bare")).resolve("disk.img");
      long start = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  "qemu-img", "convert", "-f", "vmdk", "-O", "raw", "-W", "-m", "16", "-t",
                  "writeback", source.toString(), bare.toString())
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("bare qemu-img failed");
      }
      record(times, "bare qemu-img", run, (System.nanoTime() - start) / 1e9, "");
      if (expected == null) {
        expected = sha256sum(bare);
      }
      fresh(out.resolve("bare"));
      for (String mode : List.of("stream", "compare", "none")) {
        Path target = fresh(out.resolve(mode));
        start = System.nanoTime();
        ConversionResult result =
            convoy(
                source,
                target,
                mode.equals("none") ? VerificationMode.STREAM : VerificationMode.ofCliName(mode),
                !mode.equals("none"));
        double wall = (System.nanoTime() - start) / 1e9;
        String sha = result.marker().sha256();
        if (sha != null && !sha.equals(expected)) {
          throw new IllegalStateException(mode + ": sha256 " + sha + " != bare " + expected);
        }
        if (run == 0 && !sha256sum(result.disk()).equals(expected)) {
          throw new IllegalStateException(mode + ": the disk differs from the bare output");
        }
        ConversionResult.Timings t = result.timings();
        record(
            times,
            "convoy --verify=" + mode,
            run,
            wall,
            String.format(
                Locale.ROOT,
                "inspect %.2f convert %.2f verify %.2f (%s)",
                t.inspect().toNanos() / 1e9,
                t.convert().toNanos() / 1e9,
                t.verify().toNanos() / 1e9,
                result.marker().verification().method()));
        fresh(out.resolve(mode));
      }
    }
    double bare = median(times.get("bare qemu-img"));
    System.out.println("medians:");
    for (var entry : times.entrySet()) {
      double m = median(entry.getValue());
      System.out.printf(Locale.ROOT, "  %-26s %6.2f s  %.2fx of bare%n", entry.getKey(), m, bare / m);
    }
  }

  static ConversionResult convoy(Path source, Path target, VerificationMode mode, boolean verify)
      throws Exception {
    return new DiskConverter(ConverterSettings.defaults(), ProcessQemuImg.fromPath(), mode)
        .convert(
            new ConversionRequest(
                DiskSource.LocalFile.of(source),
                DiskTarget.Directory.of(target),
                OutputFormat.RAW,
                verify,
                true),
            ProgressListener.NONE);
  }

  static void record(Map<String, List<Double>> times, String name, int run, double s, String more) {
    times.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
    System.out.printf(Locale.ROOT, "run %d  %-26s %6.2f s  %s  load %s%n", run, name, s, more, load());
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String sha256sum(Path file) throws Exception {
    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
    String line = new String(p.getInputStream().readAllBytes()).strip();
    p.waitFor();
    return line.split("\\s+")[0];
  }

  /** An empty directory; what was written before is flushed so runs start alike. */
  static Path fresh(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    new ProcessBuilder("sync").inheritIO().start().waitFor();
    return dir;
  }
}
