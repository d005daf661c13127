package dev.convoy.plans.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes generated files into a folder all or nothing: everything goes into a temporary sibling
 * folder first, which then replaces the target with one rename. A failure leaves the target as it
 * was. It only replaces a folder that is empty or that it wrote before (it leaves a marker file),
 * so a typo in {@code --out} never deletes someone's work.
 */
public final class ManifestWriter {
  /** The marker file in every folder this writer produced. */
  public static final String MARKER = ".convoy-generated";

  private ManifestWriter() {}

  /** Refused: the target exists and holds files Convoy did not write. */
  public static final class TargetNotOursException extends IOException {
    private static final long serialVersionUID = 1L;

    TargetNotOursException(String message) {
      super(message);
    }
  }

  /** Writes {@code files} so that {@code target} holds exactly them (plus the marker). */
  public static void write(Path target, List<GeneratedFile> files, String markerText)
      throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new TargetNotOursException(target + " exists and is not a folder");
      }
      boolean empty;
      try (Stream<Path> entries = Files.list(absolute)) {
        empty = entries.findAny().isEmpty();
      }
      if (!empty && !Files.exists(absolute.resolve(MARKER))) {
        throw new TargetNotOursException(
            target
                + " is not empty and was not written by convoy generate (no "
                + MARKER
                + "); choose another --out or empty it");
      }
    }
    Path parent = absolute.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
    Path old = null;
    try {
      for (GeneratedFile file : files) {
        Path path = staging.resolve(file.path()).normalize();
        if (!path.startsWith(staging)) {
          throw new IOException("refusing to write outside the output folder: " + file.path());
        }
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.content(), StandardCharsets.UTF_8);
      }
      Files.writeString(staging.resolve(MARKER), markerText, StandardCharsets.UTF_8);
      if (Files.exists(absolute)) {
        old = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".old-");
        Files.delete(old);
        move(absolute, old);
      }
      move(staging, absolute);
      staging = null;
    } catch (IOException | RuntimeException e) {
      if (old != null && !Files.exists(absolute)) {
        move(old, absolute);
        old = null;
      }
      throw e;
    } finally {
      if (staging != null) {
        deleteTree(staging);
      }
      if (old != null) {
        deleteTree(old);
      }
    }
  }

  /** Writes one file atomically: a temporary sibling, then a rename over the target. */
  public static void writeFile(Path target, String content) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    Files.createDirectories(absolute.getParent());
    Path temporary =
        Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.move(
          temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  static void deleteTree(Path root) {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + root, e);
    }
  }
}
