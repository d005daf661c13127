package dev.convoy.disk;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A plain command-line entry to the converter, without the CLI framework: used by the crash test (a
 * separate JVM killed at random points) and the benchmark script.
 *
 * <pre>
 * java -cp ... dev.convoy.disk.DiskConvertMain SRC TARGET_DIR [--format raw|qcow2] [--no-verify]
 *     [--replace]
 * </pre>
 *
 * SRC is a path, {@code x.ova} or {@code x.ova!disk}, or an http(s) URL. Prints one line of timings
 * and exits 0; on failure prints the message and exits 3 (bad input) or 4 (anything else).
 */
public final class DiskConvertMain {
  private DiskConvertMain() {}

  public static void main(String[] args) {
    List<String> positional = new ArrayList<>();
    OutputFormat format = OutputFormat.RAW;
    boolean verify = true;
    boolean replace = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--format" -> format = OutputFormat.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--no-verify" -> verify = false;
        case "--replace" -> replace = true;
        default -> positional.add(args[i]);
      }
    }
    if (positional.size() != 2) {
      System.err.println(
          "usage: DiskConvertMain SRC TARGET_DIR [--format raw|qcow2] [--no-verify]"
              + " [--replace]");
      System.exit(2);
    }
    try {
      ConversionResult result =
          DiskConverter.create()
              .convert(
                  new ConversionRequest(
                      source(positional.get(0)),
                      DiskTarget.Directory.of(Path.of(positional.get(1))),
                      format,
                      verify,
                      replace),
                  ProgressListener.NONE);
      ConversionResult.Timings t = result.timings();
      System.out.printf(
          Locale.ROOT,
          "inspect=%.3f convert=%.3f verify=%.3f total=%.3f sha256=%s%n",
          t.inspect().toNanos() / 1e9,
          t.convert().toNanos() / 1e9,
          t.verify().toNanos() / 1e9,
          t.total().toNanos() / 1e9,
          result.marker().sha256());
    } catch (DiskConvertException e) {
      System.err.println("convert: " + e.getMessage());
      System.exit(e.kind() == DiskConvertException.Kind.INVALID_INPUT ? 3 : 4);
    }
  }

  /** Parses a source argument: a URL, {@code file.ova[!disk]}, or a local image path. */
  public static DiskSource source(String argument) {
    String lower = argument.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return new DiskSource.Http(
          URI.create(argument), Optional.empty(), Map.of(), Optional.empty(), true);
    }
    int bang = argument.lastIndexOf('!');
    if (bang > 0 && lower.substring(0, bang).endsWith(".ova")) {
      return new DiskSource.OvaMember(
          Path.of(argument.substring(0, bang)), Optional.of(argument.substring(bang + 1)));
    }
    if (lower.endsWith(".ova")) {
      return new DiskSource.OvaMember(Path.of(argument), Optional.empty());
    }
    return DiskSource.LocalFile.of(Path.of(argument));
  }
}
