package dev.convoy.launcher.convert;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * KubeVirt's launcher-pod conventions: filesystem PVCs mounted at {@code
 * /var/run/kubevirt-private/vmi-disks/<volume>}, block PVCs at {@code /dev/<volume>}, launcher-made
 * files under {@code /var/run/kubevirt-ephemeral-disks}, container disks under {@code
 * /var/run/kubevirt/container-disks}. {@code convoy vmi domxml} uses it to show the domain a pod
 * would run.
 *
 * @param blockClaims claims known to be block-mode PVCs
 * @param blockVolumes volumes whose claim is a block device at {@code /dev/<volume>} (what a
 *     launcher finds in its own pod, where claim names are not known); every other claim is a
 *     filesystem PVC
 */
public record PodVolumeLayout(Set<String> blockClaims, Set<String> blockVolumes)
    implements VolumeLayout {
  private static final Path VMI_DISKS = Path.of("/var/run/kubevirt-private/vmi-disks");
  private static final Path EPHEMERAL = Path.of("/var/run/kubevirt-ephemeral-disks/disk-data");
  private static final Path CONTAINER_DISKS = Path.of("/var/run/kubevirt/container-disks");

  public PodVolumeLayout {
    blockClaims = Set.copyOf(blockClaims);
    blockVolumes = Set.copyOf(blockVolumes);
  }

  /** Block-mode claims known by claim name only. */
  public PodVolumeLayout(Set<String> blockClaims) {
    this(blockClaims, Set.of());
  }

  @Override
  public Optional<ClaimStorage> claim(String volumeName, String claimName) {
    if (blockClaims.contains(claimName) || blockVolumes.contains(volumeName)) {
      return Optional.of(new ClaimStorage.Block(Path.of("/dev", volumeName)));
    }
    return Optional.of(new ClaimStorage.Filesystem(VMI_DISKS.resolve(volumeName)));
  }

  @Override
  public Path scratchDirectory(String volumeName) {
    return EPHEMERAL.resolve(volumeName);
  }

  @Override
  public Optional<ContainerDiskImage> containerDisk(String volumeName, String image) {
    // KubeVirt's container-disk images carry qcow2 images by convention.
    return Optional.of(
        new ContainerDiskImage(CONTAINER_DISKS.resolve(volumeName).resolve("disk.img"), "qcow2"));
  }
}
