package dev.convoy.cli.disk;

import dev.convoy.cli.ExitCodes;
import dev.convoy.cli.UserException;
import dev.convoy.disk.ConversionProgress;
import dev.convoy.disk.ConversionRequest;
import dev.convoy.disk.ConversionResult;
import dev.convoy.disk.ConverterSettings;
import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.DiskConverter;
import dev.convoy.disk.DiskTarget;
import dev.convoy.disk.OutputFormat;
import dev.convoy.disk.ProgressListener;
import dev.convoy.disk.VerificationMode;
import dev.convoy.disk.qemu.ProcessQemuImg;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code convoy disk convert SRC DEST}: inspect, convert with qemu-img, verify, and publish {@code
 * DEST/disk.img} (or write a block device) with a ready marker.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert an image (file, .ova or http(s) URL) into DEST: a directory",
      "(filesystem PVC: DEST/disk.img, sparse) or a block device (with --marker).",
      "The image is inspected, converted with qemu-img, verified (by default: every",
      "range qemu-img wrote is read back and checked, the SHA-256 taken on the way)",
      "and published atomically with DEST/disk.img.convoy.json.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  the disk is ready (converted now, or already from this source)",
      "  2  usage error",
      "  3  the image was refused (rule id and offending value in the message), it does not fit,",
      "     or DEST holds a disk that --replace would overwrite",
      "  4  qemu-img, the source or the target failed; no ready marker was written"
    })
public final class DiskConvertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DiskSourceOptions sourceOptions;

  @Parameters(index = "0", paramLabel = "SRC", description = "Image file, OVA, or http(s) URL.")
  String source;

  @Parameters(
      index = "1",
      paramLabel = "DEST",
      description = "Target directory (filesystem PVC) or block device.")
  Path destination;

  /** Output formats. */
  enum Format {
    raw,
    qcow2
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "raw",
      description = "raw or qcow2 (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--verify",
      arity = "0..1",
      paramLabel = "MODE",
      defaultValue = "stream",
      fallbackValue = "stream",
      description =
          "How to verify the disk and record its SHA-256: stream (default: qemu-img writes"
              + " through Convoy, which checksums what it receives and reads it back after"
              + " fsync; the source is decoded once), compare (qemu-img compare decodes the"
              + " source a second time against the disk) or none.")
  String verify;

  @Option(names = "--no-verify", description = "Same as --verify=none.")
  boolean noVerify;

  @Option(
      names = "--replace",
      description =
          "Overwrite a ready disk from another source, or a disk.img Convoy did not write.")
  boolean replace;

  @Option(
      names = "--capacity",
      paramLabel = "BYTES",
      description =
          "The PVC's usable capacity in bytes (default: the filesystem's size); a larger virtual"
              + " size is refused.")
  Long capacity;

  @Option(
      names = "--marker",
      paramLabel = "FILE",
      description = "For a block device: where to write the ready marker.")
  Path marker;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    DiskTarget target = target();
    ConversionResult result;
    boolean verified = !noVerify && !"none".equals(verify);
    VerificationMode mode;
    try {
      mode = verified ? VerificationMode.ofCliName(verify) : VerificationMode.STREAM;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--verify: " + e.getMessage());
    }
    try {
      result =
          new DiskConverter(ConverterSettings.defaults(), ProcessQemuImg.fromPath(), mode)
              .convert(
                  new ConversionRequest(
                      sourceOptions.source(source),
                      target,
                      format == Format.qcow2 ? OutputFormat.QCOW2 : OutputFormat.RAW,
                      verified,
                      replace),
                  new ProgressBar(err, System.console() != null));
    } catch (DiskConvertException e) {
      throw DiskSourceOptions.toUserException(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (result.alreadyReady()) {
      out.printf(
          "%s is already ready (converted from %s at %s)%n",
          result.disk(), result.marker().source(), result.marker().convertedAt());
    } else {
      ConversionResult.Timings t = result.timings();
      out.printf(
          Locale.ROOT,
          "%s ready: %s, %s%n",
          result.disk(),
          result.marker().outputFormat(),
          DiskInspectCommand.human(result.marker().virtualSize()));
      out.printf(
          Locale.ROOT,
          "  inspected %.2f s, converted %.2f s, verified %.2f s, total %.2f s%n",
          t.inspect().toMillis() / 1000.0,
          t.convert().toMillis() / 1000.0,
          t.verify().toMillis() / 1000.0,
          t.total().toMillis() / 1000.0);
    }
    out.printf(
        "  sha256 %s (%s)%n",
        result.marker().sha256() == null ? "not computed" : result.marker().sha256(),
        result.marker().verification().method());
    out.printf("  marker %s%n", result.markerPath());
    out.flush();
    return ExitCodes.OK;
  }

  private DiskTarget target() {
    boolean block;
    try {
      block =
          Files.exists(destination)
              && Files.readAttributes(destination, BasicFileAttributes.class).isOther();
    } catch (java.io.IOException e) {
      throw UserException.invalidInput(destination + ": " + e.getMessage());
    }
    if (block) {
      if (marker == null) {
        throw UserException.invalidInput(
            destination + " is a block device: pass --marker FILE for the ready marker");
      }
      return new DiskTarget.BlockDevice(destination, marker);
    }
    if (marker != null) {
      throw UserException.invalidInput(
          "--marker is only for block devices; a directory target keeps the marker beside disk.img");
    }
    return new DiskTarget.Directory(
        destination, capacity == null ? OptionalLong.empty() : OptionalLong.of(capacity));
  }

  /** A one-line progress bar on standard error (a line per phase when not on a terminal). */
  static final class ProgressBar implements ProgressListener {
    private final PrintWriter err;
    private final boolean terminal;
    private ConversionProgress.Phase phase;
    private long lastPrint;

    ProgressBar(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    @Override
    public synchronized void onProgress(ConversionProgress progress) {
      boolean newPhase = progress.phase() != phase;
      if (newPhase && terminal && phase != null) {
        err.print('\n');
      }
      phase = progress.phase();
      if (progress.phase() == ConversionProgress.Phase.DONE) {
        err.flush();
        return;
      }
      long now = System.nanoTime();
      if (!terminal) {
        if (newPhase) {
          err.println("convoy: " + progress.phase().name().toLowerCase(Locale.ROOT) + " ...");
        }
        return;
      }
      if (!newPhase && now - lastPrint < 200_000_000L && progress.fraction() < 1.0) {
        return;
      }
      lastPrint = now;
      err.print("\r" + render(progress));
      err.flush();
    }

    static String render(ConversionProgress p) {
      int width = 30;
      int filled = (int) Math.round(p.fraction() * width);
      return String.format(
          Locale.ROOT,
          "%-8s [%s%s] %5.1f%% %s/%s %s/s ETA %s   ",
          p.phase().name().toLowerCase(Locale.ROOT),
          "#".repeat(filled),
          ".".repeat(width - filled),
          p.fraction() * 100,
          DiskInspectCommand.human(p.bytesDone()),
          DiskInspectCommand.human(p.bytesTotal()),
          DiskInspectCommand.human((long) p.bytesPerSecond()),
          p.etaSeconds().isPresent() ? p.etaSeconds().getAsLong() + "s" : "-");
    }
  }
}
