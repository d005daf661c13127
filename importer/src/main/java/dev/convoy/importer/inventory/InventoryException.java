package dev.convoy.importer.inventory;

/**
 * A source could not be read. {@link #kind()} says whether the input is wrong (a file, a URL) or
 * the system behind it is unavailable (vCenter unreachable, login refused, TLS untrusted); the
 * message names the source and the problem, never a password.
 */
public final class InventoryException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What the user has to fix. */
  public enum Kind {
    /** The input itself: a malformed file, a missing file reference, a bad checksum. */
    INVALID_INPUT,
    /** The system behind the source: network, TLS, credentials, permissions. */
    UNAVAILABLE
  }

  private final Kind kind;

  public InventoryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public InventoryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Invalid input, with a message naming the file and the problem. */
  public static InventoryException invalid(String message) {
    return new InventoryException(Kind.INVALID_INPUT, message);
  }
}
