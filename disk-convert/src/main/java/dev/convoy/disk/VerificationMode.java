package dev.convoy.disk;

/**
 * How a conversion proves its target (when the request asks for verification).
 *
 * <ul>
 *   <li>{@link #STREAM}: qemu-img converts into Convoy's NBD write sink, which writes the target
 *       and records a CRC32C of every write and the SHA-256 of the whole disk as the data arrives;
 *       after fsync the written ranges are read back and must match. The source is decoded once.
 *   <li>{@link #COMPARE}: qemu-img writes the target itself; then {@code qemu-img compare} decodes
 *       the source a second time against the target, and the target is hashed beside it.
 * </ul>
 *
 * Which guarantees each gives: {@code docs/disk-convert.md}, "Verification".
 */
public enum VerificationMode {
  STREAM("stream"),
  COMPARE("compare");

  private final String cliName;

  VerificationMode(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line ({@code --verify=stream}). */
  public String cliName() {
    return cliName;
  }

  /** The mode named {@code name} on the command line. */
  public static VerificationMode ofCliName(String name) {
    for (VerificationMode mode : values()) {
      if (mode.cliName.equals(name)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown verification mode \"" + name + "\" (expected stream, compare or none)");
  }
}
