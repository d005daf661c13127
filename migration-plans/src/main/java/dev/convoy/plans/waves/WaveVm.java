package dev.convoy.plans.waves;

import java.util.List;

/** A VM in a planned wave with every reason it sits there. */
public record WaveVm(
    String id,
    String name,
    long provisionedBytes,
    int diskCount,
    String environment,
    int priority,
    List<PlacementReason> reasons) {
  public WaveVm {
    reasons = List.copyOf(reasons);
  }
}
