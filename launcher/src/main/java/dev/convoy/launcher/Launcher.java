package dev.convoy.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.launcher.convert.ConversionException;
import dev.convoy.launcher.convert.ConversionResult;
import dev.convoy.launcher.convert.VmiConverter;
import dev.convoy.launcher.convert.VmiNames;
import dev.convoy.launcher.domain.XmlElement;
import dev.convoy.launcher.libvirt.DomainDriver;
import dev.convoy.launcher.libvirt.DomainInfo;
import dev.convoy.launcher.libvirt.LibvirtFailure;
import dev.convoy.launcher.libvirt.LifecycleEvent;
import dev.convoy.launcher.protocol.CommandException;
import dev.convoy.launcher.protocol.CommandHandler;
import dev.convoy.launcher.protocol.DomainEvent;
import dev.convoy.launcher.protocol.DomainStatus;
import dev.convoy.launcher.protocol.ErrorCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One launcher: owns exactly one libvirt domain, the one of the VMI it receives (from a file or the
 * first {@code Sync}), and serves the protocol's commands for it.
 *
 * <p>Life cycle: the domain is defined and started on the first Sync. When it stops for any reason
 * (guest power-off, Kill, graceful shutdown, crash) the launcher undefines it, waits until no QEMU
 * process of the domain is left, and is {@linkplain #awaitDone done}; a VMI never restarts in
 * place. A graceful shutdown ({@link #terminate} on SIGTERM, or the {@code Shutdown} command)
 * presses the ACPI power button, again at most every 5 s, and destroys the domain once the VMI's
 * {@code terminationGracePeriodSeconds} (default 30) have passed since the first press.
 */
public final class Launcher implements CommandHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private static final Duration QEMU_EXIT_TIMEOUT = Duration.ofSeconds(60);

  private final LauncherConfig config;
  private final DomainDriver driver;
  private final Clock clock;
  private final List<Consumer<DomainEvent>> watchers = new CopyOnWriteArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicBoolean finishing = new AtomicBoolean();
  private final Object stateChanged = new Object();

  // Guarded by this.
  private VirtualMachineInstance vmi;
  private String domainName;
  private boolean started;
  private boolean terminating;
  private Instant gracefulShutdownStartedAt;
  private boolean gracePeriodExpired;
  private Thread gracefulShutdown;

  public Launcher(LauncherConfig config, DomainDriver driver, Clock clock) {
    this.config = config;
    this.driver = driver;
    this.clock = clock;
    driver.addLifecycleListener(this::onLifecycleEvent);
  }

  // ---- commands --------------------------------------------------------------------------------

  @Override
  public DomainStatus sync(JsonNode vmiJson) throws CommandException {
    VirtualMachineInstance incoming;
    try {
      incoming = Serialization.json().treeToValue(vmiJson, VirtualMachineInstance.class);
    } catch (JsonProcessingException e) {
      throw new CommandException(
          ErrorCodes.BAD_REQUEST, "not a VirtualMachineInstance: " + e.getOriginalMessage());
    }
    if (incoming.getMetadata() == null || incoming.getSpec() == null) {
      throw new CommandException(ErrorCodes.INVALID_VMI, "the VMI needs metadata and spec");
    }
    synchronized (this) {
      if (terminating) {
        throw new CommandException(ErrorCodes.CONFLICT, "the launcher is shutting down");
      }
      if (vmi != null && !sameVmi(vmi, incoming)) {
        throw new CommandException(
            ErrorCodes.WRONG_VMI,
            "this launcher serves " + describe(vmi) + ", not " + describe(incoming));
      }
      ConversionResult result;
      try {
        result = VmiConverter.convert(incoming, config.conversionContext());
      } catch (ConversionException e) {
        throw new CommandException(ErrorCodes.INVALID_VMI, e.getMessage(), e);
      }
      String name = result.domain().name();
      if (started) {
        if (driver.info(name).map(i -> i.state().active()).orElse(false)) {
          return status();
        }
        throw new CommandException(
            ErrorCodes.CONFLICT,
            "domain " + name + " has stopped; a VMI does not restart in place");
      }
      Optional<DomainInfo> existing = driver.info(name);
      if (existing.isPresent() && existing.get().state().active()) {
        throw new CommandException(
            ErrorCodes.CONFLICT,
            "domain " + name + " already runs outside this launcher; destroy it first");
      }
      checkBridges(result);
      try {
        ScratchFiles.make(result.scratchFiles());
      } catch (IOException e) {
        throw new CommandException(
            ErrorCodes.INTERNAL, "cannot prepare the VM's files: " + e.getMessage(), e);
      }
      vmi = incoming;
      domainName = name;
      boolean paused = "Paused".equals(incoming.getSpec().getStartStrategy());
      try {
        driver.define(result.xml());
        driver.start(name, paused);
      } catch (LibvirtFailure e) {
        // Leave nothing behind: a domain that failed to start is not kept defined.
        undefineQuietly(name);
        vmi = null;
        domainName = null;
        throw new CommandException(ErrorCodes.LIBVIRT, e.getMessage(), e);
      }
      started = true;
      LOG.info(
          "started domain {} ({}{}) under {}",
          name,
          describe(incoming),
          paused ? ", paused" : "",
          config.accelerator().accelerator());
      return status();
    }
  }

  @Override
  public DomainStatus shutdown() throws CommandException {
    requireDomain();
    terminate();
    return status();
  }

  @Override
  public DomainStatus kill() throws CommandException {
    String name = requireDomain();
    synchronized (this) {
      terminating = true;
    }
    destroyIfActive(name);
    return status();
  }

  @Override
  public DomainStatus delete() throws CommandException {
    String name = requireDomain();
    synchronized (this) {
      terminating = true;
    }
    destroyIfActive(name);
    finishAsync();
    return status();
  }

  @Override
  public DomainStatus pause() throws CommandException {
    String name = requireActiveDomain();
    try {
      driver.pause(name);
    } catch (LibvirtFailure e) {
      throw new CommandException(ErrorCodes.LIBVIRT, e.getMessage(), e);
    }
    return status();
  }

  @Override
  public DomainStatus unpause() throws CommandException {
    String name = requireActiveDomain();
    try {
      driver.resume(name);
    } catch (LibvirtFailure e) {
      throw new CommandException(ErrorCodes.LIBVIRT, e.getMessage(), e);
    }
    return status();
  }

  @Override
  public DomainStatus domain() {
    return status();
  }

  @Override
  public AutoCloseable watch(Consumer<DomainEvent> sink) {
    watchers.add(sink);
    sink.accept(new DomainEvent(DomainEvent.ADDED, status()));
    return () -> watchers.remove(sink);
  }

  // ---- termination -----------------------------------------------------------------------------

  /**
   * SIGTERM: shuts the guest down gracefully (ACPI, repeated, destroy after the grace period); with
   * no running domain, the launcher is done at once.
   */
  public void terminate() {
    synchronized (this) {
      terminating = true;
      if (gracefulShutdown != null) {
        return;
      }
      if (domainName == null || !started) {
        finishAsync();
        return;
      }
      gracefulShutdownStartedAt = clock.instant();
      gracefulShutdown = new Thread(this::gracefulShutdownLoop, "graceful-shutdown");
      gracefulShutdown.setDaemon(true);
      gracefulShutdown.start();
    }
  }

  private void gracefulShutdownLoop() {
    String name;
    long graceMillis;
    Instant start;
    synchronized (this) {
      name = domainName;
      graceMillis = TimeUnit.SECONDS.toMillis(VmiNames.gracePeriodSeconds(vmi));
      start = gracefulShutdownStartedAt;
    }
    long repeatMillis = config.acpiRepeat().toMillis();
    Instant lastPress = null;
    while (true) {
      Optional<DomainInfo> info = driver.info(name);
      if (info.isEmpty() || !info.get().state().active()) {
        break;
      }
      Instant now = clock.instant();
      long elapsed = Duration.between(start, now).toMillis();
      if (elapsed >= graceMillis) {
        LOG.info("grace period of {} ms is over: destroying domain {}", graceMillis, name);
        synchronized (this) {
          gracePeriodExpired = true;
        }
        destroyIfActive(name);
        break;
      }
      if (lastPress == null || Duration.between(lastPress, now).toMillis() >= repeatMillis) {
        try {
          driver.shutdown(name);
          LOG.info("pressed the ACPI power button of domain {}", name);
        } catch (LibvirtFailure e) {
          // A paused or ACPI-less guest cannot react; the grace period still runs out.
          LOG.info("ACPI shutdown of {} not delivered: {}", name, e.getMessage());
        }
        lastPress = now;
      }
      long untilPress = repeatMillis - Duration.between(lastPress, clock.instant()).toMillis();
      long untilDeadline = graceMillis - Duration.between(start, clock.instant()).toMillis();
      waitForStateChange(Math.max(1, Math.min(untilPress, untilDeadline)));
    }
  }

  private void waitForStateChange(long millis) {
    synchronized (stateChanged) {
      try {
        stateChanged.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void destroyIfActive(String name) {
    try {
      if (driver.info(name).map(i -> i.state().active()).orElse(false)) {
        driver.destroy(name);
      }
    } catch (LibvirtFailure e) {
      // It may have stopped between the check and the call; what counts is that QEMU is gone.
      if (driver.info(name).map(i -> i.state().active()).orElse(false)) {
        throw e;
      }
    }
  }

  /** Once: undefines the domain, waits until its QEMU process is gone, then is done. */
  private void finishAsync() {
    if (!finishing.compareAndSet(false, true)) {
      return;
    }
    Thread finisher = new Thread(this::finish, "launcher-finish");
    finisher.setDaemon(true);
    finisher.start();
  }

  private void finish() {
    String name;
    synchronized (this) {
      name = domainName;
      terminating = true;
    }
    try {
      if (name != null) {
        destroyIfActive(name);
        waitForQemuExit(name);
        if (driver.info(name).isPresent()) {
          driver.undefine(name);
        }
        publish(DomainEvent.DELETED);
      }
    } catch (RuntimeException e) {
      LOG.error("cleaning up domain {}", name, e);
    } finally {
      done.countDown();
    }
  }

  private void waitForQemuExit(String name) {
    long deadline = System.nanoTime() + QEMU_EXIT_TIMEOUT.toNanos();
    while (!QemuProcesses.of(name).isEmpty()) {
      if (System.nanoTime() > deadline) {
        LOG.error("QEMU of domain {} is still running after {}", name, QEMU_EXIT_TIMEOUT);
        return;
      }
      waitForStateChange(100);
    }
  }

  /** Blocks until the domain is gone (undefined, QEMU exited) after it stopped or was deleted. */
  public void awaitDone() throws InterruptedException {
    done.await();
  }

  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Last resort when the JVM exits without a graceful shutdown (a bug, System.exit): destroy and
   * undefine the domain so that no QEMU outlives its launcher.
   */
  public void emergencyStop() {
    String name;
    synchronized (this) {
      name = domainName;
    }
    if (name == null || done.getCount() == 0) {
      return;
    }
    try {
      destroyIfActive(name);
      undefineQuietly(name);
    } catch (RuntimeException e) {
      LOG.error("emergency stop of {} failed", name, e);
    }
  }

  // ---- events and status -----------------------------------------------------------------------

  private void onLifecycleEvent(LifecycleEvent event) {
    String name;
    boolean ours;
    synchronized (this) {
      name = domainName;
      ours = started;
    }
    if (name == null || !name.equals(event.domainName())) {
      return;
    }
    synchronized (stateChanged) {
      stateChanged.notifyAll();
    }
    switch (event.type()) {
      case "Defined" -> publish(DomainEvent.ADDED);
      case "Undefined" -> publish(DomainEvent.DELETED);
      default -> publish(DomainEvent.MODIFIED);
    }
    if (ours && (event.type().equals("Stopped") || event.type().equals("Crashed"))) {
      LOG.info("domain {} stopped ({})", name, event.detail());
      finishAsync();
    }
  }

  private void publish(String type) {
    DomainEvent event = new DomainEvent(type, status());
    for (Consumer<DomainEvent> watcher : watchers) {
      try {
        watcher.accept(event);
      } catch (RuntimeException e) {
        LOG.debug("watcher failed: {}", e.toString());
      }
    }
  }

  /** The current status of the domain. */
  public DomainStatus status() {
    VirtualMachineInstance current;
    String name;
    Instant graceStart;
    boolean expired;
    synchronized (this) {
      current = vmi;
      name = domainName;
      graceStart = gracefulShutdownStartedAt;
      expired = gracePeriodExpired;
    }
    Optional<DomainInfo> info = name == null ? Optional.empty() : driver.info(name);
    return new DomainStatus(
        name,
        info.map(DomainInfo::uuid).orElse(null),
        current == null ? null : VmiNames.namespace(current),
        current == null ? null : current.getMetadata().getName(),
        current == null ? null : current.getMetadata().getUid(),
        info.map(i -> i.state().kubevirtName()).orElse("NoState"),
        info.map(DomainInfo::reason).orElse(DomainStatus.NON_EXISTENT),
        config.accelerator().accelerator() == dev.convoy.launcher.convert.Accelerator.KVM
            ? "kvm"
            : "tcg",
        current == null ? null : VmiNames.gracePeriodSeconds(current),
        graceStart == null ? null : graceStart.toString(),
        expired,
        config.paths().serialLog().toString(),
        config.consoleSocket().toString());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private synchronized String requireDomain() throws CommandException {
    if (domainName == null) {
      throw new CommandException(
          ErrorCodes.NO_DOMAIN, "no VMI has been synced to this launcher yet");
    }
    return domainName;
  }

  private String requireActiveDomain() throws CommandException {
    String name = requireDomain();
    if (!driver.info(name).map(i -> i.state().active()).orElse(false)) {
      throw new CommandException(ErrorCodes.CONFLICT, "domain " + name + " is not running");
    }
    return name;
  }

  private void undefineQuietly(String name) {
    try {
      if (driver.info(name).isPresent()) {
        driver.undefine(name);
      }
    } catch (LibvirtFailure e) {
      LOG.warn("cannot undefine {}: {}", name, e.getMessage());
    }
  }

  private static void checkBridges(ConversionResult result) throws CommandException {
    for (XmlElement nic : result.domain().interfaces()) {
      if (!"bridge".equals(nic.attribute("type"))) {
        continue;
      }
      String bridge = nic.firstChild("source").attribute("bridge");
      if (!Files.isDirectory(Path.of("/sys/class/net", bridge, "bridge"))) {
        throw new CommandException(
            ErrorCodes.CONFLICT, "host bridge " + bridge + " does not exist on this host");
      }
    }
  }

  private static boolean sameVmi(VirtualMachineInstance a, VirtualMachineInstance b) {
    String uidA = a.getMetadata().getUid();
    String uidB = b.getMetadata().getUid();
    if (uidA != null && uidB != null) {
      return uidA.equals(uidB);
    }
    return VmiNames.namespace(a).equals(VmiNames.namespace(b))
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  private static String describe(VirtualMachineInstance vmi) {
    if (vmi.getMetadata() == null) {
      return "a VMI without metadata";
    }
    return "VMI " + VmiNames.namespace(vmi) + "/" + vmi.getMetadata().getName();
  }
}
