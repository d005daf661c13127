package dev.convoy.importer.migration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.convoy.plans.execution.MigrationRound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A migration's saved state: the itinerary state of every VM per wave. The executor saves it before
 * it acts, so a restarted executor resumes from it.
 *
 * @param name the migration's name (the plan's)
 * @param namespace where it is saved
 * @param startedAt when it started
 * @param waves the waves it runs
 */
public record MigrationState(
    String name, String namespace, Instant startedAt, List<MigrationRound.Wave> waves) {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .findAndAddModules()
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public MigrationState {
    waves = List.copyOf(waves);
  }

  /** The key its state is saved under. */
  public static String stateKey(String name) {
    return name;
  }

  /** The key cancel requests are saved under. */
  public static String cancelKey(String name) {
    return name + "-cancel";
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MigrationState fromJson(String json) {
    try {
      return JSON.readValue(json, MigrationState.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable migration state: " + e.getMessage(), e);
    }
  }

  /** Cancel requests: VM names, or {@code wave:<name>} for a whole wave. */
  public record CancelRequests(Set<String> targets) {
    public CancelRequests {
      targets = Set.copyOf(targets);
    }

    public String toJson() {
      try {
        return JSON.writeValueAsString(this);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public static CancelRequests fromJson(String json) {
      try {
        return JSON.readValue(json, CancelRequests.class);
      } catch (IOException e) {
        throw new IllegalArgumentException("unreadable cancel requests: " + e.getMessage(), e);
      }
    }

    /** Whether {@code vm} of {@code wave} is to be canceled. */
    public boolean covers(String wave, String vm) {
      return targets.contains(vm) || targets.contains("wave:" + wave);
    }
  }
}
