package dev.convoy.launcher.libvirt;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DomainDriver} on libvirt-java 0.5.2 (plus {@link LibvirtNative} for the calls it lacks).
 *
 * <p>libvirt delivers events only to a process that runs an event loop: the first driver in a
 * process registers libvirt's default event implementation ({@code Library.initEventLoop()}, which
 * must happen before any connection is opened) and starts a daemon thread running {@code
 * Library.runEventLoop()}. Events are handed to a single dispatch thread so that listeners may call
 * back into libvirt without blocking the loop.
 */
public final class LibvirtDomainDriver implements DomainDriver {
  private static final Logger LOG = LoggerFactory.getLogger(LibvirtDomainDriver.class);
  private static final int VIR_UUID_STRING_BUFLEN = 37;
  private static final int VIR_ERR_NO_DOMAIN = 42;

  private static boolean eventLoopRunning;

  /**
   * libvirt prints every error to stderr unless an error function is set; the driver reports errors
   * itself (a lookup of a missing domain is not an error here). Kept in a field so that JNA's
   * callback is not garbage-collected.
   */
  private static final org.libvirt.jna.Libvirt.VirErrorCallback SILENT_ERRORS =
      (userData, error) -> {};

  private final String uri;
  private final ExposedConnect connect;
  private final List<Consumer<LifecycleEvent>> listeners = new CopyOnWriteArrayList<>();
  private final LifecycleListener lifecycleListener = this::onLifecycle;
  private final ExecutorService dispatcher =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "libvirt-events");
            thread.setDaemon(true);
            return thread;
          });

  private LibvirtDomainDriver(String uri, ExposedConnect connect) {
    this.uri = uri;
    this.connect = connect;
  }

  /** Connects to {@code uri} (e.g. {@code qemu:///system}) with lifecycle events enabled. */
  public static LibvirtDomainDriver connect(String uri) {
    startEventLoop();
    try {
      LibvirtDomainDriver driver = new LibvirtDomainDriver(uri, new ExposedConnect(uri));
      driver.connect.addLifecycleListener(driver.lifecycleListener);
      return driver;
    } catch (LibvirtException e) {
      throw new LibvirtFailure("cannot connect to libvirt at " + uri + ": " + message(e), e);
    }
  }

  private static synchronized void startEventLoop() {
    if (eventLoopRunning) {
      return;
    }
    try {
      Connect.setErrorCallback(SILENT_ERRORS);
      Library.initEventLoop();
    } catch (LibvirtException e) {
      throw new LibvirtFailure("cannot start libvirt's event loop: " + message(e), e);
    }
    Thread loop =
        new Thread(
            () -> {
              try {
                Library.runEventLoop();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (LibvirtException e) {
                LOG.error("libvirt event loop stopped: {}", message(e));
              }
            },
            "libvirt-event-loop");
    loop.setDaemon(true);
    loop.start();
    eventLoopRunning = true;
  }

  private int onLifecycle(Domain domain, DomainEvent event) {
    String name;
    try {
      name = domain.getName();
    } catch (LibvirtException e) {
      LOG.warn("lifecycle event {} for a domain without a name: {}", event, message(e));
      return 0;
    }
    LifecycleEvent lifecycle =
        new LifecycleEvent(
            name, camel(event.getType().name()), camel(String.valueOf(event.getDetail())));
    dispatcher.execute(
        () -> {
          for (Consumer<LifecycleEvent> listener : listeners) {
            try {
              listener.accept(lifecycle);
            } catch (RuntimeException e) {
              LOG.warn("lifecycle listener failed on {}", lifecycle, e);
            }
          }
        });
    return 0;
  }

  @Override
  public void define(String xml) {
    try {
      connect.domainDefineXML(xml);
    } catch (LibvirtException e) {
      throw new LibvirtFailure("cannot define the domain: " + message(e), e);
    }
  }

  @Override
  public void start(String name, boolean paused) {
    withDomain(name, "start", domain -> domain.create(paused ? 1 : 0));
  }

  @Override
  public void shutdown(String name) {
    withNative(
        name,
        "shut down (ACPI)",
        pointer ->
            LibvirtNative.INSTANCE.virDomainShutdownFlags(
                pointer, LibvirtNative.VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN));
  }

  @Override
  public void destroy(String name) {
    withDomain(name, "destroy", Domain::destroy);
  }

  @Override
  public void pause(String name) {
    withDomain(name, "pause", Domain::suspend);
  }

  @Override
  public void resume(String name) {
    withDomain(name, "resume", Domain::resume);
  }

  @Override
  public void undefine(String name) {
    withNative(
        name,
        "undefine",
        pointer ->
            LibvirtNative.INSTANCE.virDomainUndefineFlags(
                pointer,
                LibvirtNative.VIR_DOMAIN_UNDEFINE_NVRAM
                    | LibvirtNative.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE));
  }

  @Override
  public Optional<DomainInfo> info(String name) {
    Pointer pointer = lookup(name);
    if (pointer == null) {
      return Optional.empty();
    }
    try {
      IntByReference state = new IntByReference();
      IntByReference reason = new IntByReference();
      if (LibvirtNative.INSTANCE.virDomainGetState(pointer, state, reason, 0) < 0) {
        if (LibvirtNative.INSTANCE.virGetLastErrorCode() == VIR_ERR_NO_DOMAIN) {
          return Optional.empty();
        }
        throw nativeFailure("get the state of", name);
      }
      byte[] uuid = new byte[VIR_UUID_STRING_BUFLEN];
      if (LibvirtNative.INSTANCE.virDomainGetUUIDString(pointer, uuid) < 0) {
        throw nativeFailure("get the UUID of", name);
      }
      DomainState domainState = DomainState.fromLibvirt(state.getValue());
      return Optional.of(
          new DomainInfo(
              name,
              new String(uuid, 0, 36, StandardCharsets.US_ASCII),
              domainState,
              DomainState.reasonFromLibvirt(domainState, reason.getValue())));
    } finally {
      LibvirtNative.INSTANCE.virDomainFree(pointer);
    }
  }

  @Override
  public void addLifecycleListener(Consumer<LifecycleEvent> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    try {
      connect.removeLifecycleListener(lifecycleListener);
    } catch (LibvirtException | RuntimeException e) {
      LOG.debug("removing the lifecycle listener: {}", e.toString());
    }
    dispatcher.shutdown();
    try {
      dispatcher.awaitTermination(5, TimeUnit.SECONDS);
      connect.close();
    } catch (LibvirtException e) {
      LOG.warn("closing the libvirt connection to {}: {}", uri, message(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private interface DomainCall {
    void call(Domain domain) throws LibvirtException;
  }

  private void withDomain(String name, String operation, DomainCall call) {
    try {
      call.call(connect.domainLookupByName(name));
    } catch (LibvirtException e) {
      String why = noDomain(e) ? "no such domain" : message(e);
      throw new LibvirtFailure("cannot " + operation + " domain " + name + ": " + why, e);
    }
  }

  private interface NativeCall {
    int call(Pointer domain);
  }

  private void withNative(String name, String operation, NativeCall call) {
    Pointer pointer = lookup(name);
    if (pointer == null) {
      throw new LibvirtFailure("cannot " + operation + " domain " + name + ": no such domain");
    }
    try {
      if (call.call(pointer) < 0) {
        throw nativeFailure(operation, name);
      }
    } finally {
      LibvirtNative.INSTANCE.virDomainFree(pointer);
    }
  }

  /** The domain pointer (to free), or {@code null} when there is no such domain. */
  private Pointer lookup(String name) {
    Pointer pointer = LibvirtNative.INSTANCE.virDomainLookupByName(connect.pointer(), name);
    if (pointer == null) {
      if (LibvirtNative.INSTANCE.virGetLastErrorCode() == VIR_ERR_NO_DOMAIN) {
        return null;
      }
      throw nativeFailure("look up", name);
    }
    return pointer;
  }

  private static LibvirtFailure nativeFailure(String operation, String name) {
    return new LibvirtFailure(
        "cannot "
            + operation
            + " domain "
            + name
            + ": "
            + LibvirtNative.INSTANCE.virGetLastErrorMessage());
  }

  private static String message(LibvirtException e) {
    return e.getError() != null && e.getError().getMessage() != null
        ? e.getError().getMessage()
        : e.toString();
  }

  /** Whether {@code e} says the domain does not exist. */
  static boolean noDomain(LibvirtException e) {
    return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN;
  }

  /** {@code STOPPED} → {@code Stopped}, {@code FROM_SNAPSHOT} → {@code FromSnapshot}. */
  static String camel(String constant) {
    StringBuilder out = new StringBuilder();
    for (String part : constant.toLowerCase(java.util.Locale.ROOT).split("_")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.toString();
  }

  /** libvirt-java keeps the connection pointer protected; this subclass hands it to JNA calls. */
  private static final class ExposedConnect extends Connect {
    ExposedConnect(String uri) throws LibvirtException {
      super(uri);
    }

    Pointer pointer() {
      return vcp.getPointer();
    }
  }
}
