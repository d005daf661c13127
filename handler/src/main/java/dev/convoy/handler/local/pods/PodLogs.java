package dev.convoy.handler.local.pods;

import dev.convoy.handler.local.LocalPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads local pods' container logs, which the runner appends to {@code
 * <data>/logs/<namespace>_<pod>_<uid>/<container>.log}. They are kept after the pod is gone, so the
 * log of a VM's last launcher can still be read after the VM stopped.
 */
public final class PodLogs {
  private final LocalPaths paths;

  public PodLogs(LocalPaths paths) {
    this.paths = paths;
  }

  /** A problem the caller reports as is (no such pod, several containers). */
  public static final class LogException extends Exception {
    private static final long serialVersionUID = 1L;

    public LogException(String message) {
      super(message);
    }
  }

  /**
   * The log of {@code container} (null: the pod's only container) of pod {@code name}; of the
   * instance with {@code uid} when given, else the most recent one.
   *
   * @param tailLines the last lines only, or null for all
   */
  public String read(String namespace, String name, String uid, String container, Integer tailLines)
      throws LogException, IOException {
    Path dir =
        directory(namespace, name, uid)
            .orElseThrow(
                () ->
                    new LogException("no logs of pod " + namespace + "/" + name + " on this node"));
    List<String> containers = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(file -> file.getFileName().toString())
          .filter(file -> file.endsWith(".log"))
          .map(file -> file.substring(0, file.length() - 4))
          .sorted()
          .forEach(containers::add);
    }
    if (container == null || container.isEmpty()) {
      if (containers.size() != 1) {
        throw new LogException(
            "a container name must be specified for pod "
                + name
                + ", choose one of: "
                + containers);
      }
      container = containers.get(0);
    } else if (!containers.contains(container)) {
      throw new LogException(
          "container "
              + container
              + " is not valid for pod "
              + name
              + " (logs exist for "
              + containers
              + ")");
    }
    String text = Files.readString(dir.resolve(container + ".log"), StandardCharsets.UTF_8);
    if (tailLines == null || tailLines < 0) {
      return text;
    }
    String[] lines = text.split("\n", -1);
    int end = text.endsWith("\n") ? lines.length - 1 : lines.length;
    int start = Math.max(0, end - tailLines);
    StringBuilder tail = new StringBuilder();
    for (int i = start; i < end; i++) {
      tail.append(lines[i]).append('\n');
    }
    return tail.toString();
  }

  private Optional<Path> directory(String namespace, String name, String uid) throws IOException {
    if (uid != null) {
      Path exact = paths.podLogs(namespace, name, uid);
      if (Files.isDirectory(exact)) {
        return Optional.of(exact);
      }
    }
    if (!Files.isDirectory(paths.logs())) {
      return Optional.empty();
    }
    String prefix = namespace + "_" + name + "_";
    try (Stream<Path> dirs = Files.list(paths.logs())) {
      return dirs.filter(
              dir ->
                  dir.getFileName().toString().startsWith(prefix)
                      && dir.getFileName().toString().length() == prefix.length() + 36)
          .max(Comparator.comparing(PodLogs::modified));
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
