package dev.convoy.handler.local.pods;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The container images the local runtime can run: Convoy's own images, each of which is a main
 * class in Convoy's jar. A pod whose containers all map to a main class runs as local Java
 * processes; any other pod cannot be scheduled here. An image matches an entry when it starts with
 * the entry's prefix (so any tag or digest of the image matches); the longest prefix wins.
 *
 * @param entries image prefix to main class
 */
public record LocalImages(List<Entry> entries) {

  /** Convoy's launcher image, as the operator renders it by default. */
  public static final String LAUNCHER_IMAGE = "ghcr.io/convoy-dev/convoy-launcher";

  /**
   * The launcher container's main class in Convoy's jar: the local adapter that maps the operator's
   * pod arguments onto the launcher's command line.
   */
  public static final String LAUNCHER_MAIN = "dev.convoy.handler.local.LocalLauncherMain";

  /** One mapping: images starting with {@code prefix} run {@code mainClass}. */
  public record Entry(String prefix, String mainClass) {}

  public LocalImages {
    entries = List.copyOf(entries);
  }

  /** Convoy's images: the launcher. */
  public static LocalImages defaults() {
    return new LocalImages(List.of(new Entry(LAUNCHER_IMAGE, LAUNCHER_MAIN)));
  }

  /** These mappings plus {@code prefix → mainClass} (overriding the same prefix). */
  public LocalImages with(String prefix, String mainClass) {
    List<Entry> copy = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.prefix().equals(prefix)) {
        copy.add(entry);
      }
    }
    copy.add(new Entry(prefix, mainClass));
    return new LocalImages(copy);
  }

  /**
   * Parses {@code PREFIX=MAIN_CLASS}, the form of {@code convoy runtime up --local-image}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Entry parseEntry(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\": expected IMAGE_PREFIX=MAIN_CLASS, e.g. "
              + LAUNCHER_IMAGE
              + "="
              + LAUNCHER_MAIN);
    }
    String mainClass = text.substring(equals + 1).trim();
    if (!mainClass.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
      throw new IllegalArgumentException(
          "\"" + text + "\": \"" + mainClass + "\" is not a Java class name");
    }
    return new Entry(text.substring(0, equals).trim(), mainClass);
  }

  /** The main class for {@code image}, if the runtime can run it. */
  public Optional<String> mainClassFor(String image) {
    if (image == null) {
      return Optional.empty();
    }
    return entries.stream()
        .filter(entry -> image.startsWith(entry.prefix()))
        .max(Comparator.comparingInt(entry -> entry.prefix().length()))
        .map(Entry::mainClass);
  }

  /** The prefixes, for messages. */
  public List<String> prefixes() {
    return entries.stream().map(Entry::prefix).toList();
  }
}
