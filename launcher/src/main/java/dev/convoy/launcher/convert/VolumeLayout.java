package dev.convoy.launcher.convert;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the VMI's volumes live on the host that runs the domain. In a cluster the PVCs are mounted
 * into the launcher pod; the local runtime maps claims to directories or block devices itself. The
 * converter only asks this interface, so it never looks at the filesystem.
 */
public interface VolumeLayout {

  /**
   * The storage of the claim {@code claimName}, used by the volume {@code volumeName}
   * (persistentVolumeClaim, or the PVC of a dataVolume); empty when this host does not have it.
   */
  Optional<ClaimStorage> claim(String volumeName, String claimName);

  /**
   * The directory for files the launcher makes for one volume: the cloud-init ISO, an emptyDisk
   * image, a containerDisk overlay.
   */
  Path scratchDirectory(String volumeName);

  /** The image a containerDisk volume provides on this host; empty when it is not there. */
  Optional<ContainerDiskImage> containerDisk(String volumeName, String image);
}
