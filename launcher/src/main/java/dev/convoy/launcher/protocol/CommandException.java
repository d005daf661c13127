package dev.convoy.launcher.protocol;

/** A command failed in a way the caller should see: becomes a failed {@link Response}. */
public class CommandException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;

  public CommandException(String code, String message) {
    super(message);
    this.code = code;
  }

  public CommandException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** One of {@link ErrorCodes}. */
  public String code() {
    return code;
  }
}
