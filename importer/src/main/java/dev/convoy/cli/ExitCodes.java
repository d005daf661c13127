package dev.convoy.cli;

/**
 * The exit codes of every {@code convoy} command, documented in {@code docs/cli.md}. Scripts depend
 * on them, so they never change meaning.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** An unexpected internal error: a bug in Convoy. The message asks the user to report it. */
  public static final int INTERNAL_ERROR = 1;

  /**
   * The command line itself is wrong: unknown option, missing argument (picocli's usage errors).
   */
  public static final int USAGE = 2;

  /** The input is wrong: a file, a manifest, a plan or an image that fails validation. */
  public static final int INVALID_INPUT = 3;

  /**
   * An external system is unreachable or refused us: vCenter, libvirt, the Kubernetes API,
   * qemu-img.
   */
  public static final int UNAVAILABLE = 4;

  /**
   * The command ran, and what it found blocks the next step (e.g. Critical assessment findings).
   */
  public static final int BLOCKED = 5;

  private ExitCodes() {}
}
