package dev.convoy.disk;

import java.util.OptionalLong;

/**
 * A progress report: what phase, how many bytes of how many, the average rate so far and the
 * estimated seconds left.
 */
public record ConversionProgress(
    Phase phase, long bytesDone, long bytesTotal, double bytesPerSecond, OptionalLong etaSeconds) {
  /** The phases of a conversion, in order. */
  public enum Phase {
    INSPECT,
    /** An HTTP source is downloaded into a local staged copy (bytes of the source file). */
    DOWNLOAD,
    CONVERT,
    VERIFY,
    PUBLISH,
    DONE
  }

  /** Fraction done, 0..1. */
  public double fraction() {
    return bytesTotal <= 0 ? 0 : Math.min(1.0, (double) bytesDone / bytesTotal);
  }

  /**
   * Computes a report from a fraction: rate is the average since {@code startNanos}; the ETA is
   * what is left at that rate.
   */
  public static ConversionProgress of(
      Phase phase, double fraction, long bytesTotal, long startNanos, long nowNanos) {
    long done = Math.round(Math.max(0, Math.min(1, fraction)) * bytesTotal);
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = done / seconds;
    OptionalLong eta =
        rate > 0 ? OptionalLong.of(Math.round((bytesTotal - done) / rate)) : OptionalLong.empty();
    return new ConversionProgress(phase, done, bytesTotal, rate, eta);
  }
}
