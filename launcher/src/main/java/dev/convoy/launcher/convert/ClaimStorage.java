package dev.convoy.launcher.convert;

import java.nio.file.Path;

/**
 * Where a PersistentVolumeClaim's data is on the host that runs the domain: a mounted filesystem
 * that holds {@code disk.img} (KubeVirt's filesystem-PVC convention) or a raw block device.
 */
public sealed interface ClaimStorage {

  /** A filesystem PVC mounted at {@code mountDirectory}; the disk is {@code disk.img} in it. */
  record Filesystem(Path mountDirectory) implements ClaimStorage {
    /** The image file KubeVirt expects in a filesystem PVC. */
    public Path diskImage() {
      return mountDirectory.resolve("disk.img");
    }
  }

  /** A block-mode PVC exposed as the device {@code device}. */
  record Block(Path device) implements ClaimStorage {}
}
