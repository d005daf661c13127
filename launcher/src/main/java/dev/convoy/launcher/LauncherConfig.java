package dev.convoy.launcher;

import dev.convoy.launcher.accel.AcceleratorChoice;
import dev.convoy.launcher.convert.ConversionContext;
import dev.convoy.launcher.convert.FirmwarePaths;
import dev.convoy.launcher.convert.NetworkLayout;
import dev.convoy.launcher.convert.RuntimePaths;
import dev.convoy.launcher.convert.VolumeLayout;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How one launcher runs: its run directory (serial socket and log, EFI variables, console socket,
 * scratch files), the command socket, the accelerator, where volumes and bridges are.
 *
 * @param runDirectory directory for the launcher's run-time files; must be traversable by QEMU
 * @param commandSocket unix socket of the command server
 * @param accelerator the accelerator chosen at start
 * @param volumes where the VMI's volumes are
 * @param networks host bridges by network
 * @param firmware OVMF images
 * @param acpiRepeat how often the ACPI power button is pressed again during a graceful shutdown
 */
public record LauncherConfig(
    Path runDirectory,
    Path commandSocket,
    AcceleratorChoice accelerator,
    VolumeLayout volumes,
    NetworkLayout networks,
    FirmwarePaths firmware,
    Duration acpiRepeat) {

  /** KubeVirt repeats the ACPI shutdown at most every 5 s. */
  public static final Duration DEFAULT_ACPI_REPEAT = Duration.ofSeconds(5);

  public RuntimePaths paths() {
    return RuntimePaths.in(runDirectory);
  }

  public Path consoleSocket() {
    return runDirectory.resolve("console.sock");
  }

  public ConversionContext conversionContext() {
    return new ConversionContext(accelerator.accelerator(), volumes, networks, paths(), firmware);
  }
}
