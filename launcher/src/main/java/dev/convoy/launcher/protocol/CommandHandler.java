package dev.convoy.launcher.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/** What the {@link CommandServer} calls for each command; the launcher implements it. */
public interface CommandHandler {
  DomainStatus sync(JsonNode vmi) throws CommandException;

  DomainStatus shutdown() throws CommandException;

  DomainStatus kill() throws CommandException;

  DomainStatus delete() throws CommandException;

  DomainStatus pause() throws CommandException;

  DomainStatus unpause() throws CommandException;

  DomainStatus domain() throws CommandException;

  /**
   * Subscribes {@code sink} to domain events; the first event is the current status ({@code
   * Added}). Returns what unsubscribes.
   */
  AutoCloseable watch(Consumer<DomainEvent> sink);
}
