package dev.convoy.disk;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/** Where a converted disk lands: a filesystem PVC's directory or a block PVC's device. */
public sealed interface DiskTarget permits DiskTarget.Directory, DiskTarget.BlockDevice {
  /** The file name KubeVirt expects inside a filesystem PVC. */
  String DISK_IMG = "disk.img";

  /** The ready marker's name beside {@code disk.img}. */
  String READY_MARKER = "disk.img.convoy.json";

  /** Where the ready marker is written. */
  Path markerPath();

  /**
   * A filesystem PVC mounted at {@code directory}: the disk is {@code directory/disk.img}, sparse.
   *
   * @param capacityBytes the PVC's capacity; empty means the filesystem's total size
   */
  record Directory(Path directory, OptionalLong capacityBytes) implements DiskTarget {
    public Directory {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(capacityBytes, "capacityBytes");
    }

    public static Directory of(Path directory) {
      return new Directory(directory, OptionalLong.empty());
    }

    public Path disk() {
      return directory.resolve(DISK_IMG);
    }

    @Override
    public Path markerPath() {
      return directory.resolve(READY_MARKER);
    }
  }

  /**
   * A block device written in place (a block PVC). It has no filesystem for a marker, so the marker
   * goes to {@code markerFile} (e.g. on the importer's scratch space).
   */
  record BlockDevice(Path device, Path markerFile) implements DiskTarget {
    public BlockDevice {
      Objects.requireNonNull(device, "device");
      Objects.requireNonNull(markerFile, "markerFile");
    }

    @Override
    public Path markerPath() {
      return markerFile;
    }
  }
}
