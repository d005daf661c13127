package dev.convoy.disk.qemu;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * Limits for one qemu-img process: an address-space cap and a CPU-time cap applied with {@code
 * prlimit} (CVE-2015-5162: a crafted image can make qemu-img use unbounded memory and CPU), and a
 * wall-clock timeout after which Convoy kills it.
 *
 * @param addressSpaceBytes {@code prlimit --as}
 * @param cpuSeconds {@code prlimit --cpu}, empty for no CPU cap
 * @param wallTimeout the process is killed after this long
 */
public record ProcessLimits(long addressSpaceBytes, OptionalLong cpuSeconds, Duration wallTimeout) {
  /** For info/measure/map on untrusted images: 1 GiB, 30 CPU seconds, 120 s (Nova/CDI values). */
  public static ProcessLimits inspection() {
    return new ProcessLimits(1L << 30, OptionalLong.of(30), Duration.ofSeconds(120));
  }

  /**
   * For convert and compare: 2 GiB of address space and a CPU budget of 120 s plus one second per
   * 20 MiB of virtual size (zlib inflate of streamOptimized runs at about 200 MiB/s here, so this
   * is 10x headroom), and a wall timeout of twice that plus 10 minutes.
   */
  public static ProcessLimits conversion(long virtualSize) {
    long cpu = 120 + virtualSize / (20L << 20);
    return new ProcessLimits(2L << 30, OptionalLong.of(cpu), Duration.ofSeconds(600 + 2 * cpu));
  }
}
