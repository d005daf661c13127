package dev.convoy.launcher.libvirt;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The launcher's edge to libvirt: the lifecycle of domains by name. {@link LibvirtDomainDriver}
 * implements it with libvirt-java; everything above it (conversion, the command server, graceful
 * shutdown) only sees this interface.
 *
 * <p>Every method throws {@link LibvirtFailure} when libvirt refuses.
 */
public interface DomainDriver extends AutoCloseable {

  /**
   * Defines the domain from its XML, replacing the definition of an inactive domain of that name.
   */
  void define(String xml);

  /** Starts the defined domain, paused (CPUs stopped) when {@code paused}. */
  void start(String name, boolean paused);

  /** Presses the ACPI power button: asks the guest to shut down; returns at once. */
  void shutdown(String name);

  /** Stops QEMU at once, like pulling the plug. */
  void destroy(String name);

  /** Pauses the guest's CPUs. */
  void pause(String name);

  /** Resumes paused CPUs. */
  void resume(String name);

  /** Removes the inactive domain's definition, its EFI variables included. */
  void undefine(String name);

  /** State, reason and UUID; empty when no domain of that name is defined or running. */
  Optional<DomainInfo> info(String name);

  /**
   * Calls {@code listener} for every lifecycle event of every domain on this connection, on a
   * thread of the driver (listeners filter by domain name and must not block for long).
   */
  void addLifecycleListener(Consumer<LifecycleEvent> listener);

  /** Closes the connection; events stop. */
  @Override
  void close();
}
