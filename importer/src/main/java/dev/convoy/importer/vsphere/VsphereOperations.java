package dev.convoy.importer.vsphere;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a migration does to the source vCenter: power a VM down for a cold cutover (and back on for
 * a rollback), and move datastore files over HTTP. The executor depends on this interface only, so
 * it can run against vCenter, ESXi or vcsim alike. VMs are named by their managed object id (e.g.
 * {@code vm-42}), as the inventory records them.
 */
public interface VsphereOperations extends AutoCloseable {

  /** A VM's power state as vSphere reports it. */
  enum PowerState {
    POWERED_ON,
    POWERED_OFF,
    SUSPENDED
  }

  /** How a VM came to be powered off. */
  enum ShutdownKind {
    /** It was already off; nothing was done. */
    ALREADY_OFF,
    /** The guest shut down when asked (VMware Tools). */
    GRACEFUL,
    /** The guest could not be asked, or did not stop in time, so the VM was powered off. */
    FORCED
  }

  /**
   * The result of {@link #shutdown}.
   *
   * @param kind how the VM stopped
   * @param reason why a power-off was forced; null otherwise
   * @param took how long it took
   */
  record ShutdownOutcome(ShutdownKind kind, String reason, Duration took) {}

  /** The VM's current power state. */
  PowerState powerState(String vmId) throws VsphereException;

  /**
   * Asks the guest to shut down ({@code ShutdownGuest}) and waits up to {@code grace} for the VM to
   * power off; when the guest cannot be asked (no tools) or does not stop in time, powers it off
   * ({@code PowerOffVM_Task}). Returns once the VM is off.
   */
  ShutdownOutcome shutdown(String vmId, Duration grace) throws VsphereException;

  /** Powers the VM on ({@code PowerOnVM_Task}) unless it is on already. */
  void powerOn(String vmId) throws VsphereException;

  /** The file's URL on the {@code /folder} endpoint. */
  URI url(DatastoreFile file);

  /**
   * HTTP headers a client (e.g. an import pod) must send to read {@link #url}: the session cookie.
   */
  Map<String, String> httpHeaders();

  /**
   * What an import pod needs to open its own session, verified like this one (see {@link
   * VcenterLogin#environment()}); empty when it cannot, then it reads with {@link #httpHeaders}.
   */
  default Optional<VcenterLogin> login() {
    return Optional.empty();
  }

  /** The file's size in bytes. */
  long size(DatastoreFile file) throws VsphereException;

  /** Reads {@code length} bytes from {@code offset} (an HTTP range request). */
  InputStream read(DatastoreFile file, long offset, long length) throws VsphereException;

  /** Uploads {@code source} as {@code file}, replacing it (HTTP PUT). */
  void upload(Path source, DatastoreFile file) throws VsphereException;

  @Override
  void close();
}
