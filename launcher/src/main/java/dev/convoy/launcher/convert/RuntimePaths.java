package dev.convoy.launcher.convert;

import java.nio.file.Path;

/**
 * Files the domain's devices use at run time: the serial console socket and its log, the EFI
 * variable store and the VNC socket. Inputs to the converter, so that a cluster launcher, the local
 * runtime and {@code convoy vmi domxml} each place them where they need them.
 */
public record RuntimePaths(Path serialSocket, Path serialLog, Path nvram, Path vncSocket) {

  /** Every file in {@code directory}, with the launcher's fixed file names. */
  public static RuntimePaths in(Path directory) {
    return new RuntimePaths(
        directory.resolve("serial0.sock"),
        directory.resolve("serial0.log"),
        directory.resolve("nvram_VARS.fd"),
        directory.resolve("vnc.sock"));
  }
}
