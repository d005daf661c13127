package dev.convoy.disk;

/**
 * A disk inspection or conversion that did not complete. The message is written for the user: it
 * names the file and what went wrong. {@link #kind()} says whose problem it is, so the CLI can pick
 * an exit code.
 */
public class DiskConvertException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whose problem a failure is. */
  public enum Kind {
    /** The input (image, path, URL, option) is wrong or unsafe. */
    INVALID_INPUT,
    /** A system we depend on failed: qemu-img, the HTTP server, the filesystem. */
    UNAVAILABLE
  }

  private final Kind kind;

  public DiskConvertException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public DiskConvertException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static DiskConvertException invalidInput(String message) {
    return new DiskConvertException(Kind.INVALID_INPUT, message);
  }

  public static DiskConvertException unavailable(String message, Throwable cause) {
    return new DiskConvertException(Kind.UNAVAILABLE, message, cause);
  }

  public Kind kind() {
    return kind;
  }
}
