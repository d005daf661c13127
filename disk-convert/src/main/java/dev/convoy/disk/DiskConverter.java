package dev.convoy.disk;

import dev.convoy.disk.qemu.ConvertCommand;
import dev.convoy.disk.qemu.InfoCrossCheck;
import dev.convoy.disk.qemu.ProcessQemuImg;
import dev.convoy.disk.qemu.QemuImageSpec;
import dev.convoy.disk.qemu.QemuImg;
import dev.convoy.disk.qemu.QemuImgInfo;
import dev.convoy.disk.target.DurableFiles;
import dev.convoy.disk.target.GuestHasher;
import dev.convoy.disk.target.NbdWriteSink;
import dev.convoy.disk.target.ReadyMarker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Converts an inspected source into a PVC with qemu-img and publishes it atomically.
 *
 * <p>Layout of a filesystem target directory:
 *
 * <ul>
 *   <li>{@code disk.img}: the disk, only ever renamed into place after it was flushed and verified;
 *   <li>{@code disk.img.convoy.json}: the ready marker, written last; a disk is ready iff it
 *       exists;
 *   <li>{@code disk.img.convoy-partial}: the conversion in flight;
 *   <li>{@code disk.img.convoy.json.inprogress}: a journal saying Convoy owns the directory's disk
 *       while a conversion runs, so a rerun after a crash may overwrite it;
 *   <li>{@code disk.img.convoy.json.lock}: held while converting, so two converters never race.
 * </ul>
 *
 * A kill at any point leaves no marker or the marker of a complete, verified disk; a rerun
 * converges.
 */
public final class DiskConverter {
  /** Suffix of the file a conversion writes before it is renamed to {@code disk.img}. */
  public static final String PARTIAL_SUFFIX = ".convoy-partial";

  private final ConverterSettings settings;
  private final QemuImg qemuImg;
  private final DiskInspector inspector;
  private final VerificationMode verification;
  // test hook: runs on the fsynced target just before stream verification reads it back
  private java.util.function.Consumer<Path> beforeReadBack = path -> {};

  /** A converter verifying by {@link VerificationMode#STREAM}. */
  public DiskConverter(ConverterSettings settings, QemuImg qemuImg) {
    this(settings, qemuImg, VerificationMode.STREAM);
  }

  /** A converter verifying (when a request asks for it) as {@code verification} says. */
  public DiskConverter(ConverterSettings settings, QemuImg qemuImg, VerificationMode verification) {
    this.settings = settings;
    this.qemuImg = qemuImg;
    this.inspector = new DiskInspector(settings, qemuImg);
    this.verification = verification;
  }

  /** Tests only: {@code hook} sees (and may damage) the target before it is read back. */
  DiskConverter beforeReadBack(java.util.function.Consumer<Path> hook) {
    this.beforeReadBack = hook;
    return this;
  }

  /** Default settings and the qemu-img on PATH. */
  public static DiskConverter create() {
    return new DiskConverter(ConverterSettings.defaults(), ProcessQemuImg.fromPath());
  }

  /** The paths a conversion into {@code target} uses. */
  record Layout(Path disk, Optional<Path> partial, Path marker, Path journal, Path lock) {
    static Layout of(DiskTarget target) {
      Path marker = target.markerPath();
      Path journal = marker.resolveSibling(marker.getFileName() + ".inprogress");
      Path lock = marker.resolveSibling(marker.getFileName() + ".lock");
      if (target instanceof DiskTarget.Directory directory) {
        Path disk = directory.disk();
        return new Layout(
            disk,
            Optional.of(disk.resolveSibling(disk.getFileName() + PARTIAL_SUFFIX)),
            marker,
            journal,
            lock);
      }
      return new Layout(
          ((DiskTarget.BlockDevice) target).device(), Optional.empty(), marker, journal, lock);
    }
  }

  /**
   * Converts {@code request.source()} into {@code request.target()}.
   *
   * @throws UnsafeImageException if the source breaks a rule or does not fit the target; nothing is
   *     written
   * @throws DiskConvertException if qemu-img, the filesystem or verification fails; no ready marker
   *     is left
   */
  public ConversionResult convert(ConversionRequest request, ProgressListener listener)
      throws DiskConvertException {
    long start = System.nanoTime();
    DiskTarget target = request.target();
    checkTarget(target);
    Layout layout = Layout.of(target);
    listener.onProgress(
        new ConversionProgress(
            ConversionProgress.Phase.INSPECT, 0, 0, 0, java.util.OptionalLong.empty()));
    SourcePreparer preparer = inspector.preparer(request.source());
    String identity = preparer.identity(request.source());
    try {
      // Nothing is written at the target until the source passed inspection and fits.
      Optional<ReadyMarker> ready = alreadyReady(request, layout, identity);
      if (ready.isPresent()) {
        try (FileChannel lockChannel =
                FileChannel.open(
                    layout.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock()) {
          if (lock != null) {
            ready = alreadyReady(request, layout, identity);
            if (ready.isPresent()) {
              removeLeftovers(layout);
              return readyResult(layout, ready.get(), start, listener);
            }
          } else {
            return readyResult(layout, ready.get(), start, listener);
          }
        }
      }
      long inspectStart = System.nanoTime();
      try (PreparedSource prepared = preparer.prepareForConversion(request.source(), listener)) {
        checkCapacity(target, layout, prepared.report(), request.format());
        Duration inspect = Duration.ofNanos(System.nanoTime() - inspectStart);
        try (FileChannel lockChannel =
                FileChannel.open(
                    layout.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock()) {
          if (lock == null) {
            throw DiskConvertException.unavailable(
                layout.lock() + ": another conversion into this target is running", null);
          }
          // Decide again under the lock: another converter may have finished meanwhile.
          ready = alreadyReady(request, layout, identity);
          if (ready.isPresent()) {
            removeLeftovers(layout);
            return readyResult(layout, ready.get(), start, listener);
          }
          return convertLocked(request, listener, layout, prepared, identity, inspect, start);
        }
      }
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          target.markerPath().getParent() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ready marker if the target already holds a ready disk from this very source; throws if it
   * holds a disk Convoy must not overwrite without {@code replaceReady}.
   */
  private static Optional<ReadyMarker> alreadyReady(
      ConversionRequest request, Layout layout, String identity) throws DiskConvertException {
    boolean block = request.target() instanceof DiskTarget.BlockDevice;
    Optional<ReadyMarker> existing =
        ReadyMarker.read(layout.marker()).filter(marker -> consistent(marker, layout, block));
    if (request.replaceReady()) {
      return Optional.empty();
    }
    if (existing.isPresent()) {
      ReadyMarker marker = existing.get();
      if (marker.sourceIdentity().equals(identity)
          && marker.outputFormat().equals(request.format().qemuName())) {
        return existing;
      }
      throw DiskConvertException.invalidInput(
          layout.disk()
              + " is already a ready disk converted from "
              + marker.source()
              + " at "
              + marker.convertedAt()
              + "; pass --replace to overwrite it");
    }
    if (!block
        && !Files.exists(layout.journal())
        && Files.exists(layout.disk(), LinkOption.NOFOLLOW_LINKS)) {
      throw DiskConvertException.invalidInput(
          layout.disk()
              + " exists but was not written by Convoy (no ready marker, no"
              + " in-progress journal); pass --replace to overwrite it");
    }
    return Optional.empty();
  }

  /** A killed run's partial file and journal next to a ready disk (called under the lock). */
  private static void removeLeftovers(Layout layout) throws IOException {
    if (layout.partial().isPresent()) {
      DurableFiles.delete(layout.partial().get());
    }
    DurableFiles.delete(layout.journal());
  }

  private static ConversionResult readyResult(
      Layout layout, ReadyMarker marker, long start, ProgressListener listener) {
    listener.onProgress(done(marker.virtualSize()));
    return new ConversionResult(
        layout.disk(),
        layout.marker(),
        marker,
        true,
        Optional.empty(),
        new ConversionResult.Timings(
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofNanos(System.nanoTime() - start)));
  }

  private ConversionResult convertLocked(
      ConversionRequest request,
      ProgressListener listener,
      Layout layout,
      PreparedSource prepared,
      String identity,
      Duration inspect,
      long start)
      throws DiskConvertException, IOException {
    DiskTarget target = request.target();
    boolean block = target instanceof DiskTarget.BlockDevice;
    InspectionReport report = prepared.report();
    long virtualSize = report.virtualSize();
    // From here on the target changes: first record that Convoy owns it. A filesystem target keeps
    // its current ready disk (and marker) until the new one is verified; a block device is written
    // in place, so it stops being ready now.
    DurableFiles.writeAtomically(
        layout.journal(), (identity + "\n").getBytes(StandardCharsets.UTF_8));
    if (block) {
      DurableFiles.delete(layout.marker());
    }
    if (layout.partial().isPresent()) {
      DurableFiles.delete(layout.partial().get());
    }
    try {
      return convertAndPublish(
          request,
          listener,
          layout,
          prepared,
          identity,
          inspect,
          start,
          block,
          report,
          virtualSize);
    } catch (DiskConvertException | IOException | RuntimeException e) {
      if (layout.partial().isPresent()) {
        try {
          Files.deleteIfExists(layout.partial().get());
        } catch (IOException ignored) {
          // Best effort; a rerun deletes it too.
        }
      }
      throw e;
    }
  }

  private ConversionResult convertAndPublish(
      ConversionRequest request,
      ProgressListener listener,
      Layout layout,
      PreparedSource prepared,
      String identity,
      Duration inspect,
      long start,
      boolean block,
      InspectionReport report,
      long virtualSize)
      throws DiskConvertException, IOException {
    Path output = layout.partial().orElse(layout.disk());
    String outputFormat = request.format().qemuName();
    boolean stream = request.verify() && streamable(block, request.format());
    long convertStart = System.nanoTime();
    java.util.function.DoubleConsumer progress =
        fraction ->
            listener.onProgress(
                ConversionProgress.of(
                    ConversionProgress.Phase.CONVERT,
                    fraction,
                    virtualSize,
                    convertStart,
                    System.nanoTime()));
    Optional<NbdWriteSink.Report> sunk = Optional.empty();
    try {
      if (stream) {
        sunk = Optional.of(convertThroughSink(prepared, output, virtualSize, progress));
      } else {
        qemuImg.convert(
            new ConvertCommand(
                prepared.spec(),
                prepared.qemuFormat(),
                output.toString(),
                outputFormat,
                settings.flags(),
                block),
            progress,
            settings.conversionLimits(virtualSize));
      }
    } catch (DiskConvertException e) {
      throw prepared.explain(e); // e.g. the source changed while it was downloaded
    }
    // a source still downloading while qemu-img read it must arrive whole and unchanged
    prepared.awaitSource();
    DurableFiles.fsync(output);
    Duration convert = Duration.ofNanos(System.nanoTime() - convertStart);

    QemuImageSpec targetSpec =
        block
            ? QemuImageSpec.deviceWindow(output, virtualSize)
            : QemuImageSpec.file(output, outputFormat);
    if (!block) {
      checkWritten(output, outputFormat, virtualSize, targetSpec);
    }

    long verifyStart = System.nanoTime();
    ReadyMarker.Verification verification;
    String sha256 = null;
    if (sunk.isPresent() && sunk.get().overwrittenAt().isEmpty()) {
      Verified verified = verifyReadBack(sunk.get(), prepared, output);
      verification = verified.verification();
      sha256 = verified.sha256();
    } else if (request.verify()) {
      // COMPARE, an output stream mode does not cover, or a sink that saw a range written twice
      Verified verified = verify(prepared, targetSpec, output, outputFormat, virtualSize, listener);
      verification = verified.verification();
      sha256 = verified.sha256();
    } else {
      verification = new ReadyMarker.Verification("none", false, 0, 0, 0);
    }
    Duration verify = Duration.ofNanos(System.nanoTime() - verifyStart);

    listener.onProgress(
        new ConversionProgress(
            ConversionProgress.Phase.PUBLISH,
            virtualSize,
            virtualSize,
            0,
            java.util.OptionalLong.of(0)));
    if (layout.partial().isPresent()) {
      // Un-ready the old disk, then replace it: a crash in between leaves no marker.
      DurableFiles.delete(layout.marker());
      DurableFiles.rename(layout.partial().get(), layout.disk());
    }
    long diskBytes = block ? virtualSize : Files.size(layout.disk());
    ReadyMarker marker =
        new ReadyMarker(
            ReadyMarker.API_VERSION,
            ReadyMarker.KIND,
            block ? layout.disk().toString() : layout.disk().getFileName().toString(),
            diskBytes,
            report.source(),
            identity,
            prepared.qemuFormat(),
            report.createType().orElse(null),
            outputFormat,
            virtualSize,
            sha256,
            prepared.sourceSha256().orElse(null),
            verification,
            settings.flags().arguments(),
            Instant.now().toString());
    DurableFiles.writeAtomically(layout.marker(), marker.toJson());
    DurableFiles.delete(layout.journal());
    listener.onProgress(done(virtualSize));
    return new ConversionResult(
        layout.disk(),
        layout.marker(),
        marker,
        false,
        Optional.of(report),
        new ConversionResult.Timings(
            inspect, convert, verify, Duration.ofNanos(System.nanoTime() - start)));
  }

  /**
   * The written image must have the source's virtual size (a raw file's size is its virtual size,
   * which is what {@code qemu-img info -f raw} would report); a qcow2 output is checked by qemu-img
   * info like any image, with {@code -f}.
   */
  private void checkWritten(Path output, String format, long virtualSize, QemuImageSpec spec)
      throws DiskConvertException, IOException {
    if (format.equals("raw")) {
      long size = Files.size(output);
      if (size != virtualSize) {
        throw DiskConvertException.unavailable(
            output + ": qemu-img wrote " + size + " bytes, expected " + virtualSize, null);
      }
      return;
    }
    QemuImgInfo written = qemuImg.info(spec, format, settings.inspectionLimits());
    InfoCrossCheck.check(
        output.toString(),
        new InfoCrossCheck.Expected(format, virtualSize, Optional.empty(), Optional.empty()),
        written,
        settings.maxVirtualSize());
  }

  private record Verified(ReadyMarker.Verification verification, String sha256) {}

  /**
   * Stream verification covers a new raw file without preallocation: the sink creates the file, so
   * ranges qemu-img never writes are holes that read as zeros. A block device keeps old data where
   * qemu-img writes nothing, and a qcow2 output's bytes are not the guest's content; both are
   * verified by {@link VerificationMode#COMPARE}.
   */
  private boolean streamable(boolean block, OutputFormat format) {
    return verification == VerificationMode.STREAM
        && !block
        && format == OutputFormat.RAW
        && settings.flags().preallocation().filter(p -> !p.equals("off")).isEmpty();
  }

  /**
   * qemu-img converts into Convoy's NBD write sink on a private Unix socket; the sink writes {@code
   * output} and records what it received (CRC32C per write, SHA-256 of the whole disk).
   */
  private NbdWriteSink.Report convertThroughSink(
      PreparedSource prepared,
      Path output,
      long virtualSize,
      java.util.function.DoubleConsumer progress)
      throws DiskConvertException, IOException {
    sweepAbandonedSinks(settings.scratchRoot());
    Path scratch =
        Files.createTempDirectory(
            settings.scratchRoot(),
            SINK_PREFIX,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    try {
      // before the socket exists: a kill after this point leaves a directory the next sink sweeps
      Files.writeString(scratch.resolve(SINK_OWNER), Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      deleteSinkDirectory(scratch);
      throw e;
    }
    try (NbdWriteSink sink = NbdWriteSink.start(scratch.resolve("nbd.sock"), output, virtualSize)) {
      QemuImageSpec export =
          QemuImageSpec.nbd(sink.socket(), "raw", Optional.empty(), output.toString());
      qemuImg.convert(
          new ConvertCommand(
              prepared.spec(),
              prepared.qemuFormat(),
              export.argument(),
              "raw",
              settings.flags(),
              true),
          progress,
          settings.conversionLimits(virtualSize));
      try {
        return sink.finish(60_000);
      } catch (IOException e) {
        throw DiskConvertException.unavailable(output + ": " + e.getMessage(), e);
      }
    } finally {
      deleteSinkDirectory(scratch);
    }
  }

  private static final String SINK_PREFIX = "convoy-sink-";
  private static final String SINK_OWNER = "owner-pid";

  private static void deleteSinkDirectory(Path directory) throws IOException {
    Files.deleteIfExists(directory.resolve("nbd.sock"));
    Files.deleteIfExists(directory.resolve(SINK_OWNER));
    Files.deleteIfExists(directory);
  }

  /**
   * Removes the socket directories of sinks whose converter was killed (their owner pid is gone),
   * so SIGKILLed conversions do not leave them behind in the scratch root.
   */
  static void sweepAbandonedSinks(Path scratchRoot) {
    try (var entries = Files.newDirectoryStream(scratchRoot, SINK_PREFIX + "*")) {
      for (Path directory : entries) {
        try {
          long pid = Long.parseLong(Files.readString(directory.resolve(SINK_OWNER)).trim());
          if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            deleteSinkDirectory(directory);
          }
        } catch (IOException | NumberFormatException e) {
          // not ours, still being set up, or already gone: leave it
        }
      }
    } catch (IOException e) {
      // an unreadable scratch root fails the conversion right after this, with its own message
    }
  }

  /**
   * After fsync: every range qemu-img wrote is read back and must have the CRC32C the sink took
   * from the wire; the SHA-256 is the one the sink computed while the data arrived.
   */
  private Verified verifyReadBack(NbdWriteSink.Report report, PreparedSource prepared, Path output)
      throws DiskConvertException {
    beforeReadBack.accept(output);
    long start = System.nanoTime();
    Optional<String> mismatch;
    try {
      mismatch = report.verifyReadBack();
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          output + ": cannot read the converted disk back: " + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (mismatch.isPresent()) {
      throw DiskConvertException.unavailable(
          output
              + ": verification failed, the converted disk of "
              + prepared.report().source()
              + " does not hold what qemu-img wrote: "
              + mismatch.get(),
          null);
    }
    return new Verified(
        new ReadyMarker.Verification(STREAM_METHOD, true, 0, 0, seconds), report.sha256());
  }

  /** The marker's {@code verification.method} for {@link VerificationMode#STREAM}. */
  public static final String STREAM_METHOD = "stream: crc32c read-back + sha256";

  /** qemu-img compare (source vs target) and the target's SHA-256, run side by side. */
  private Verified verify(
      PreparedSource prepared,
      QemuImageSpec targetSpec,
      Path output,
      String outputFormat,
      long virtualSize,
      ProgressListener listener)
      throws DiskConvertException {
    ExecutorService hashing =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "convoy-disk-hash");
              thread.setDaemon(true);
              return thread;
            });
    try {
      long hashStart = System.nanoTime();
      Future<double[]> hashSeconds;
      String[] sha = new String[1];
      java.util.concurrent.Callable<double[]> task =
          () -> {
            java.util.function.LongConsumer progress =
                done ->
                    listener.onProgress(
                        ConversionProgress.of(
                            ConversionProgress.Phase.VERIFY,
                            (double) done / Math.max(1, virtualSize),
                            virtualSize,
                            hashStart,
                            System.nanoTime()));
            if (outputFormat.equals("qcow2")) {
              sha[0] =
                  GuestHasher.sha256Mapped(
                      output,
                      qemuImg.map(targetSpec, "qcow2", settings.inspectionLimits()),
                      virtualSize,
                      progress);
            } else {
              sha[0] = GuestHasher.sha256Raw(output, virtualSize, progress);
            }
            return new double[] {(System.nanoTime() - hashStart) / 1e9};
          };
      hashSeconds = hashing.submit(task);
      long compareStart = System.nanoTime();
      Optional<String> difference =
          qemuImg.compare(
              prepared.spec(),
              prepared.qemuFormat(),
              targetSpec,
              outputFormat,
              settings.conversionLimits(virtualSize));
      double compareSeconds = (System.nanoTime() - compareStart) / 1e9;
      double hashTime;
      try {
        hashTime = hashSeconds.get()[0];
      } catch (ExecutionException e) {
        throw DiskConvertException.unavailable(
            output + ": cannot hash the converted disk: " + e.getCause().getMessage(),
            e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw DiskConvertException.unavailable("interrupted while verifying", e);
      }
      if (difference.isPresent()) {
        throw DiskConvertException.unavailable(
            output
                + ": verification failed, the converted disk differs from "
                + prepared.report().source()
                + ": "
                + difference.get(),
            null);
      }
      return new Verified(
          new ReadyMarker.Verification(
              "qemu-img compare + sha256", true, compareSeconds, hashTime, 0),
          sha[0]);
    } finally {
      hashing.shutdownNow();
    }
  }

  private static ConversionProgress done(long virtualSize) {
    return new ConversionProgress(
        ConversionProgress.Phase.DONE, virtualSize, virtualSize, 0, java.util.OptionalLong.of(0));
  }

  private static boolean consistent(ReadyMarker marker, Layout layout, boolean block) {
    if (block) {
      return true;
    }
    try {
      return Files.size(layout.disk()) == marker.diskBytes();
    } catch (IOException e) {
      return false;
    }
  }

  private static void checkTarget(DiskTarget target) throws DiskConvertException {
    if (target instanceof DiskTarget.Directory directory) {
      if (!Files.isDirectory(directory.directory())) {
        throw DiskConvertException.invalidInput(
            directory.directory() + ": the target directory does not exist");
      }
      if (!Files.isWritable(directory.directory())) {
        throw DiskConvertException.invalidInput(
            directory.directory() + ": the target directory is not writable");
      }
      return;
    }
    DiskTarget.BlockDevice device = (DiskTarget.BlockDevice) target;
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(device.device(), BasicFileAttributes.class);
      if (!attributes.isOther()) {
        throw DiskConvertException.invalidInput(device.device() + ": not a block device");
      }
    } catch (IOException e) {
      throw DiskConvertException.invalidInput(device.device() + ": " + e.getMessage());
    }
    Path markerDirectory = device.markerFile().toAbsolutePath().getParent();
    if (!Files.isDirectory(markerDirectory)) {
      throw DiskConvertException.invalidInput(
          markerDirectory + ": the marker's directory does not exist");
    }
  }

  private void checkCapacity(
      DiskTarget target, Layout layout, InspectionReport report, OutputFormat format)
      throws DiskConvertException, IOException {
    long virtualSize = report.virtualSize();
    if (target instanceof DiskTarget.Directory directory) {
      FileStore store = Files.getFileStore(directory.directory());
      long capacity = directory.capacityBytes().orElse(store.getTotalSpace());
      if (virtualSize > capacity) {
        throw new UnsafeImageException(
            Rule.TARGET_CAPACITY,
            report.source(),
            "the virtual size "
                + virtualSize
                + " bytes is larger than the target's capacity of "
                + capacity
                + " bytes ("
                + directory.directory()
                + ")",
            "" + virtualSize);
      }
      long needed = report.allocatedBytes();
      if (format == OutputFormat.QCOW2) {
        needed += needed / 64 + (1 << 20);
      }
      long usable = store.getUsableSpace();
      if (needed > usable) {
        throw new UnsafeImageException(
            Rule.TARGET_SPACE,
            report.source(),
            "the image holds about "
                + needed
                + " bytes of data but "
                + directory.directory()
                + " has only "
                + usable
                + " bytes free",
            "" + needed);
      }
      return;
    }
    QemuImgInfo device =
        qemuImg.info(QemuImageSpec.device(layout.disk()), "raw", settings.inspectionLimits());
    if (virtualSize > device.virtualSize()) {
      throw new UnsafeImageException(
          Rule.TARGET_CAPACITY,
          report.source(),
          "the virtual size "
              + virtualSize
              + " bytes is larger than the block device "
              + layout.disk()
              + " ("
              + device.virtualSize()
              + " bytes)",
          "" + virtualSize);
    }
  }
}
