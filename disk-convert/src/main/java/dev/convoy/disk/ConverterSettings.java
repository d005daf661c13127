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
 * @param stageHttpSources download an HTTP source once into the scratch directory (when it has
 *     room) and convert and verify from that copy, instead of streaming it to qemu-img by ranges
 *     twice (conversion, then verification)
 */
public record ConverterSettings(
    ConvertFlags flags,
    long maxVirtualSize,
    ProcessLimits inspectionLimits,
    long convertAddressSpace,
    OvaLimits ovaLimits,
    Duration httpTimeout,
    java.nio.file.Path scratchRoot,
    boolean stageHttpSources) {
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
        true);
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
        stageHttpSources);
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
        stageHttpSources);
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
        stageHttpSources);
  }

  /** These settings, staging HTTP sources or streaming them by ranges. */
  public ConverterSettings withHttpStaging(boolean stage) {
    return new ConverterSettings(
        flags,
        maxVirtualSize,
        inspectionLimits,
        convertAddressSpace,
        ovaLimits,
        httpTimeout,
        scratchRoot,
        stage);
  }

  /** Limits for one convert or compare of an image of {@code virtualSize} bytes. */
  public ProcessLimits conversionLimits(long virtualSize) {
    ProcessLimits base = ProcessLimits.conversion(virtualSize);
    return new ProcessLimits(convertAddressSpace, base.cpuSeconds(), base.wallTimeout());
  }
}
