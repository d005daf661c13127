package dev.convoy.disk.image;

import dev.convoy.disk.Rule;
import dev.convoy.disk.UnsafeImageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Resolves extents beside a local descriptor. The extent must be a regular file in the descriptor's
 * own directory, checked with {@code lstat} (no symbolic links), with a single hard link (a second
 * link could make a host file appear inside the upload directory), and not the descriptor itself.
 */
public final class LocalExtentResolver implements ExtentResolver {
  private final Path descriptor;
  private final Path directory;

  /**
   * @param descriptor the descriptor's real (symlink-free, absolute) path
   */
  public LocalExtentResolver(Path descriptor) {
    this.descriptor = descriptor;
    this.directory = descriptor.getParent();
  }

  @Override
  public InspectedImage.ResolvedExtent resolve(VmdkExtent extent)
      throws IOException, UnsafeImageException {
    String name = extent.fileName().orElseThrow();
    String subject = descriptor.toString();
    String where = "extent on line " + extent.line() + " (" + PlainNames.quote(name) + ")";
    Path file = directory.resolve(name);
    if (!file.getParent().equals(directory) || file.equals(descriptor)) {
      throw new UnsafeImageException(
          Rule.VMDK_EXTENT_FILE,
          subject,
          where + " does not name a separate file beside the descriptor",
          name);
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new UnsafeImageException(
          Rule.VMDK_EXTENT_FILE, subject, where + " is missing: " + file + " does not exist", name);
    }
    if (attributes.isSymbolicLink()) {
      throw new UnsafeImageException(
          Rule.VMDK_EXTENT_FILE,
          subject,
          where
              + " is a symbolic link (to "
              + Files.readSymbolicLink(file)
              + "); extents must be regular files",
          name);
    }
    if (!attributes.isRegularFile()) {
      throw new UnsafeImageException(
          Rule.VMDK_EXTENT_FILE, subject, where + " is not a regular file", name);
    }
    Object links = Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
    if (links instanceof Integer count && count > 1) {
      throw new UnsafeImageException(
          Rule.VMDK_EXTENT_FILE,
          subject,
          where + " has " + count + " hard links; extents must have exactly one",
          name);
    }
    return new InspectedImage.ResolvedExtent(
        extent, Optional.of(file.toString()), attributes.size());
  }

  @Override
  public ByteSource open(InspectedImage.ResolvedExtent extent) throws IOException {
    return FileSliceSource.wholeFile(Path.of(extent.location().orElseThrow()));
  }
}
