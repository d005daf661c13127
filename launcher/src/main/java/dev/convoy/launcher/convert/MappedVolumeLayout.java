package dev.convoy.launcher.convert;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * An explicit layout: claims by claim name, container disks by volume name, and one scratch
 * directory with a sub-directory per volume. The local runtime and the tests build one of these.
 */
public record MappedVolumeLayout(
    Map<String, ClaimStorage> claims,
    Map<String, ContainerDiskImage> containerDisks,
    Path scratchRoot)
    implements VolumeLayout {

  public MappedVolumeLayout {
    claims = Map.copyOf(claims);
    containerDisks = Map.copyOf(containerDisks);
  }

  /** Only claims; container disks are not available. */
  public static MappedVolumeLayout ofClaims(Map<String, ClaimStorage> claims, Path scratchRoot) {
    return new MappedVolumeLayout(claims, Map.of(), scratchRoot);
  }

  @Override
  public Optional<ClaimStorage> claim(String volumeName, String claimName) {
    return Optional.ofNullable(claims.get(claimName));
  }

  @Override
  public Path scratchDirectory(String volumeName) {
    return scratchRoot.resolve(volumeName);
  }

  @Override
  public Optional<ContainerDiskImage> containerDisk(String volumeName, String image) {
    return Optional.ofNullable(containerDisks.get(volumeName));
  }
}
