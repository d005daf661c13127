package dev.convoy.importer.ova;

import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.ova.OvaArchive;
import dev.convoy.disk.ova.OvaLimits;
import dev.convoy.importer.inventory.InventoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of an OVF package: the members of an {@code .ova} tar (indexed by disk-convert's {@link
 * OvaArchive}, read in place, never extracted) or the files of an OVF folder. Each file is a byte
 * range of some path on disk.
 */
sealed interface OvfPackage {

  /**
   * One file of the package.
   *
   * @param path the file holding the bytes (the .ova itself for a member)
   * @param entry the tar member name, or null for a plain file
   * @param offset where the bytes start in {@code path}
   * @param length how many bytes
   */
  record FileRange(Path path, String entry, long offset, long length) {}

  /** The package file or folder, absolute. */
  Path location();

  /** The descriptor's file name, for messages. */
  String descriptorName();

  /** The descriptor's bytes. */
  byte[] descriptor() throws InventoryException;

  /** The manifest's bytes, if the package has one ({@code <descriptor base>.mf}). */
  Optional<byte[]> manifest() throws InventoryException;

  /** The file {@code href} names, if the package has it. */
  Optional<FileRange> file(String href) throws InventoryException;

  /** Opens {@code path}: an .ova, an .ovf, or a folder holding exactly one .ovf. */
  static OvfPackage open(Path path) throws InventoryException {
    Path absolute = path.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      try (Stream<Path> files = Files.list(absolute)) {
        List<Path> descriptors =
            files
                .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ovf"))
                .sorted()
                .toList();
        if (descriptors.size() != 1) {
          throw InventoryException.invalid(
              absolute
                  + ": an OVF folder must hold exactly one .ovf descriptor, found "
                  + descriptors.size());
        }
        return new Folder(descriptors.get(0));
      } catch (IOException e) {
        throw InventoryException.invalid(absolute + ": cannot list the folder: " + e.getMessage());
      }
    }
    if (absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ovf")) {
      return new Folder(absolute);
    }
    return Ova.open(absolute);
  }

  /** The SHA digest of a file range, hex. */
  static String digest(FileRange file, String algorithm) throws InventoryException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    try (FileChannel channel =
        FileChannel.open(file.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long position = file.offset();
      long end = file.offset() + file.length();
      while (position < end) {
        buffer.clear();
        if (end - position < buffer.capacity()) {
          buffer.limit((int) (end - position));
        }
        int read = channel.read(buffer, position);
        if (read < 0) {
          throw InventoryException.invalid(
              file.path()
                  + ": "
                  + describe(file)
                  + " is truncated (ends at byte "
                  + position
                  + ")");
        }
        buffer.flip();
        digest.update(buffer);
        position += read;
      }
    } catch (IOException e) {
      throw InventoryException.invalid(
          file.path() + ": cannot read " + describe(file) + ": " + e.getMessage());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String describe(FileRange file) {
    return file.entry() == null ? "the file" : "member '" + file.entry() + "'";
  }

  /** An .ova: a tar whose members are read in place. */
  record Ova(OvaArchive archive, OvaArchive.Member descriptorMember) implements OvfPackage {
    static Ova open(Path ova) throws InventoryException {
      OvaArchive archive;
      try {
        archive = OvaArchive.open(ova, OvaLimits.defaults());
      } catch (DiskConvertException e) {
        throw InventoryException.invalid(e.getMessage());
      }
      OvaArchive.Member descriptor =
          archive.members().stream()
              .filter(m -> m.name().toLowerCase(Locale.ROOT).endsWith(".ovf"))
              .findFirst()
              .orElseThrow(
                  () -> InventoryException.invalid(ova + ": the OVA contains no .ovf descriptor"));
      return new Ova(archive, descriptor);
    }

    @Override
    public Path location() {
      return archive.path();
    }

    @Override
    public String descriptorName() {
      return archive.path().getFileName() + "!" + descriptorMember.name();
    }

    @Override
    public byte[] descriptor() throws InventoryException {
      try {
        return archive.readSmall(descriptorMember, OvaLimits.defaults().maxDescriptorBytes());
      } catch (DiskConvertException e) {
        throw InventoryException.invalid(e.getMessage());
      }
    }

    @Override
    public Optional<byte[]> manifest() throws InventoryException {
      String name = descriptorMember.name().replaceAll("(?i)\\.ovf$", ".mf");
      Optional<OvaArchive.Member> member = archive.member(name);
      if (member.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            archive.readSmall(member.get(), OvaLimits.defaults().maxManifestBytes()));
      } catch (DiskConvertException e) {
        throw InventoryException.invalid(e.getMessage());
      }
    }

    @Override
    public Optional<FileRange> file(String href) {
      return archive
          .member(href)
          .map(m -> new FileRange(archive.path(), m.name(), m.dataOffset(), m.size()));
    }
  }

  /** An .ovf with its files beside it. */
  record Folder(Path descriptorPath) implements OvfPackage {
    @Override
    public Path location() {
      return descriptorPath;
    }

    @Override
    public String descriptorName() {
      return descriptorPath.toString();
    }

    @Override
    public byte[] descriptor() throws InventoryException {
      try {
        if (Files.size(descriptorPath) > OvaLimits.defaults().maxDescriptorBytes()) {
          throw InventoryException.invalid(descriptorPath + ": the descriptor is too large");
        }
        return Files.readAllBytes(descriptorPath);
      } catch (IOException e) {
        throw InventoryException.invalid(descriptorPath + ": cannot read: " + e.getMessage());
      }
    }

    @Override
    public Optional<byte[]> manifest() throws InventoryException {
      Path manifest =
          descriptorPath.resolveSibling(
              descriptorPath.getFileName().toString().replaceAll("(?i)\\.ovf$", ".mf"));
      if (!Files.isRegularFile(manifest)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(manifest));
      } catch (IOException e) {
        throw InventoryException.invalid(manifest + ": cannot read: " + e.getMessage());
      }
    }

    @Override
    public Optional<FileRange> file(String href) throws InventoryException {
      if (href.contains("/") || href.contains("\\") || href.startsWith(".")) {
        throw InventoryException.invalid(
            descriptorPath + ": file reference '" + href + "' is not a plain file name");
      }
      Path file = descriptorPath.resolveSibling(href);
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      try {
        return Optional.of(new FileRange(file, null, 0, Files.size(file)));
      } catch (IOException e) {
        throw InventoryException.invalid(file + ": cannot read: " + e.getMessage());
      }
    }
  }
}
