package dev.convoy.importer.migration;

import dev.convoy.plans.execution.MigrationRound;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A migration's state: the itinerary state of every VM per wave. The Migration controller keeps it
 * in the Migration's status (see {@code MigrationStatusMapper}) and saves it before it acts, so a
 * restarted controller resumes from it.
 *
 * @param name the Migration's name
 * @param namespace its namespace
 * @param startedAt when it started
 * @param waves the waves it runs
 */
public record MigrationState(
    String name, String namespace, Instant startedAt, List<MigrationRound.Wave> waves) {

  public MigrationState {
    waves = List.copyOf(waves);
  }

  /** Cancel requests ({@code spec.cancel}): VM names, or {@code wave:<name>} for a whole wave. */
  public record CancelRequests(Set<String> targets) {
    /** No cancel requests. */
    public static final CancelRequests NONE = new CancelRequests(Set.of());

    public CancelRequests {
      targets = Set.copyOf(targets);
    }

    /** Whether {@code vm} of {@code wave} is to be canceled. */
    public boolean covers(String wave, String vm) {
      return targets.contains(vm) || targets.contains("wave:" + wave);
    }
  }
}
