package dev.convoy.launcher.convert;

import java.util.Objects;

/**
 * Everything besides the VMI that decides its domain XML: the accelerator, where volumes and
 * bridges are, where run-time files go, and the firmware images. Made by the edges (probe, runtime,
 * CLI), consumed by the pure {@link VmiConverter}.
 */
public record ConversionContext(
    Accelerator accelerator,
    VolumeLayout volumes,
    NetworkLayout networks,
    RuntimePaths paths,
    FirmwarePaths firmware) {

  public ConversionContext {
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(networks, "networks");
    Objects.requireNonNull(paths, "paths");
    Objects.requireNonNull(firmware, "firmware");
  }
}
