package dev.convoy.disk;

import dev.convoy.disk.target.ReadyMarker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A finished conversion: the ready disk and its marker.
 *
 * @param disk the disk ({@code disk.img} or the block device)
 * @param markerPath where the ready marker is
 * @param marker its content
 * @param alreadyReady true if the target already held a ready disk from this source and nothing was
 *     converted
 * @param inspection the source's inspection (absent when {@code alreadyReady})
 * @param timings where the time went
 */
public record ConversionResult(
    Path disk,
    Path markerPath,
    ReadyMarker marker,
    boolean alreadyReady,
    Optional<InspectionReport> inspection,
    Timings timings) {
  /** Wall time per phase. */
  public record Timings(Duration inspect, Duration convert, Duration verify, Duration total) {}
}
