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
 * @param completion what must still arrive before the converted disk may be published: an HTTP
 *     source staged while qemu-img converts it is complete only when its download is, and only then
 *     is it known to be consistent (and its SHA-256 known)
 */
record PreparedSource(
    InspectionReport report,
    QemuImageSpec spec,
    String qemuFormat,
    String identity,
    Optional<Path> scratch,
    java.util.List<java.io.Closeable> resources,
    Completion completion)
    implements AutoCloseable {

  /** The source's arrival, for a source that may still be arriving while qemu-img reads it. */
  interface Completion {
    /**
     * Blocks until the source has fully arrived and every byte qemu-img read is known to be the
     * source's; returns the SHA-256 of the source file as downloaded, when one was computed.
     */
    Optional<String> await() throws DiskConvertException;

    /** Why the source failed, if it did: the real cause of a read error qemu-img reports. */
    Optional<DiskConvertException> failure();

    /** A source that is all there already. */
    static Completion done(Optional<String> sourceSha256) {
      return new Completion() {
        @Override
        public Optional<String> await() {
          return sourceSha256;
        }

        @Override
        public Optional<DiskConvertException> failure() {
          return Optional.empty();
        }
      };
    }
  }

  PreparedSource(
      InspectionReport report,
      QemuImageSpec spec,
      String qemuFormat,
      String identity,
      Optional<Path> scratch,
      java.util.List<java.io.Closeable> resources) {
    this(report, spec, qemuFormat, identity, scratch, resources, Completion.done(Optional.empty()));
  }

  PreparedSource(
      InspectionReport report,
      QemuImageSpec spec,
      String qemuFormat,
      String identity,
      Optional<Path> scratch) {
    this(
        report,
        spec,
        qemuFormat,
        identity,
        scratch,
        java.util.List.of(),
        Completion.done(Optional.empty()));
  }

  /**
   * Waits until the source has fully arrived and is consistent (see {@link Completion#await}); a
   * conversion calls it after qemu-img finished and before it verifies or publishes anything.
   */
  void awaitSource() throws DiskConvertException {
    completion.await();
  }

  /**
   * The SHA-256 of the source file as downloaded, when an HTTP source was staged (of the flat
   * extent for a descriptor); empty otherwise. Known once {@link #awaitSource} returned.
   */
  Optional<String> sourceSha256() {
    try {
      return completion.await();
    } catch (DiskConvertException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code qemuFailure}, or the source's own failure when there is one: a source that changed or a
   * download that broke makes qemu-img report only "Input/output error".
   */
  DiskConvertException explain(DiskConvertException qemuFailure) {
    return completion.failure().orElse(qemuFailure);
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
