package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.qemu.ProcessQemuImg;
import dev.convoy.disk.testing.DemoGuest;
import dev.convoy.disk.testing.RangeHttpServer;
import dev.convoy.disk.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP sources served like a vCenter datastore download (ranges, a session cookie): by default
 * staged while qemu-img converts them (reads wait for the download or fetch far-ahead blocks by
 * ranges), staged first, or streamed by ranges; Convoy inspects them before qemu-img opens them.
 */
class HttpSourceTest {
  private static final String COOKIE = "vmware_soap_session=\"52f1c0de-test\"";

  /** A streamOptimized VMDK in VMware's layout, larger than the read-ahead window. */
  private static final String LARGE_VMWARE_STREAM = "large-vmware.vmdk";

  @TempDir static Path work;
  static DemoGuest guest;
  static Path served;
  static RangeHttpServer server;
  static int cases;

  @BeforeAll
  static void serve() throws Exception {
    guest = DemoGuest.load();
    served = Files.createDirectory(work.resolve("datastore"));
    Files.copy(guest.file("GUEST_VMDK_STREAM"), served.resolve("stream.vmdk"));
    Files.copy(guest.file("GUEST_VMDK_SPARSE"), served.resolve("sparse.vmdk"));
    Files.copy(guest.file("GUEST_QCOW2"), served.resolve("disk.qcow2"));
    Files.copy(guest.file("GUEST_RAW"), served.resolve("disk.raw"));
    TestImages.vmdk(guest.file("GUEST_RAW"), served.resolve("vm.vmdk"), "monolithicFlat");
    Files.writeString(
        served.resolve("evil.vmdk"),
        """
        # Disk DescriptorFile
        version=1
        CID=12345678
        parentCID=ffffffff
        createType="vmfs"
        RW 2048 VMFS "/etc/passwd" 0
        """);
    server = new RangeHttpServer(served, COOKIE, true);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void plainServer() {
    server.throttleFullGets(0);
    server.cutFullGetsAfter(-1);
    server.flipFullGetByteAt(-1);
  }

  /** The served file {@code name} with the session cookie. */
  private static DiskSource.Http http(String name) {
    return http(server, name, Optional.of(COOKIE), Map.of());
  }

  private static DiskSource.Http http(
      RangeHttpServer from, String name, Optional<String> cookie, Map<String, String> headers) {
    return new DiskSource.Http(from.url(name), cookie, headers, Optional.empty(), true);
  }

  /** A new empty directory under the test's work directory. */
  private static Path directory(String name) throws Exception {
    return Files.createDirectory(work.resolve(name + "-" + ++cases));
  }

  private static ConversionResult convert(
      DiskSource source, Path target, ConverterSettings settings) throws DiskConvertException {
    return convert(source, target, settings, ProgressListener.NONE);
  }

  private static ConversionResult convert(
      DiskSource source, Path target, ConverterSettings settings, ProgressListener listener)
      throws DiskConvertException {
    return new DiskConverter(settings, ProcessQemuImg.fromPath())
        .convert(ConversionRequest.of(source, DiskTarget.Directory.of(target)), listener);
  }

  private static ConversionResult convert(DiskSource source) throws Exception {
    return convert(source, directory("target"), ConverterSettings.defaults());
  }

  private static void assertEmpty(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }

  /** Nothing was published: neither a disk nor a ready marker. */
  private static void assertNothingPublished(Path target) {
    assertThat(target.resolve("disk.img")).doesNotExist();
    assertThat(target.resolve("disk.img.convoy.json")).doesNotExist();
  }

  @Test
  void streamOptimizedOverHttpWithCookie() throws Exception {
    ConversionResult result = convert(http("stream.vmdk"));
    assertThat(sha256(result.disk())).isEqualTo(guest.diskSha256());
    assertThat(result.marker().sourceIdentity()).startsWith("http:").doesNotContain("52f1c0de");
    assertThat(result.marker().source()).doesNotContain("dcPath");
  }

  @Test
  void rawOverHttp() throws Exception {
    ConversionResult result =
        convert(
            new DiskSource.Http(
                server.url("disk.raw"),
                Optional.of(COOKIE),
                Map.of(),
                Optional.of(ImageFormat.RAW),
                true));
    assertThat(result.marker().sha256()).isEqualTo(guest.diskSha256());
  }

  @Test
  void descriptorWithFlatExtentIsFetchedAsRaw() throws Exception {
    ConversionResult result = convert(http("vm.vmdk"));
    assertThat(result.marker().sha256()).isEqualTo(guest.diskSha256());
    assertThat(result.marker().sourceFormat()).isEqualTo("raw");
    assertThat(result.marker().createType()).isEqualTo("monolithicFlat");
    assertThat(result.marker().sourceSha256()).isEqualTo(sha256(served.resolve("vm-flat.vmdk")));
    assertThat(result.inspection().orElseThrow().extents())
        .singleElement()
        .satisfies(extent -> assertThat(extent.file().orElseThrow()).contains("vm-flat.vmdk"));
  }

  /**
   * Staged while converting, with the download slower than qemu-img (so its reads wait): the disk
   * is byte for byte the one a conversion of the same file from a local path writes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"stream.vmdk", "sparse.vmdk", "vm.vmdk", "disk.qcow2"})
  void stagedWhileConvertingWritesTheSameDiskAsALocalConversion(String name) throws Exception {
    ConversionResult local =
        convert(
            DiskSource.LocalFile.of(served.resolve(name)),
            directory("local"),
            ConverterSettings.defaults());
    server.throttleFullGets(48 << 20);
    List<ConversionProgress.Phase> phases = new CopyOnWriteArrayList<>();
    ConversionResult overHttp =
        convert(
            http(name),
            directory("progressive"),
            ConverterSettings.defaults(),
            progress -> phases.add(progress.phase()));
    assertThat(sha256(overHttp.disk())).isEqualTo(sha256(local.disk()));
    assertThat(overHttp.marker().sha256()).isEqualTo(guest.diskSha256());
    assertThat(overHttp.marker().verification().identical()).isTrue();
    assertThat(phases).contains(ConversionProgress.Phase.DOWNLOAD);
    String downloaded = name.equals("vm.vmdk") ? "vm-flat.vmdk" : name;
    assertThat(overHttp.marker().sourceSha256()).isEqualTo(sha256(served.resolve(downloaded)));
  }

  /**
   * VMware's streamOptimized layout keeps the footer at the end: inspection and qemu-img read it
   * long before the download gets there, by a range request, and the download must then bring the
   * same bytes; when it does not, the conversion fails and publishes nothing.
   */
  @Test
  void aFarAheadFooterIsReadByRangeAndMustMatchTheDownload() throws Exception {
    Path large = served.resolve(LARGE_VMWARE_STREAM);
    if (!Files.exists(large)) {
      Path raw = TestImages.sparseRaw(work.resolve("large.raw"), 288L << 20, 20261207);
      Path qemuStream = work.resolve("large-qemu.vmdk");
      TestImages.qemuImg(
          "convert",
          "-f",
          "raw",
          "-O",
          "vmdk",
          "-o",
          "subformat=streamOptimized",
          raw.toString(),
          qemuStream.toString());
      TestImages.vmwareStyleStream(qemuStream, large);
      Files.delete(qemuStream);
    }
    long size = Files.size(large);
    assertThat(size)
        .isGreaterThan(dev.convoy.disk.http.ProgressiveStagedSource.WAIT_WINDOW + (4 << 20));
    ConversionResult local =
        convert(DiskSource.LocalFile.of(large), directory("local"), ConverterSettings.defaults());

    // slow enough that inspection reads the footer while the download is >64 MiB behind
    server.throttleFullGets(20 << 20);
    int rangesBefore = server.rangeRequests();
    ConversionResult overHttp = convert(http(LARGE_VMWARE_STREAM));
    assertThat(server.rangeRequests()).isGreaterThan(rangesBefore);
    assertThat(sha256(overHttp.disk())).isEqualTo(sha256(local.disk()));
    assertThat(overHttp.marker().sourceSha256()).isEqualTo(sha256(large));

    // the download brings another footer byte than the range request did: the source changed
    server.flipFullGetByteAt(size - 1024 + 16);
    Path scratch = directory("scratch");
    Path target = directory("changed");
    DiskConvertException changed =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                convert(
                    http(LARGE_VMWARE_STREAM),
                    target,
                    ConverterSettings.defaults().withScratchRoot(scratch)));
    assertThat(changed.getMessage()).contains("the source changed while it was read");
    assertNothingPublished(target);
    assertEmpty(scratch);
  }

  @Test
  void aDownloadCutMidwayIsAClearErrorAndPublishesNothing() throws Exception {
    server.throttleFullGets(32 << 20);
    server.cutFullGetsAfter(4 << 20);
    Path scratch = directory("scratch");
    Path target = directory("cut");
    DiskConvertException error =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                convert(
                    http("stream.vmdk"),
                    target,
                    ConverterSettings.defaults().withScratchRoot(scratch)));
    assertThat(error.getMessage())
        .contains(server.url("stream.vmdk").getPath())
        .containsAnyOf("download failed", "the download ended after");
    assertThat(error.getMessage()).doesNotContain("Input/output error");
    assertNothingPublished(target);
    assertEmpty(scratch);
  }

  @Test
  void extraHeadersAreSentOnEveryRequest() throws Exception {
    try (RangeHttpServer bearer = new RangeHttpServer(served, null, true)) {
      bearer.requireHeader("Authorization", "Bearer convoy-token");
      ConversionResult result =
          convert(
              http(
                  bearer,
                  "stream.vmdk",
                  Optional.empty(),
                  Map.of("Authorization", "Bearer convoy-token")));
      assertThat(result.marker().sha256()).isEqualTo(guest.diskSha256());
      assertThat(bearer.rejected()).isZero();
    }
  }

  @Test
  void missingCookieIsAClearError() throws Exception {
    Path target = directory("nocookie");
    DiskConvertException error =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                convert(
                    http(server, "stream.vmdk", Optional.empty(), Map.of()),
                    target,
                    ConverterSettings.defaults()));
    assertThat(error.getMessage()).contains("403").contains("cookie");
    assertEmpty(target);
  }

  @Test
  void descriptorNamingAHostFileIsRefused() {
    UnsafeImageException refusal =
        catchThrowableOfType(
            UnsafeImageException.class, () -> DiskInspector.create().inspect(http("evil.vmdk")));
    assertThat(refusal.rule()).isEqualTo(Rule.VMDK_EXTENT_NAME);
    assertThat(refusal.offendingValue()).isEqualTo("/etc/passwd");
  }

  @Test
  void serverWithoutRangesIsRefused() throws Exception {
    try (RangeHttpServer noRanges = new RangeHttpServer(served, null, false)) {
      UnsafeImageException refusal =
          catchThrowableOfType(
              UnsafeImageException.class,
              () ->
                  DiskInspector.create()
                      .inspect(http(noRanges, "stream.vmdk", Optional.empty(), Map.of())));
      assertThat(refusal.rule()).isEqualTo(Rule.HTTP_SOURCE);
    }
  }

  @Test
  void stagedConversionCrossesTheNetworkOnceAndLeavesNoCopy() throws Exception {
    Path scratch = directory("scratch-staged");
    // a killed stager's copy is swept; a live one's (this JVM's) is not
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path abandoned = Files.createDirectory(scratch.resolve("convoy-disk-abandoned"));
    Files.writeString(abandoned.resolve("staging-owner-pid"), Long.toString(gone.pid()));
    Files.write(abandoned.resolve("source"), new byte[4096]);
    Path live = Files.createDirectory(scratch.resolve("convoy-disk-live"));
    Files.writeString(
        live.resolve("staging-owner-pid"), Long.toString(ProcessHandle.current().pid()));
    for (HttpSourceMode mode :
        List.of(HttpSourceMode.STAGE_WHILE_CONVERTING, HttpSourceMode.STAGE_THEN_CONVERT)) {
      List<ConversionProgress.Phase> phases = new CopyOnWriteArrayList<>();
      int before = server.requests();
      ConversionResult result =
          convert(
              http("stream.vmdk"),
              directory("staged"),
              ConverterSettings.defaults().withScratchRoot(scratch).withHttpSources(mode),
              progress -> phases.add(progress.phase()));
      assertThat(sha256(result.disk())).as(mode.name()).isEqualTo(guest.diskSha256());
      assertThat(result.marker().verification().identical()).isTrue();
      assertThat(phases).contains(ConversionProgress.Phase.DOWNLOAD);
      assertThat(result.marker().sourceSha256()).isEqualTo(sha256(served.resolve("stream.vmdk")));
      // two HEADs (identity, then the staged download's check) and one GET: conversion and
      // verification both read the staged copy, not the server
      assertThat(server.requests() - before).as(mode.name()).isLessThanOrEqualTo(3);
      try (Stream<Path> left = Files.list(scratch)) {
        assertThat(left).containsExactly(live);
      }
    }
  }

  @Test
  void streamingByRangesWithoutStaging() throws Exception {
    List<ConversionProgress.Phase> phases = new CopyOnWriteArrayList<>();
    ConversionResult result =
        convert(
            http("stream.vmdk"),
            directory("ranges"),
            ConverterSettings.defaults().withHttpSources(HttpSourceMode.RANGES),
            progress -> phases.add(progress.phase()));
    assertThat(sha256(result.disk())).isEqualTo(guest.diskSha256());
    assertThat(result.marker().verification().identical()).isTrue();
    assertThat(phases).doesNotContain(ConversionProgress.Phase.DOWNLOAD);
    assertThat(result.marker().sourceSha256()).isNull();
  }

  @Test
  void stagedDescriptorNamingAHostFileIsRefusedAndNothingIsLeft() throws Exception {
    Path scratch = directory("scratch-evil");
    Path target = directory("evil");
    UnsafeImageException refusal =
        catchThrowableOfType(
            UnsafeImageException.class,
            () ->
                convert(
                    http("evil.vmdk"),
                    target,
                    ConverterSettings.defaults().withScratchRoot(scratch)));
    assertThat(refusal.rule()).isEqualTo(Rule.VMDK_EXTENT_NAME);
    assertEmpty(scratch);
    assertEmpty(target);
  }
}
