package dev.convoy.launcher.guest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the demo guest's serial console output; the line formats are specified in {@code
 * examples/guest/README.md}.
 */
final class GuestConsole {

  private static final Pattern READY =
      Pattern.compile(
          "^CONVOY-GUEST-READY disk-sha256=([0-9a-f]{64}) mac=([0-9a-f:]{17}|none)"
              + " disk=(\\S+) uptime=([0-9.]+)(?: .*)?$",
          Pattern.MULTILINE);
  private static final Pattern ERROR =
      Pattern.compile("^CONVOY-GUEST-ERROR .*$", Pattern.MULTILINE);
  private static final Pattern POWEROFF =
      Pattern.compile("^CONVOY-GUEST-POWEROFF\\b.*$", Pattern.MULTILINE);

  /**
   * The guest's ready line.
   *
   * @param diskSha256 SHA-256 of the boot disk's data region, as the guest computed it
   * @param mac the first NIC's MAC, or {@code none}
   * @param disk kernel name of the boot disk (vda, sda)
   * @param uptimeSeconds guest uptime when the line was printed
   */
  record Ready(String diskSha256, String mac, String disk, double uptimeSeconds) {}

  private GuestConsole() {}

  /** The first ready line in the console output, if the guest printed one yet. */
  static Optional<Ready> ready(String console) {
    Matcher m = READY.matcher(normalize(console));
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new Ready(m.group(1), m.group(2), m.group(3), Double.parseDouble(m.group(4))));
  }

  /** The first error line the guest printed instead of being ready, if any. */
  static Optional<String> error(String console) {
    Matcher m = ERROR.matcher(normalize(console));
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  /** Whether the guest announced that it powers off. */
  static boolean poweringOff(String console) {
    return POWEROFF.matcher(normalize(console)).find();
  }

  // A serial console may end lines with CR LF.
  private static String normalize(String console) {
    return console.replace("\r", "");
  }
}
