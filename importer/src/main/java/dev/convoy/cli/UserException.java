package dev.convoy.cli;

/**
 * A failure the user can act on: bad input, an unreachable system, a refused image. {@link Main}
 * prints its message without a stack trace and exits with {@link #exitCode()}.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public UserException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** Invalid input: names the file, line/column or field in {@code message}. */
  public static UserException invalidInput(String message) {
    return new UserException(ExitCodes.INVALID_INPUT, message);
  }

  /** An external system could not be used. */
  public static UserException unavailable(String message, Throwable cause) {
    return new UserException(ExitCodes.UNAVAILABLE, message, cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
