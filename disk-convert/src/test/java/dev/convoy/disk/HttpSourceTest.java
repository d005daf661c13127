package dev.convoy.disk;

import static dev.convoy.disk.testing.TestImages.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.disk.testing.DemoGuest;
import dev.convoy.disk.testing.RangeHttpServer;
import dev.convoy.disk.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP sources served like a vCenter datastore download (ranges, a session cookie): qemu's curl
 * driver reads them; Convoy inspects them by ranges first.
 */
class HttpSourceTest {
  private static final String COOKIE = "vmware_soap_session=\"52f1c0de-test\"";

  @TempDir static Path work;
  static DemoGuest guest;
  static Path served;
  static RangeHttpServer server;

  @BeforeAll
  static void serve() throws Exception {
    guest = DemoGuest.load();
    served = Files.createDirectory(work.resolve("datastore"));
    Files.copy(guest.file("GUEST_VMDK_STREAM"), served.resolve("stream.vmdk"));
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

  private ConversionResult convert(DiskSource source, String name) throws Exception {
    Path target = Files.createDirectory(work.resolve(name));
    return DiskConverter.create()
        .convert(
            ConversionRequest.of(source, DiskTarget.Directory.of(target)), ProgressListener.NONE);
  }

  @Test
  void streamOptimizedOverHttpWithCookie() throws Exception {
    ConversionResult result =
        convert(
            new DiskSource.Http(
                server.url("stream.vmdk"),
                Optional.of(COOKIE),
                java.util.Map.of(),
                Optional.empty(),
                true),
            "stream");
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
                java.util.Map.of(),
                Optional.of(ImageFormat.RAW),
                true),
            "raw");
    assertThat(result.marker().sha256()).isEqualTo(guest.diskSha256());
  }

  @Test
  void descriptorWithFlatExtentIsFetchedAsRaw() throws Exception {
    ConversionResult result =
        convert(
            new DiskSource.Http(
                server.url("vm.vmdk"),
                Optional.of(COOKIE),
                java.util.Map.of(),
                Optional.empty(),
                true),
            "flat");
    assertThat(result.marker().sha256()).isEqualTo(guest.diskSha256());
    assertThat(result.marker().sourceFormat()).isEqualTo("raw");
    assertThat(result.marker().createType()).isEqualTo("monolithicFlat");
    assertThat(result.inspection().orElseThrow().extents())
        .singleElement()
        .satisfies(extent -> assertThat(extent.file().orElseThrow()).contains("vm-flat.vmdk"));
  }

  @Test
  void extraHeadersAreSentOnEveryRequest() throws Exception {
    try (RangeHttpServer bearer = new RangeHttpServer(served, null, true)) {
      bearer.requireHeader("Authorization", "Bearer convoy-token");
      ConversionResult result =
          convert(
              new DiskSource.Http(
                  bearer.url("stream.vmdk"),
                  Optional.empty(),
                  java.util.Map.of("Authorization", "Bearer convoy-token"),
                  Optional.empty(),
                  true),
              "bearer");
      assertThat(result.marker().sha256()).isEqualTo(guest.diskSha256());
      assertThat(bearer.rejected()).isZero();
    }
  }

  @Test
  void missingCookieIsAClearError() throws Exception {
    Path target = Files.createDirectory(work.resolve("nocookie"));
    DiskConvertException error =
        catchThrowableOfType(
            DiskConvertException.class,
            () ->
                DiskConverter.create()
                    .convert(
                        ConversionRequest.of(
                            new DiskSource.Http(
                                server.url("stream.vmdk"),
                                Optional.empty(),
                                java.util.Map.of(),
                                Optional.empty(),
                                true),
                            DiskTarget.Directory.of(target)),
                        ProgressListener.NONE));
    assertThat(error.getMessage()).contains("403").contains("cookie");
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void descriptorNamingAHostFileIsRefused() {
    UnsafeImageException refusal =
        catchThrowableOfType(
            UnsafeImageException.class,
            () ->
                DiskInspector.create()
                    .inspect(
                        new DiskSource.Http(
                            server.url("evil.vmdk"),
                            Optional.of(COOKIE),
                            java.util.Map.of(),
                            Optional.empty(),
                            true)));
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
                      .inspect(
                          new DiskSource.Http(
                              noRanges.url("stream.vmdk"),
                              Optional.empty(),
                              java.util.Map.of(),
                              Optional.empty(),
                              true)));
      assertThat(refusal.rule()).isEqualTo(Rule.HTTP_SOURCE);
    }
  }

  @Test
  void stagedConversionCrossesTheNetworkOnceAndLeavesNoCopy() throws Exception {
    Path scratch = Files.createDirectory(work.resolve("scratch-staged"));
    Path target = Files.createDirectory(work.resolve("staged"));
    // a killed stager's copy is swept; a live one's (this JVM's) is not
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path abandoned = Files.createDirectory(scratch.resolve("convoy-disk-abandoned"));
    Files.writeString(abandoned.resolve("staging-owner-pid"), Long.toString(gone.pid()));
    Files.write(abandoned.resolve("source"), new byte[4096]);
    Path live = Files.createDirectory(scratch.resolve("convoy-disk-live"));
    Files.writeString(
        live.resolve("staging-owner-pid"), Long.toString(ProcessHandle.current().pid()));
    java.util.List<ConversionProgress.Phase> phases =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    int before = server.requests();
    ConversionResult result =
        new DiskConverter(
                ConverterSettings.defaults().withScratchRoot(scratch),
                dev.convoy.disk.qemu.ProcessQemuImg.fromPath())
            .convert(
                ConversionRequest.of(
                    new DiskSource.Http(
                        server.url("stream.vmdk"),
                        Optional.of(COOKIE),
                        java.util.Map.of(),
                        Optional.empty(),
                        true),
                    DiskTarget.Directory.of(target)),
                progress -> phases.add(progress.phase()));
    assertThat(sha256(result.disk())).isEqualTo(guest.diskSha256());
    assertThat(result.marker().verification().identical()).isTrue();
    assertThat(phases).contains(ConversionProgress.Phase.DOWNLOAD);
    assertThat(result.marker().sourceSha256()).isEqualTo(sha256(served.resolve("stream.vmdk")));
    // two HEADs (identity, then the staged download's check) and one GET: conversion and
    // verification both read the staged copy, not the server
    assertThat(server.requests() - before).isLessThanOrEqualTo(3);
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).containsExactly(live);
    }
  }

  @Test
  void streamingByRangesWithoutStaging() throws Exception {
    Path target = Files.createDirectory(work.resolve("ranges"));
    java.util.List<ConversionProgress.Phase> phases =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    ConversionResult result =
        new DiskConverter(
                ConverterSettings.defaults().withHttpStaging(false),
                dev.convoy.disk.qemu.ProcessQemuImg.fromPath())
            .convert(
                ConversionRequest.of(
                    new DiskSource.Http(
                        server.url("stream.vmdk"),
                        Optional.of(COOKIE),
                        java.util.Map.of(),
                        Optional.empty(),
                        true),
                    DiskTarget.Directory.of(target)),
                progress -> phases.add(progress.phase()));
    assertThat(sha256(result.disk())).isEqualTo(guest.diskSha256());
    assertThat(result.marker().verification().identical()).isTrue();
    assertThat(phases).doesNotContain(ConversionProgress.Phase.DOWNLOAD);
    assertThat(result.marker().sourceSha256()).isNull();
  }

  @Test
  void stagedDescriptorNamingAHostFileIsRefusedAndNothingIsLeft() throws Exception {
    Path scratch = Files.createDirectory(work.resolve("scratch-evil"));
    Path target = Files.createDirectory(work.resolve("evil"));
    UnsafeImageException refusal =
        catchThrowableOfType(
            UnsafeImageException.class,
            () ->
                new DiskConverter(
                        ConverterSettings.defaults().withScratchRoot(scratch),
                        dev.convoy.disk.qemu.ProcessQemuImg.fromPath())
                    .convert(
                        ConversionRequest.of(
                            new DiskSource.Http(
                                server.url("evil.vmdk"),
                                Optional.of(COOKIE),
                                java.util.Map.of(),
                                Optional.empty(),
                                true),
                            DiskTarget.Directory.of(target)),
                        ProgressListener.NONE));
    assertThat(refusal.rule()).isEqualTo(Rule.VMDK_EXTENT_NAME);
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files).isEmpty();
    }
  }
}
