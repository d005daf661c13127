package dev.convoy.disk;

import dev.convoy.disk.ova.OvaLimits;
import dev.convoy.disk.qemu.ConvertFlags;
import dev.convoy.disk.qemu.ProcessLimits;
import java.time.Duration;

/**
 * Configuration of inspection and conversion.
 *
 * @param flags qemu-img convert tuning flags
 * @param maxVirtualSize largest virtual size accepted from any image header
 * @param inspectionLimits limits for qemu-img info/map on untrusted images
 * @param convertAddressSpace address-space cap for qemu-img convert/compare
 * @param ovaLimits bounds for OVA members
 * @param httpTimeout per-request timeout for HTTP sources
 * @param scratchRoot where private scratch directories (regenerated descriptors, NBD sockets,
 *     staged HTTP sources) go
 * @param httpSources how a conversion reads an HTTP source: by default it is downloaded once into
 *     the scratch directory (when it has room) while qemu-img already converts it, instead of being
 *     streamed to qemu-img by ranges twice (conversion, then verification)
 */
public record ConverterSettings(
    ConvertFlags flags,
    long maxVirtualSize,
    ProcessLimits inspectionLimits,
    long convertAddressSpace,
    OvaLimits ovaLimits,
    Duration httpTimeout,
    java.nio.file.Path scratchRoot,
    HttpSourceMode httpSources) {
  /** 64 TiB, just above VMware's 62 TB VMDK limit. */
  public static final long DEFAULT_MAX_VIRTUAL_SIZE = 64L << 40;

  /** The measured defaults ({@code -W -m 16 -t writeback}, 64 TiB cap, Nova-like limits). */
  public static ConverterSettings defaults() {
    return new ConverterSettings(
        ConvertFlags.measuredDefaults(),
        DEFAULT_MAX_VIRTUAL_SIZE,
        ProcessLimits.inspection(),
        2L << 30,
        OvaLimits.defaults(),
        Duration.ofSeconds(60),
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")),
        HttpSourceMode.STAGE_WHILE_CONVERTING);
  }

  public ConverterSettings withFlags(ConvertFlags newFlags) {
    return new ConverterSettings(
        newFlags,
        maxVirtualSize,
        inspectionLimits,
        convertAddressSpace,
        ovaLimits,
        httpTimeout,
        scratchRoot,
        httpSources);
  }

  public ConverterSettings withMaxVirtualSize(long newMax) {
    return new ConverterSettings(
        flags,
        newMax,
        inspectionLimits,
        convertAddressSpace,
        ovaLimits,
        httpTimeout,
        scratchRoot,
        httpSources);
  }

  public ConverterSettings withScratchRoot(java.nio.file.Path newRoot) {
    return new ConverterSettings(
        flags,
        maxVirtualSize,
        inspectionLimits,
        convertAddressSpace,
        ovaLimits,
        httpTimeout,
        newRoot,
        httpSources);
  }

  /** These settings, staging HTTP sources (while converting) or streaming them by ranges. */
  public ConverterSettings withHttpStaging(boolean stage) {
    return withHttpSources(stage ? HttpSourceMode.STAGE_WHILE_CONVERTING : HttpSourceMode.RANGES);
  }

  /**
   * These settings with another per-request timeout for HTTP sources (connect, and a body that
   * stops arriving): how long a hung server holds a conversion.
   */
  public ConverterSettings withHttpTimeout(Duration timeout) {
    return new ConverterSettings(
        flags,
        maxVirtualSize,
        inspectionLimits,
        convertAddressSpace,
        ovaLimits,
        timeout,
        scratchRoot,
        httpSources);
  }

  /** These settings, reading HTTP sources as {@code mode} says. */
  public ConverterSettings withHttpSources(HttpSourceMode mode) {
    return new ConverterSettings(
        flags,
        maxVirtualSize,
        inspectionLimits,
        convertAddressSpace,
        ovaLimits,
        httpTimeout,
        scratchRoot,
        mode);
  }

  /** Whether HTTP sources are staged in the scratch directory (when it has room). */
  public boolean stageHttpSources() {
    return httpSources != HttpSourceMode.RANGES;
  }

  /** Limits for one convert or compare of an image of {@code virtualSize} bytes. */
  public ProcessLimits conversionLimits(long virtualSize) {
    ProcessLimits base = ProcessLimits.conversion(virtualSize);
    return new ProcessLimits(convertAddressSpace, base.cpuSeconds(), base.wallTimeout());
  }
}
