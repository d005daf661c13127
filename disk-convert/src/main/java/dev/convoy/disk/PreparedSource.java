package dev.convoy.disk;

import dev.convoy.disk.qemu.QemuImageSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A source that passed inspection, ready for qemu-img: the image spec Convoy built, the format to
 * pass with {@code -f}, and a scratch directory (canonical descriptor, cookie secret) removed on
 * close.
 *
 * @param identity what identifies this exact source content cheaply (path, size, mtime; URL,
 *     length, ETag), so a rerun can tell whether a ready disk came from it
 * @param sourceSha256 SHA-256 of the source file as downloaded, when an HTTP source was staged (of
 *     the flat extent for a descriptor); empty otherwise
 */
record PreparedSource(
    InspectionReport report,
    QemuImageSpec spec,
    String qemuFormat,
    String identity,
    Optional<Path> scratch,
    java.util.List<java.io.Closeable> resources,
    Optional<String> sourceSha256)
    implements AutoCloseable {

  PreparedSource(
      InspectionReport report,
      QemuImageSpec spec,
      String qemuFormat,
      String identity,
      Optional<Path> scratch,
      java.util.List<java.io.Closeable> resources) {
    this(report, spec, qemuFormat, identity, scratch, resources, Optional.empty());
  }

  PreparedSource(
      InspectionReport report,
      QemuImageSpec spec,
      String qemuFormat,
      String identity,
      Optional<Path> scratch) {
    this(report, spec, qemuFormat, identity, scratch, java.util.List.of(), Optional.empty());
  }

  @Override
  public void close() {
    for (java.io.Closeable resource : resources) {
      try {
        resource.close();
      } catch (IOException ignored) {
        // Best effort: a server socket in a scratch directory that is removed next.
      }
    }
    if (scratch.isEmpty()) {
      return;
    }
    try (Stream<Path> paths = Files.walk(scratch.get())) {
      paths.sorted(Comparator.reverseOrder()).forEach(PreparedSource::deleteQuietly);
    } catch (IOException ignored) {
      // Best effort: a scratch directory under /tmp holds no secret after the cookie file is gone.
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort.
    }
  }
}
