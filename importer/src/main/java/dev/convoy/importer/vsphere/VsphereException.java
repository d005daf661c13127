package dev.convoy.importer.vsphere;

/**
 * vCenter could not be used: the message says why in the user's terms (never containing the
 * password), {@link #kind()} says which kind of problem it is.
 */
public final class VsphereException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kinds of failure a user acts on differently. */
  public enum Kind {
    /** No TCP connection: DNS, routing, firewall, nothing listening. */
    UNREACHABLE,
    /** The certificate is not trusted by the chosen TLS policy. */
    TLS_UNTRUSTED,
    /** The certificate does not match the pinned thumbprint. */
    TLS_THUMBPRINT_MISMATCH,
    /** User name or password refused. */
    LOGIN_REFUSED,
    /** The session ended and logging in again did not help. */
    SESSION_LOST,
    /** The user may not read something collection needs. */
    PERMISSION,
    /** The server answered something that is not a usable vSphere API response. */
    PROTOCOL,
    /** Another vSphere fault. */
    FAULT
  }

  private final Kind kind;

  public VsphereException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
