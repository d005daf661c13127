package dev.convoy.disk;

import dev.convoy.disk.http.HttpAccess;
import dev.convoy.disk.http.HttpDownload;
import dev.convoy.disk.http.HttpExtentResolver;
import dev.convoy.disk.http.HttpRangeSource;
import dev.convoy.disk.http.NbdServer;
import dev.convoy.disk.http.ProgressiveStagedSource;
import dev.convoy.disk.image.ByteSource;
import dev.convoy.disk.image.CanonicalDescriptor;
import dev.convoy.disk.image.ExtentResolver;
import dev.convoy.disk.image.FileSliceSource;
import dev.convoy.disk.image.ImageInspector;
import dev.convoy.disk.image.InspectedImage;
import dev.convoy.disk.image.LocalExtentResolver;
import dev.convoy.disk.ova.OvaInspector;
import dev.convoy.disk.qemu.InfoCrossCheck;
import dev.convoy.disk.qemu.QemuImageSpec;
import dev.convoy.disk.qemu.QemuImg;
import dev.convoy.disk.qemu.QemuImgInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a {@link DiskSource} into a {@link PreparedSource}: Convoy's own inspection first, then the
 * qemu image spec Convoy builds, then {@code qemu-img info} cross-checked against the inspection.
 */
final class SourcePreparer {
  private final ConverterSettings settings;
  private final QemuImg qemuImg;
  private final java.util.function.Supplier<HttpClient> httpFactory;
  private HttpClient http;

  SourcePreparer(
      ConverterSettings settings,
      QemuImg qemuImg,
      java.util.function.Supplier<HttpClient> httpFactory) {
    this.settings = settings;
    this.qemuImg = qemuImg;
    this.httpFactory = httpFactory;
  }

  private HttpClient http() {
    if (http == null) {
      http = httpFactory.get();
    }
    return http;
  }

  /** Inspects and prepares {@code source}; an HTTP source is served by ranges (never staged). */
  PreparedSource prepare(DiskSource source) throws DiskConvertException {
    return prepare(source, Optional.empty());
  }

  /**
   * Inspects and prepares {@code source} for a conversion: an HTTP source is downloaded once into
   * the scratch directory when the settings ask for it and there is room (progress as {@link
   * ConversionProgress.Phase#DOWNLOAD}), so conversion and verification read a local copy.
   */
  PreparedSource prepareForConversion(DiskSource source, ProgressListener listener)
      throws DiskConvertException {
    return prepare(source, Optional.of(listener));
  }

  private PreparedSource prepare(DiskSource source, Optional<ProgressListener> staging)
      throws DiskConvertException {
    try {
      if (source instanceof DiskSource.LocalFile file) {
        return prepareFile(file);
      } else if (source instanceof DiskSource.OvaMember ova) {
        return prepareOva(ova);
      } else {
        return prepareHttp(
            (DiskSource.Http) source, staging.filter(l -> settings.stageHttpSources()));
      }
    } catch (IOException e) {
      throw DiskConvertException.unavailable(
          source.describe() + ": cannot read the image: " + e.getMessage(), e);
    }
  }

  /** The identity of a source without inspecting it, for the "already converted?" check. */
  String identity(DiskSource source) throws DiskConvertException {
    try {
      if (source instanceof DiskSource.LocalFile file) {
        return fileIdentity("file", realRegularFile(file.path()));
      } else if (source instanceof DiskSource.OvaMember ova) {
        return fileIdentity("ova", realRegularFile(ova.ova()))
            + ova.disk().map(d -> "!" + d).orElse("");
      }
      DiskSource.Http url = (DiskSource.Http) source;
      try (HttpRangeSource head =
          HttpRangeSource.open(http(), url.url(), access(url), HttpRangeSource.INSPECTION_BLOCK)) {
        return httpIdentity(head);
      }
    } catch (IOException e) {
      throw DiskConvertException.unavailable(source.describe() + ": " + e.getMessage(), e);
    }
  }

  private PreparedSource prepareFile(DiskSource.LocalFile file)
      throws IOException, DiskConvertException {
    Path real = realRegularFile(file.path());
    InspectedImage image;
    try (ByteSource bytes = FileSliceSource.wholeFile(real)) {
      image =
          ImageInspector.inspect(
              bytes,
              file.declaredFormat(),
              Optional.<ExtentResolver>of(new LocalExtentResolver(real)),
              settings.maxVirtualSize());
    }
    List<String> rules = rulesFor(image, false, false);
    if (image instanceof InspectedImage.DescriptorVmdk descriptor) {
      Path scratch = scratchDirectory();
      try {
        Path canonical = scratch.resolve("descriptor.vmdk");
        Files.writeString(
            canonical, CanonicalDescriptor.render(descriptor), StandardCharsets.US_ASCII);
        QemuImageSpec spec = QemuImageSpec.file(canonical, "vmdk");
        InspectionReport report = report(real.toString(), image, Optional.empty(), rules);
        crossCheck(
            real.toString(),
            spec,
            new InfoCrossCheck.Expected(
                "vmdk",
                image.virtualSize(),
                Optional.of(descriptor.type().descriptorName()),
                Optional.of(CanonicalDescriptor.expectedExtentFiles(descriptor))));
        return new PreparedSource(
            report, spec, "vmdk", fileIdentity("file", real), Optional.of(scratch));
      } catch (DiskConvertException | IOException | RuntimeException e) {
        new PreparedSource(null, null, null, null, Optional.of(scratch)).close();
        throw e;
      }
    }
    String format = image.format().qemuName();
    QemuImageSpec spec = QemuImageSpec.file(real, format);
    crossCheck(real.toString(), spec, expected(image, format));
    return new PreparedSource(
        report(real.toString(), image, Optional.empty(), rules),
        spec,
        format,
        fileIdentity("file", real),
        Optional.empty());
  }

  private PreparedSource prepareOva(DiskSource.OvaMember source)
      throws IOException, DiskConvertException {
    Path real = realRegularFile(source.ova());
    OvaInspector.OvaContents contents = OvaInspector.inspect(real, settings.ovaLimits());
    OvaInspector.OvaDisk disk = contents.select(source.disk());
    String subject = real + "!" + disk.member().name();
    Optional<ImageFormat> declared = declaredByOvf(disk.formatUri());
    InspectedImage image;
    try (ByteSource bytes =
        FileSliceSource.slice(real, disk.member().dataOffset(), disk.member().size(), subject)) {
      image = ImageInspector.inspect(bytes, declared, Optional.empty(), settings.maxVirtualSize());
    }
    String format = image.format().qemuName();
    QemuImageSpec spec =
        QemuImageSpec.fileSlice(
            real, disk.member().dataOffset(), disk.member().size(), format, subject);
    crossCheck(subject, spec, expected(image, format));
    InspectionReport.Ova ova =
        new InspectionReport.Ova(
            contents.ovfName(),
            disk.member().name(),
            disk.diskId(),
            contents.manifestName(),
            contents.verifiedFiles());
    return new PreparedSource(
        report(subject, image, Optional.of(ova), rulesFor(image, true, false)),
        spec,
        format,
        fileIdentity("ova", real) + source.disk().map(d -> "!" + d).orElse(""),
        Optional.empty());
  }

  private HttpAccess access(DiskSource.Http source) {
    return new HttpAccess(
        source.cookie(), source.headers(), settings.httpTimeout(), source.session());
  }

  /**
   * HTTP: with staging (conversions, when the scratch filesystem has room), one sequential GET into
   * the scratch directory, then Convoy's inspection, qemu-img info, conversion and verification all
   * read that local copy: the bytes inspected are the bytes converted, and the source crosses the
   * network once. Otherwise (or for inspection alone) inspect by ranges and serve the resource to
   * qemu-img through Convoy's own NBD server on a private Unix socket (see {@link NbdServer} for
   * why not qemu's curl driver). A descriptor with one flat extent is converted by reading the
   * extent as raw.
   */
  private PreparedSource prepareHttp(DiskSource.Http source, Optional<ProgressListener> staging)
      throws IOException, DiskConvertException {
    HttpAccess access = access(source);
    String subject = source.describe();
    if (staging.isPresent()) {
      Path scratch = scratchDirectory();
      try {
        Optional<PreparedSource> staged =
            settings.httpSources() == HttpSourceMode.STAGE_THEN_CONVERT
                ? prepareStaged(source, access, scratch, staging.get())
                : prepareStagedWhileConverting(source, access, scratch, staging.get());
        if (staged.isPresent()) {
          return staged.get();
        }
      } catch (DiskConvertException | IOException | RuntimeException e) {
        new PreparedSource(null, null, null, null, Optional.of(scratch)).close();
        throw e;
      }
      new PreparedSource(null, null, null, null, Optional.of(scratch)).close();
    }
    InspectedImage image;
    String identity;
    try (HttpRangeSource bytes =
        HttpRangeSource.open(http(), source.url(), access, HttpRangeSource.INSPECTION_BLOCK)) {
      identity = httpIdentity(bytes);
      image =
          ImageInspector.inspect(
              bytes,
              source.declaredFormat(),
              Optional.<ExtentResolver>of(new HttpExtentResolver(http(), source.url(), access)),
              settings.maxVirtualSize());
    }
    URI served = source.url();
    String format = image.format().qemuName();
    Optional<long[]> window = Optional.empty();
    InfoCrossCheck.Expected expected = expected(image, format);
    if (image instanceof InspectedImage.DescriptorVmdk descriptor) {
      InspectedImage.ResolvedExtent extent = singleFlatExtent(subject, descriptor);
      served = URI.create(extent.location().orElseThrow());
      long size = extent.extent().sectors() * 512;
      window = Optional.of(new long[] {extent.extent().offsetSectors() * 512, size});
      format = "raw";
      expected = new InfoCrossCheck.Expected("raw", size, Optional.empty(), Optional.empty());
    }
    Path scratch = scratchDirectory();
    NbdServer server = null;
    try {
      URI url = served;
      long length;
      try (HttpRangeSource head =
          HttpRangeSource.open(http(), url, access, HttpRangeSource.INSPECTION_BLOCK)) {
        length = head.size();
      }
      server =
          NbdServer.start(
              scratch.resolve("nbd.sock"),
              length,
              () -> HttpRangeSource.open(http(), url, access, HttpRangeSource.STREAMING_BLOCK));
      QemuImageSpec spec = QemuImageSpec.nbd(server.socket(), format, window, subject);
      crossCheck(subject, spec, expected);
      return new PreparedSource(
          report(subject, image, Optional.empty(), rulesFor(image, false, true)),
          spec,
          format,
          identity,
          Optional.of(scratch),
          List.of(server));
    } catch (DiskConvertException | IOException | RuntimeException e) {
      new PreparedSource(
              null,
              null,
              null,
              null,
              Optional.of(scratch),
              server == null ? List.of() : List.of(server))
          .close();
      throw e;
    }
  }

  /**
   * The staged form of {@link #prepareHttp}: empty when the scratch filesystem has no room for the
   * source (the caller streams it by ranges instead). The download must match what HEAD reported
   * (length, validator), so the identity recorded is the identity of the bytes converted.
   */
  private Optional<PreparedSource> prepareStaged(
      DiskSource.Http source, HttpAccess access, Path scratch, ProgressListener listener)
      throws IOException, DiskConvertException {
    String subject = source.describe();
    String identity;
    long length;
    Optional<String> validator;
    try (HttpRangeSource head =
        HttpRangeSource.open(http(), source.url(), access, HttpRangeSource.INSPECTION_BLOCK)) {
      identity = httpIdentity(head);
      length = head.size();
      validator = head.validator();
    }
    sweepAbandonedStaging(scratch);
    if (!roomToStage(scratch, length)) {
      return Optional.empty();
    }
    Files.writeString(scratch.resolve(STAGING_OWNER), Long.toString(ProcessHandle.current().pid()));
    Path staged = scratch.resolve("source");
    String sha256 = download(source.url(), access, length, validator, staged, listener).sha256();
    InspectedImage image;
    try (ByteSource bytes = FileSliceSource.slice(staged, 0, length, subject)) {
      image =
          ImageInspector.inspect(
              bytes,
              source.declaredFormat(),
              Optional.<ExtentResolver>of(new HttpExtentResolver(http(), source.url(), access)),
              settings.maxVirtualSize());
    }
    String format = image.format().qemuName();
    InfoCrossCheck.Expected expected = expected(image, format);
    QemuImageSpec spec = QemuImageSpec.fileSlice(staged, 0, length, format, subject);
    if (image instanceof InspectedImage.DescriptorVmdk descriptor) {
      // the descriptor is a few hundred bytes: stage the flat extent it names and read it as raw
      InspectedImage.ResolvedExtent extent = singleFlatExtent(subject, descriptor);
      URI extentUrl = URI.create(extent.location().orElseThrow());
      long extentLength;
      Optional<String> extentValidator;
      try (HttpRangeSource head =
          HttpRangeSource.open(http(), extentUrl, access, HttpRangeSource.INSPECTION_BLOCK)) {
        extentLength = head.size();
        extentValidator = head.validator();
      }
      if (!roomToStage(scratch, extentLength)) {
        return Optional.empty();
      }
      Path stagedExtent = scratch.resolve("extent");
      sha256 =
          download(extentUrl, access, extentLength, extentValidator, stagedExtent, listener)
              .sha256();
      long size = extent.extent().sectors() * 512;
      format = "raw";
      expected = new InfoCrossCheck.Expected("raw", size, Optional.empty(), Optional.empty());
      spec =
          QemuImageSpec.fileSlice(
              stagedExtent, extent.extent().offsetSectors() * 512, size, format, subject);
    }
    crossCheck(subject, spec, expected);
    return Optional.of(
        new PreparedSource(
            report(subject, image, Optional.empty(), rulesFor(image, false, true)),
            spec,
            format,
            identity,
            Optional.of(scratch),
            List.of(),
            PreparedSource.Completion.done(Optional.of(sha256))));
  }

  /**
   * The staged form of {@link #prepareHttp} that overlaps the download with everything after it:
   * the download starts right after the HEAD, and Convoy's inspection, qemu-img info and (through
   * the returned spec) qemu-img convert read the source through a {@link ProgressiveStagedSource}
   * served by Convoy's NBD server. Inspection reads the header, descriptor, footer and tables
   * before qemu-img opens anything, through that same source: a byte qemu-img reads is either one
   * inspection read (the same value: the source serves every byte with one value, or fails) or one
   * inspection did not need. The conversion must {@link PreparedSource#awaitSource} before it
   * publishes: only a complete download that matched every range read proves the bytes converted
   * are the source's. Empty when the scratch filesystem has no room (the caller streams by ranges).
   */
  private Optional<PreparedSource> prepareStagedWhileConverting(
      DiskSource.Http source, HttpAccess access, Path scratch, ProgressListener listener)
      throws IOException, DiskConvertException {
    String subject = source.describe();
    HttpRangeSource head =
        HttpRangeSource.open(http(), source.url(), access, HttpRangeSource.INSPECTION_BLOCK);
    List<java.io.Closeable> resources = new ArrayList<>();
    resources.add(head);
    try {
      String identity = httpIdentity(head);
      sweepAbandonedStaging(scratch);
      if (!roomToStage(scratch, head.size())) {
        closeAll(resources);
        return Optional.empty();
      }
      Files.writeString(
          scratch.resolve(STAGING_OWNER), Long.toString(ProcessHandle.current().pid()));
      // download progress is reported while preparing; after that qemu-img's progress (which
      // cannot pass the download) says how far the import is
      java.util.concurrent.atomic.AtomicBoolean preparing =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      ProgressiveStagedSource whole =
          stageWhileReading(head, access, scratch.resolve("source"), listener, preparing);
      resources.set(0, whole);
      InspectedImage image =
          ImageInspector.inspect(
              whole,
              source.declaredFormat(),
              Optional.<ExtentResolver>of(new HttpExtentResolver(http(), source.url(), access)),
              settings.maxVirtualSize());
      String format = image.format().qemuName();
      InfoCrossCheck.Expected expected = expected(image, format);
      ProgressiveStagedSource served = whole;
      Optional<long[]> window = Optional.empty();
      if (image instanceof InspectedImage.DescriptorVmdk descriptor) {
        // the descriptor is a few hundred bytes, all of it inspected: its download must end
        // matching it; then stage the flat extent it names and serve that as raw
        InspectedImage.ResolvedExtent extent = singleFlatExtent(subject, descriptor);
        whole.awaitComplete();
        HttpRangeSource extentHead =
            HttpRangeSource.open(
                http(),
                URI.create(extent.location().orElseThrow()),
                access,
                HttpRangeSource.INSPECTION_BLOCK);
        resources.add(extentHead);
        if (extentHead.size() != extent.fileSize()) {
          throw DiskConvertException.unavailable(
              subject
                  + ": the source changed while it was read (the flat extent's length "
                  + extent.fileSize()
                  + " -> "
                  + extentHead.size()
                  + ")",
              null);
        }
        if (!roomToStage(scratch, extentHead.size())) {
          closeAll(resources);
          return Optional.empty();
        }
        served =
            stageWhileReading(extentHead, access, scratch.resolve("extent"), listener, preparing);
        resources.set(resources.size() - 1, served);
        long size = extent.extent().sectors() * 512;
        window = Optional.of(new long[] {extent.extent().offsetSectors() * 512, size});
        format = "raw";
        expected = new InfoCrossCheck.Expected("raw", size, Optional.empty(), Optional.empty());
      }
      ProgressiveStagedSource nbdSource = served;
      NbdServer server =
          NbdServer.start(scratch.resolve("nbd.sock"), served.size(), nbdSource::view);
      resources.add(0, server); // closed first: no reader left when the download stops
      QemuImageSpec spec = QemuImageSpec.nbd(server.socket(), format, window, subject);
      try {
        crossCheck(subject, spec, expected);
      } catch (DiskConvertException e) {
        // qemu-img only says "Input/output error" when the download broke or the source changed
        throw nbdSource.failure().or(whole::failure).orElse(e);
      }
      preparing.set(false);
      return Optional.of(
          new PreparedSource(
              report(subject, image, Optional.empty(), rulesFor(image, false, true)),
              spec,
              format,
              identity,
              Optional.of(scratch),
              List.copyOf(resources),
              completion(nbdSource)));
    } catch (DiskConvertException | IOException | RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private ProgressiveStagedSource stageWhileReading(
      HttpRangeSource head,
      HttpAccess access,
      Path file,
      ProgressListener listener,
      java.util.concurrent.atomic.AtomicBoolean reporting)
      throws IOException {
    long length = head.size();
    long start = System.nanoTime();
    listener.onProgress(
        ConversionProgress.of(ConversionProgress.Phase.DOWNLOAD, 0, length, start, start));
    return ProgressiveStagedSource.start(
        http(),
        head,
        access,
        file,
        true,
        done -> {
          if (reporting.get()) {
            listener.onProgress(
                ConversionProgress.of(
                    ConversionProgress.Phase.DOWNLOAD,
                    (double) done / Math.max(1, length),
                    length,
                    start,
                    System.nanoTime()));
          }
        });
  }

  private static PreparedSource.Completion completion(ProgressiveStagedSource source) {
    return new PreparedSource.Completion() {
      @Override
      public Optional<String> await() throws DiskConvertException {
        return Optional.ofNullable(source.awaitComplete().sha256());
      }

      @Override
      public Optional<DiskConvertException> failure() {
        return source.failure();
      }
    };
  }

  private static void closeAll(List<java.io.Closeable> resources) {
    for (java.io.Closeable resource : resources) {
      try {
        resource.close();
      } catch (IOException | RuntimeException ignored) {
        // best effort: the scratch directory is removed next
      }
    }
  }

  /**
   * One sequential GET of {@code url} into {@code file}, reported as {@link
   * ConversionProgress.Phase#DOWNLOAD}. Range reads through the JDK's HTTP client cost TLS CPU per
   * request and per byte, and verification would read the source a second time.
   */
  private HttpDownload.Downloaded download(
      URI url,
      HttpAccess access,
      long length,
      Optional<String> validator,
      Path file,
      ProgressListener listener)
      throws DiskConvertException {
    long start = System.nanoTime();
    return HttpDownload.toFile(
        http(),
        url,
        access,
        length,
        validator,
        file,
        done ->
            listener.onProgress(
                ConversionProgress.of(
                    ConversionProgress.Phase.DOWNLOAD,
                    (double) done / Math.max(1, length),
                    length,
                    start,
                    System.nanoTime())));
  }

  /** The file naming the process that stages a source in a scratch directory. */
  private static final String STAGING_OWNER = "staging-owner-pid";

  /**
   * Removes the scratch directories of staging processes that are gone (a killed import pod's
   * staged copy would otherwise stay in a shared temporary directory, as large as its source). Only
   * directories this code marked with an owner are touched.
   */
  private void sweepAbandonedStaging(Path mine) {
    try (java.util.stream.Stream<Path> dirs = Files.list(settings.scratchRoot())) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        if (dir.equals(mine) || !dir.getFileName().toString().startsWith("convoy-disk-")) {
          continue;
        }
        try {
          long pid = Long.parseLong(Files.readString(dir.resolve(STAGING_OWNER)).trim());
          if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
        } catch (IOException | NumberFormatException e) {
          continue; // not a staging directory, or not readable: not ours to remove
        }
        new PreparedSource(null, null, null, null, Optional.of(dir)).close();
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort: a leftover costs space, not correctness
    }
  }

  /** Room for a staged copy of {@code length} bytes, keeping 256 MiB free for everyone else. */
  private static boolean roomToStage(Path scratch, long length) throws IOException {
    return Files.getFileStore(scratch).getUsableSpace() - length >= 256L << 20;
  }

  private static InspectedImage.ResolvedExtent singleFlatExtent(
      String subject, InspectedImage.DescriptorVmdk descriptor) throws DiskConvertException {
    List<InspectedImage.ResolvedExtent> extents = descriptor.extents();
    if (extents.size() != 1
        || !(extents.get(0).extent().type().equals("FLAT")
            || extents.get(0).extent().type().equals("VMFS"))) {
      throw DiskConvertException.invalidInput(
          subject
              + ": over HTTP only descriptors with a single flat extent are converted (this "
              + descriptor.type().descriptorName()
              + " disk has "
              + extents.size()
              + " extents); download its files and convert the local descriptor instead");
    }
    return extents.get(0);
  }

  private void crossCheck(String subject, QemuImageSpec spec, InfoCrossCheck.Expected expected)
      throws DiskConvertException {
    QemuImgInfo info = qemuImg.info(spec, expected.format(), settings.inspectionLimits());
    InfoCrossCheck.check(subject, expected, info, settings.maxVirtualSize());
  }

  private static InfoCrossCheck.Expected expected(InspectedImage image, String format) {
    return new InfoCrossCheck.Expected(
        format,
        image.virtualSize(),
        image.createType().map(VmdkCreateType::descriptorName),
        Optional.empty());
  }

  private static Optional<ImageFormat> declaredByOvf(Optional<String> formatUri) {
    if (formatUri.isEmpty()) {
      return Optional.empty();
    }
    String uri = formatUri.get().toLowerCase(Locale.ROOT);
    if (uri.contains("vmdk")) {
      return Optional.of(ImageFormat.VMDK);
    }
    if (uri.contains("qcow")) {
      return Optional.of(ImageFormat.QCOW2);
    }
    return Optional.empty();
  }

  private static InspectionReport report(
      String subject,
      InspectedImage image,
      Optional<InspectionReport.Ova> ova,
      List<String> rules) {
    List<InspectionReport.Extent> extents = new ArrayList<>();
    if (image instanceof InspectedImage.DescriptorVmdk descriptor) {
      for (InspectedImage.ResolvedExtent extent : descriptor.extents()) {
        extents.add(
            new InspectionReport.Extent(
                extent.extent().type(),
                extent.extent().sectors(),
                extent.extent().offsetSectors(),
                extent.location()));
      }
    }
    return new InspectionReport(
        subject,
        image.format(),
        image.createType().map(VmdkCreateType::descriptorName),
        image.virtualSize(),
        image.allocatedBytes(),
        extents,
        ova,
        rules);
  }

  private static List<String> rulesFor(InspectedImage image, boolean ova, boolean http) {
    List<Rule> rules =
        new ArrayList<>(
            List.of(
                Rule.FORMAT_NOT_ALLOWED,
                Rule.FORMAT_MISMATCH,
                Rule.VIRTUAL_SIZE_LIMIT,
                Rule.IMAGE_TRUNCATED));
    if (image instanceof InspectedImage.Qcow2) {
      rules.addAll(
          List.of(
              Rule.QCOW2_HEADER,
              Rule.QCOW2_VERSION,
              Rule.QCOW2_BACKING_FILE,
              Rule.QCOW2_DATA_FILE,
              Rule.QCOW2_INCOMPATIBLE_FEATURES,
              Rule.QCOW2_ENCRYPTED));
    } else if (image instanceof InspectedImage.SparseVmdk sparse) {
      rules.addAll(
          List.of(
              Rule.VMDK_HEADER,
              Rule.VMDK_DESCRIPTOR,
              Rule.VMDK_CREATE_TYPE,
              Rule.VMDK_PARENT,
              Rule.VMDK_EXTENT_SIZE));
      if (sparse.image().header().gdOffset() == dev.convoy.disk.image.VmdkSparseHeader.GD_AT_END) {
        rules.add(Rule.VMDK_FOOTER);
      }
    } else if (image instanceof InspectedImage.DescriptorVmdk) {
      rules.addAll(
          List.of(
              Rule.VMDK_DESCRIPTOR,
              Rule.VMDK_CREATE_TYPE,
              Rule.VMDK_PARENT,
              Rule.VMDK_EXTENT_TYPE,
              Rule.VMDK_EXTENT_NAME,
              Rule.VMDK_EXTENT_FILE,
              Rule.VMDK_EXTENT_SIZE,
              Rule.VMDK_HEADER));
    }
    if (ova) {
      rules.addAll(
          List.of(
              Rule.OVA_MEMBER_TYPE,
              Rule.OVA_MEMBER_NAME,
              Rule.OVA_DUPLICATE_MEMBER,
              Rule.OVA_LIMIT,
              Rule.OVA_OVF,
              Rule.OVA_REFERENCE,
              Rule.OVA_MANIFEST,
              Rule.OVA_CHECKSUM));
    }
    if (http) {
      rules.add(Rule.HTTP_SOURCE);
    }
    rules.add(Rule.QEMU_INFO_MISMATCH);
    List<String> ids = new ArrayList<>();
    for (Rule rule : rules) {
      ids.add(rule.id());
    }
    return ids;
  }

  private static Path realRegularFile(Path path) throws DiskConvertException, IOException {
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw DiskConvertException.invalidInput(path + ": no such file");
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw DiskConvertException.invalidInput(path + ": not a regular file");
    }
    return real;
  }

  private static String fileIdentity(String kind, Path real) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return kind
        + ":"
        + real
        + ":size="
        + attributes.size()
        + ":mtime="
        + attributes.lastModifiedTime().toInstant();
  }

  private static String httpIdentity(HttpRangeSource source) {
    return "http:"
        + source.describe()
        + ":length="
        + source.size()
        + source.validator().map(v -> ":validator=" + v).orElse("");
  }

  private Path scratchDirectory() throws IOException {
    return Files.createTempDirectory(
        settings.scratchRoot(),
        "convoy-disk-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }
}
