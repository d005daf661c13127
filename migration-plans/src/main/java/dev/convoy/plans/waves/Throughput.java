package dev.convoy.plans.waves;

import java.time.Duration;

/**
 * How fast a wave's disks copy, for duration estimates: the wave's aggregate rate, optionally a
 * per-disk ceiling (one disk never copies faster than this), and a fixed overhead per wave
 * (power-off, conversion, first boot).
 *
 * @param measured true when the numbers come from a measured run rather than an assumption
 */
public record Throughput(
    double bytesPerSecond,
    Double perDiskBytesPerSecond,
    Duration overheadPerWave,
    boolean measured) {
  public Throughput {
    if (!(bytesPerSecond > 0)) {
      throw new IllegalArgumentException("throughput must be positive");
    }
    if (perDiskBytesPerSecond != null && !(perDiskBytesPerSecond > 0)) {
      throw new IllegalArgumentException("per-disk throughput must be positive");
    }
    overheadPerWave = overheadPerWave == null ? Duration.ZERO : overheadPerWave;
  }

  /** The estimated time to move {@code bytes} whose largest disk is {@code largestDisk}. */
  public Duration estimate(long bytes, long largestDisk) {
    double seconds = bytes / bytesPerSecond;
    if (perDiskBytesPerSecond != null) {
      seconds = Math.max(seconds, largestDisk / perDiskBytesPerSecond);
    }
    return Duration.ofSeconds((long) Math.ceil(seconds)).plus(overheadPerWave);
  }
}
