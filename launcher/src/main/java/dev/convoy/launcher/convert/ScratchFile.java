package dev.convoy.launcher.convert;

import java.nio.file.Path;

/**
 * A file the domain needs that the launcher must make before it starts the domain. The converter
 * only lists them (it stays pure); {@code ScratchFiles} in the launcher makes them.
 */
public sealed interface ScratchFile {
  /** Where the file goes. */
  Path path();

  /** A cloud-init NoCloud ISO (volume label {@code cidata}) with these files. */
  record CloudInitIso(Path path, String metaData, String userData, String networkData)
      implements ScratchFile {}

  /** An empty, sparse qcow2 image of {@code bytes} virtual size (an emptyDisk volume). */
  record EmptyDisk(Path path, long bytes) implements ScratchFile {}

  /** A qcow2 overlay on top of a container disk's read-only image. */
  record ContainerDiskOverlay(Path path, ContainerDiskImage backing) implements ScratchFile {}
}
