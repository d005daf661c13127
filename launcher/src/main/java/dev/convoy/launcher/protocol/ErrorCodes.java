package dev.convoy.launcher.protocol;

/** The {@code errorCode} values of failed responses. */
public final class ErrorCodes {
  /** The request's version is not one the server speaks: negotiate with Info. */
  public static final String UNSUPPORTED_VERSION = "UnsupportedVersion";

  /** The command is not known. */
  public static final String UNKNOWN_COMMAND = "UnknownCommand";

  /** The request line is not valid JSON or lacks a field. */
  public static final String BAD_REQUEST = "BadRequest";

  /** The VMI cannot be converted; the error lists every field that is wrong. */
  public static final String INVALID_VMI = "InvalidVmi";

  /** The launcher already serves another VMI. */
  public static final String WRONG_VMI = "WrongVmi";

  /** The command needs a VMI or domain and there is none yet. */
  public static final String NO_DOMAIN = "NoDomain";

  /** The command does not fit the domain's state (e.g. Sync after the guest stopped). */
  public static final String CONFLICT = "Conflict";

  /** libvirt refused. */
  public static final String LIBVIRT = "LibvirtError";

  /** A bug in the launcher. */
  public static final String INTERNAL = "Internal";

  private ErrorCodes() {}
}
