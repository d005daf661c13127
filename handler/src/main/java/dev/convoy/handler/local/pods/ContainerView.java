package dev.convoy.handler.local.pods;

import java.time.Instant;

/**
 * What the runner knows about one container of a local pod, the input of {@link PodStatuses}.
 *
 * @param restartCount how often the container was restarted
 */
public record ContainerView(String name, String image, State state, int restartCount, long pid) {

  /** The container's state, as in a pod's containerStatuses. */
  public sealed interface State {
    /** Not started: {@code reason} is e.g. ContainerCreating or CreateContainerConfigError. */
    record Waiting(String reason, String message) implements State {}

    /** Its process runs; {@code ready} from the readiness probe (true without one). */
    record Running(Instant startedAt, boolean ready) implements State {}

    /** Its process ended. */
    record Terminated(int exitCode, String reason, Instant startedAt, Instant finishedAt)
        implements State {}
  }

  /** Waiting to be created. */
  public static ContainerView waiting(String name, String image, String reason, String message) {
    return new ContainerView(name, image, new State.Waiting(reason, message), 0, 0);
  }
}
