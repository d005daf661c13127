// Runs Convoy conversions in one warm JVM for convert-bench.py and prints one JSON line per run.
// Started by convert-bench.sh as a single-file program: java -cp <classpath> ConvertBench.java ...
//
//   single SRC OUT_DIR RUNS    a warm-up, RUNS timed conversions without verification, one with it
//   parallel OUT_DIR SRC1 SRC2 the two sources one after the other, then both at once (2 threads)

import dev.convoy.disk.ConversionRequest;
import dev.convoy.disk.ConversionResult;
import dev.convoy.disk.DiskConverter;
import dev.convoy.disk.DiskSource;
import dev.convoy.disk.DiskTarget;
import dev.convoy.disk.OutputFormat;
import dev.convoy.disk.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

public class ConvertBench {
  public static void main(String[] args) throws Exception {
    DiskConverter converter = DiskConverter.create();
    switch (args[0]) {
      case "single" -> {
        Path source = Path.of(args[1]);
        Path out = Path.of(args[2]);
        int runs = Integer.parseInt(args[3]);
        // One untimed conversion first: class loading and JIT would otherwise land in run 0.
        converter.convert(request(source, fresh(out.resolve("convoy")), false), ProgressListener.NONE);
        for (int run = 0; run <= runs; run++) {
          boolean verify = run == runs;
          Path target = fresh(out.resolve("convoy"));
          evict(source);
          long start = System.nanoTime();
          ConversionResult result = converter.convert(request(source, target, verify), ProgressListener.NONE);
          double wall = (System.nanoTime() - start) / 1e9;
          ConversionResult.Timings t = result.timings();
          System.out.printf(
              Locale.ROOT,
              "{\"run\":%d,\"verify\":%b,\"wall\":%.4f,\"inspect\":%.4f,\"convert\":%.4f,"
                  + "\"verifySeconds\":%.4f,\"compareSeconds\":%.4f,\"hashSeconds\":%.4f,"
                  + "\"disk\":\"%s\"}%n",
              run, verify, wall, secs(t.inspect()), secs(t.convert()), secs(t.verify()),
              result.marker().verification().compareSeconds(),
              result.marker().verification().hashSeconds(),
              result.disk());
        }
      }
      case "parallel" -> {
        Path out = Path.of(args[1]);
        List<Path> sources = List.of(Path.of(args[2]), Path.of(args[3]));
        // Sequential
        Path a = fresh(out.resolve("seq-a"));
        Path b = fresh(out.resolve("seq-b"));
        sources.forEach(ConvertBench::evict);
        long start = System.nanoTime();
        converter.convert(request(sources.get(0), a, false), ProgressListener.NONE);
        converter.convert(request(sources.get(1), b, false), ProgressListener.NONE);
        double sequential = (System.nanoTime() - start) / 1e9;
        // Parallel
        Path c = fresh(out.resolve("par-a"));
        Path d = fresh(out.resolve("par-b"));
        sources.forEach(ConvertBench::evict);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        start = System.nanoTime();
        Future<ConversionResult> first = pool.submit(() -> converter.convert(request(sources.get(0), c, false), ProgressListener.NONE));
        Future<ConversionResult> second = pool.submit(() -> converter.convert(request(sources.get(1), d, false), ProgressListener.NONE));
        first.get();
        second.get();
        double parallel = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf(Locale.ROOT, "{\"sequential\":%.4f,\"parallel\":%.4f}%n", sequential, parallel);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static ConversionRequest request(Path source, Path target, boolean verify) {
    return new ConversionRequest(
        DiskSource.LocalFile.of(source), DiskTarget.Directory.of(target), OutputFormat.RAW, verify, true);
  }

  static double secs(java.time.Duration d) {
    return d.toNanos() / 1e9;
  }

  /** An empty directory, and everything written before flushed, so runs start alike. */
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

  /** Drops the source from the page cache (posix_fadvise DONTNEED), as the bare runs do. */
  static void evict(Path file) {
    try {
      new ProcessBuilder(
              "python3",
              "-c",
              "import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY);"
                  + " os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)",
              file.toString())
          .inheritIO()
          .start()
          .waitFor();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
