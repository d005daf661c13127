package dev.convoy.importer.inventory;

import dev.convoy.importer.vsphere.TlsPolicy;
import dev.convoy.importer.vsphere.VsphereCredentials;
import dev.convoy.importer.vsphere.VsphereEndpoint;
import java.time.Duration;

/**
 * How to read sources: TLS and credentials for vCenter, paging, time limits.
 *
 * @param tls how to trust vCenter's certificate
 * @param credentials the user and password for an endpoint (asked only for vSphere sources)
 * @param pageSize objects per {@code RetrievePropertiesEx} page
 * @param timeout connect and per-request time limit
 * @param verifyChecksums verify OVA/OVF manifests (the default; off only to inspect a known-bad
 *     file)
 */
public record SourceSettings(
    TlsPolicy tls,
    CredentialSource credentials,
    int pageSize,
    Duration timeout,
    boolean verifyChecksums) {

  /** Supplies credentials for an endpoint, or explains which are missing. */
  @FunctionalInterface
  public interface CredentialSource {
    VsphereCredentials credentials(VsphereEndpoint endpoint) throws InventoryException;
  }

  /** System trust, no credentials, 1000 objects per page, 5 minutes, checksums verified. */
  public static SourceSettings defaults() {
    return new SourceSettings(
        new TlsPolicy.SystemTrust(),
        endpoint -> {
          throw InventoryException.invalid("no credentials for " + endpoint);
        },
        1000,
        Duration.ofMinutes(5),
        true);
  }
}
