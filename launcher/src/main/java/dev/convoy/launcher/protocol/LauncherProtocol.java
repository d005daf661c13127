package dev.convoy.launcher.protocol;

import java.util.List;

/** Constants of the launcher protocol (docs/launcher-protocol.md). */
public final class LauncherProtocol {
  /** The protocol versions this build speaks, like KubeVirt's {@code supportedCmdVersions}. */
  public static final List<Integer> SUPPORTED_VERSIONS = List.of(1);

  /** The longest request or response line accepted, in characters (a VMI is rarely over 64 KiB). */
  static final int MAX_LINE = 16 * 1024 * 1024;

  private LauncherProtocol() {}

  /** The highest version both sides speak, or -1. */
  public static int negotiate(List<Integer> serverVersions) {
    return SUPPORTED_VERSIONS.stream()
        .filter(serverVersions::contains)
        .mapToInt(Integer::intValue)
        .max()
        .orElse(-1);
  }
}
