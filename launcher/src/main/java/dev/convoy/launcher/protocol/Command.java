package dev.convoy.launcher.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The commands of the launcher protocol, by their wire names (see docs/launcher-protocol.md). */
public enum Command {
  /** Unversioned: the versions the server speaks. */
  INFO("Info"),
  PING("Ping"),
  /** Carries the VMI; defines and starts the domain if it is not running. */
  SYNC("Sync"),
  /** Graceful: ACPI power button, repeated, then destroy after the grace period. */
  SHUTDOWN("Shutdown"),
  /** Destroys the domain at once. */
  KILL("Kill"),
  /** Destroys the domain if it runs and removes its definition; the launcher then exits. */
  DELETE("Delete"),
  PAUSE("Pause"),
  UNPAUSE("Unpause"),
  GET_DOMAIN("GetDomain"),
  /** Turns the connection into a stream of {@link DomainEvent}s. */
  WATCH("Watch");

  private final String wireName;

  Command(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Command> fromWire(String name) {
    return Arrays.stream(values()).filter(c -> c.wireName.equals(name)).findFirst();
  }
}
