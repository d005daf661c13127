package dev.convoy.disk.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.disk.DiskConvertException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Runs the real {@code qemu-img}, wrapped in {@code prlimit} (address space and CPU caps) and,
 * where available, {@code setpriv --pdeathsig KILL} so a qemu-img child dies with the JVM instead
 * of writing on after a crash.
 */
public final class ProcessQemuImg implements QemuImg {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CAPTURE = 4 * 1024 * 1024;

  private final String qemuImg;
  private final Optional<String> prlimit;
  private final Optional<String> setpriv;

  /**
   * @param qemuImg the qemu-img binary
   * @param prlimit the prlimit binary, or empty to run without resource caps (not recommended)
   * @param setpriv the setpriv binary, or empty
   */
  public ProcessQemuImg(String qemuImg, Optional<String> prlimit, Optional<String> setpriv) {
    this.qemuImg = qemuImg;
    this.prlimit = prlimit;
    this.setpriv = setpriv;
  }

  /** qemu-img from PATH, with prlimit and setpriv from /usr/bin when present. */
  public static ProcessQemuImg fromPath() {
    return new ProcessQemuImg(
        "qemu-img", existing("/usr/bin/prlimit"), existing("/usr/bin/setpriv"));
  }

  private static Optional<String> existing(String path) {
    return Files.isExecutable(Path.of(path)) ? Optional.of(path) : Optional.empty();
  }

  @Override
  public QemuImgInfo info(QemuImageSpec image, String format, ProcessLimits limits)
      throws DiskConvertException {
    List<String> args = new ArrayList<>(List.of("info"));
    addObjects(args, image);
    args.addAll(List.of("-f", format, "--output=json", image.argument()));
    Result result = run(args, limits, chunk -> {}, true);
    if (result.exitCode() != 0) {
      throw DiskConvertException.invalidInput(
          image.description() + ": qemu-img info failed: " + result.stderrSummary());
    }
    try {
      return QemuImgInfo.parse(result.stdout());
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          image.description() + ": cannot parse qemu-img info output", e);
    }
  }

  @Override
  public void convert(ConvertCommand command, DoubleConsumer progress, ProcessLimits limits)
      throws DiskConvertException {
    ProgressParser parser = new ProgressParser(progress);
    Result result = run(command.arguments(), limits, parser::accept, false);
    parser.finish();
    if (result.exitCode() != 0) {
      throw DiskConvertException.unavailable(
          command.source().description() + ": qemu-img convert failed: " + result.stderrSummary(),
          null);
    }
  }

  @Override
  public Optional<String> compare(
      QemuImageSpec first,
      String firstFormat,
      QemuImageSpec second,
      String secondFormat,
      ProcessLimits limits)
      throws DiskConvertException {
    List<String> args = new ArrayList<>(List.of("compare"));
    addObjects(args, first);
    addObjects(args, second);
    args.addAll(
        List.of("-f", firstFormat, "-F", secondFormat, first.argument(), second.argument()));
    Result result = run(args, limits, chunk -> {}, true);
    return switch (result.exitCode()) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(result.stdout().strip());
      default ->
          throw DiskConvertException.unavailable(
              "qemu-img compare of "
                  + first.description()
                  + " and "
                  + second.description()
                  + " failed: "
                  + result.stderrSummary(),
              null);
    };
  }

  @Override
  public List<MapEntry> map(QemuImageSpec image, String format, ProcessLimits limits)
      throws DiskConvertException {
    List<String> args = new ArrayList<>(List.of("map"));
    addObjects(args, image);
    args.addAll(List.of("-f", format, "--output=json", image.argument()));
    Result result = run(args, limits, chunk -> {}, true);
    if (result.exitCode() != 0) {
      throw DiskConvertException.unavailable(
          image.description() + ": qemu-img map failed: " + result.stderrSummary(), null);
    }
    try {
      List<MapEntry> entries = new ArrayList<>();
      for (JsonNode node : JSON.readTree(result.stdout())) {
        entries.add(
            new MapEntry(
                node.path("start").asLong(),
                node.path("length").asLong(),
                node.path("data").asBoolean(),
                node.path("zero").asBoolean(),
                node.has("offset") ? node.path("offset").asLong() : -1));
      }
      return entries;
    } catch (IOException e) {
      throw DiskConvertException.unavailable(image.description() + ": bad qemu-img map output", e);
    }
  }

  private static void addObjects(List<String> args, QemuImageSpec image) {
    for (String object : image.objects()) {
      args.add("--object");
      args.add(object);
    }
  }

  /** The full command line: setpriv and prlimit wrappers, then qemu-img and its arguments. */
  List<String> commandLine(List<String> qemuArgs, ProcessLimits limits) {
    List<String> command = new ArrayList<>();
    setpriv.ifPresent(path -> command.addAll(List.of(path, "--pdeathsig", "KILL", "--")));
    if (prlimit.isPresent()) {
      command.add(prlimit.get());
      command.add("--as=" + limits.addressSpaceBytes());
      limits.cpuSeconds().ifPresent(cpu -> command.add("--cpu=" + cpu));
      command.add("--");
    }
    command.add(qemuImg);
    command.addAll(qemuArgs);
    return command;
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String stderrSummary() {
      String text = stderr.strip();
      if (exitCode > 128) {
        text +=
            (text.isEmpty() ? "" : "; ")
                + "killed by signal "
                + (exitCode - 128)
                + (exitCode - 128 == 24 || exitCode - 128 == 9
                    ? " (CPU or memory limit reached, or timed out)"
                    : "");
      }
      return text.isEmpty() ? "exit code " + exitCode : text;
    }
  }

  private Result run(
      List<String> qemuArgs, ProcessLimits limits, Consumer<String> stdoutChunks, boolean capture)
      throws DiskConvertException {
    List<String> command = commandLine(qemuArgs, limits);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LC_ALL", "C");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw DiskConvertException.unavailable("cannot start " + qemuImg + ": " + e.getMessage(), e);
    }
    StringBuilder stdout = new StringBuilder();
    StringBuilder stderr = new StringBuilder();
    Thread outReader =
        pump(
            process.getInputStream(),
            chunk -> {
              stdoutChunks.accept(chunk);
              if (capture && stdout.length() < MAX_CAPTURE) {
                stdout.append(chunk);
              }
            });
    Thread errReader =
        pump(
            process.getErrorStream(),
            chunk -> {
              if (stderr.length() < 64 * 1024) {
                stderr.append(chunk);
              }
            });
    try {
      if (!process.waitFor(limits.wallTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw DiskConvertException.unavailable(
            "qemu-img "
                + qemuArgs.get(0)
                + " did not finish within "
                + limits.wallTimeout()
                + " and was killed",
            null);
      }
      outReader.join(10_000);
      errReader.join(10_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw DiskConvertException.unavailable("interrupted while qemu-img was running", e);
    }
    // The readers were joined: their writes to the builders happen-before this read.
    return new Result(process.exitValue(), stdout.toString(), stderr.toString());
  }

  private static Thread pump(InputStream stream, Consumer<String> sink) {
    Thread thread =
        new Thread(
            () -> {
              char[] buffer = new char[8192];
              try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                int n;
                while ((n = reader.read(buffer)) >= 0) {
                  sink.accept(new String(buffer, 0, n));
                }
              } catch (IOException ignored) {
                // The process ended; what was read is kept.
              }
            },
            "qemu-img-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
