package dev.convoy.launcher.convert;

import java.nio.file.Path;

/**
 * The OVMF (EFI) images: code and variable templates, plain and with Secure Boot. Debian's {@code
 * ovmf} package installs them under {@code /usr/share/OVMF}.
 */
public record FirmwarePaths(
    Path efiCode, Path efiVarsTemplate, Path secureBootCode, Path secureBootVarsTemplate) {

  /**
   * Debian 12's 4 MiB OVMF builds; the Secure Boot variables template has Microsoft's keys
   * enrolled, so signed shims and Windows boot.
   */
  public static FirmwarePaths debian() {
    Path ovmf = Path.of("/usr/share/OVMF");
    return new FirmwarePaths(
        ovmf.resolve("OVMF_CODE_4M.fd"),
        ovmf.resolve("OVMF_VARS_4M.fd"),
        ovmf.resolve("OVMF_CODE_4M.secboot.fd"),
        ovmf.resolve("OVMF_VARS_4M.ms.fd"));
  }
}
