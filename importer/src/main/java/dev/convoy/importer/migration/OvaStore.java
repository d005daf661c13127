package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.OvaMember;
import dev.convoy.importer.migration.TargetCluster.ImportSource;
import dev.convoy.importer.migration.TargetCluster.OvaVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where import pods read OVA packages. The inventory names each package by the path {@code convoy
 * inventory} read it at; the store says which volume holds that path for an import pod.
 *
 * @param root the directory of the inventory's paths that the volume's root holds; null for {@link
 *     #LOCAL}
 * @param volume the volume mounted read-only into import pods; null for {@link #LOCAL}
 */
public record OvaStore(Path root, OvaVolume volume) {
  /**
   * The local runtime's store: an import pod is a process on this machine, so each package's own
   * directory is mounted as a hostPath and the controller can check that the package is there.
   */
  public static final OvaStore LOCAL = new OvaStore(null, null);

  public OvaStore {
    if ((root == null) != (volume == null)) {
      throw new IllegalArgumentException("an OVA store needs both a root and a volume");
    }
    if (root != null && !root.isAbsolute()) {
      throw new IllegalArgumentException("the OVA store's root must be absolute: " + root);
    }
  }

  /**
   * The store a plan's {@code spec.source.ovaVolume} names ({@link #LOCAL} when unset); the plan
   * parser has checked its values.
   */
  public static OvaStore of(dev.convoy.api.convoy.v1alpha1.OvaVolume spec) {
    if (spec == null) {
      return LOCAL;
    }
    OvaVolume volume =
        spec.getNfs() != null
            ? new OvaVolume.Nfs(spec.getNfs().getServer(), spec.getNfs().getPath())
            : new OvaVolume.Claim(spec.getPersistentVolumeClaim().getClaimName());
    return new OvaStore(Path.of(spec.getRoot()).normalize(), volume);
  }

  /** Whether the packages are on this machine, where the controller can look at them. */
  public boolean local() {
    return volume == null;
  }

  /**
   * What an import pod reads for {@code member}.
   *
   * @throws IllegalArgumentException when the package is not below {@link #root}
   */
  public ImportSource.Ova source(OvaMember member) {
    Path ova = member.ova().normalize();
    if (local()) {
      return new ImportSource.Ova(
          new OvaVolume.HostPath(ova.getParent()), ova.getFileName().toString(), member.member());
    }
    if (!ova.startsWith(root)) {
      throw new IllegalArgumentException(
          "OVA " + ova + " is not below the OVA volume's root " + root);
    }
    return new ImportSource.Ova(volume, root.relativize(ova).toString(), member.member());
  }

  /**
   * Why an import pod could not read {@code member}, as the controller sees it: a missing local
   * package, or one outside the volume. Empty when it looks readable (or cannot be checked here).
   */
  public Optional<String> problem(OvaMember member) {
    if (!local()) {
      Path ova = member.ova().normalize();
      return ova.startsWith(root)
          ? Optional.empty()
          : Optional.of(
              "source.ova.outside_volume: OVA "
                  + ova
                  + " is not below spec.source.ovaVolume.root "
                  + root);
    }
    if (!Files.isRegularFile(member.ova())) {
      return Optional.of(
          "source.ova.missing: OVA "
              + member.ova()
              + (Files.exists(member.ova()) ? " is not a regular file" : " does not exist")
              + " on this machine (the local runtime's import pods read it from there)");
    }
    if (!Files.isReadable(member.ova())) {
      return Optional.of("source.ova.unreadable: OVA " + member.ova() + " cannot be read");
    }
    return Optional.empty();
  }
}
