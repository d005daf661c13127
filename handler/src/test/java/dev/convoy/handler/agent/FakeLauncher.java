package dev.convoy.handler.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.launcher.protocol.CommandException;
import dev.convoy.launcher.protocol.CommandHandler;
import dev.convoy.launcher.protocol.DomainEvent;
import dev.convoy.launcher.protocol.DomainStatus;
import dev.convoy.launcher.protocol.ErrorCodes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A launcher's command side without libvirt, for the node agent's tests: served by the real {@link
 * dev.convoy.launcher.protocol.CommandServer}, so the agent speaks the real protocol. Its "domain"
 * is a state and reason that commands change the way libvirt would; whether the guest honours the
 * ACPI power button is the test's choice.
 */
final class FakeLauncher implements CommandHandler {
  final AtomicInteger syncs = new AtomicInteger();
  final AtomicInteger presses = new AtomicInteger();
  final AtomicInteger kills = new AtomicInteger();
  final AtomicInteger deletes = new AtomicInteger();
  private final List<Consumer<DomainEvent>> sinks = new CopyOnWriteArrayList<>();
  private final String name;
  private volatile String state = "NoState";
  private volatile String reason = DomainStatus.NON_EXISTENT;

  /** Power-button presses after which the guest powers off; 0: it never does. */
  volatile int pressesToPowerOff;

  FakeLauncher(String name) {
    this.name = name;
  }

  DomainStatus status() {
    return new DomainStatus(
        name, null, "default", name, null, state, reason, "tcg", 30L, null, false, null, null);
  }

  /** Changes the domain as libvirt would and notifies the watchers. */
  synchronized void set(String newState, String newReason) {
    state = newState;
    reason = newReason;
    for (Consumer<DomainEvent> sink : sinks) {
      sink.accept(new DomainEvent(DomainEvent.MODIFIED, status()));
    }
  }

  @Override
  public DomainStatus sync(JsonNode vmi) {
    syncs.incrementAndGet();
    if (!status().active()) {
      set("Running", "Booted");
    }
    return status();
  }

  @Override
  public DomainStatus shutdown() throws CommandException {
    requireDomain();
    int count = presses.incrementAndGet();
    if (pressesToPowerOff > 0 && count >= pressesToPowerOff) {
      set("Shutoff", "Shutdown");
    }
    return status();
  }

  @Override
  public DomainStatus kill() throws CommandException {
    requireDomain();
    kills.incrementAndGet();
    set("Shutoff", "Destroyed");
    return status();
  }

  @Override
  public DomainStatus delete() {
    deletes.incrementAndGet();
    set("NoState", DomainStatus.NON_EXISTENT);
    return status();
  }

  @Override
  public DomainStatus pause() throws CommandException {
    requireDomain();
    set("Paused", "User");
    return status();
  }

  @Override
  public DomainStatus unpause() throws CommandException {
    requireDomain();
    set("Running", "Unpaused");
    return status();
  }

  @Override
  public DomainStatus domain() throws CommandException {
    requireDomain();
    return status();
  }

  private void requireDomain() throws CommandException {
    if ("NoState".equals(state)) {
      throw new CommandException(ErrorCodes.NO_DOMAIN, "no domain yet");
    }
  }

  @Override
  public synchronized AutoCloseable watch(Consumer<DomainEvent> sink) {
    sink.accept(new DomainEvent(DomainEvent.ADDED, status()));
    sinks.add(sink);
    return () -> sinks.remove(sink);
  }
}
