package dev.convoy.launcher.domxml;

/** A manifest that cannot be read or converted; the message names the file and the problem. */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
