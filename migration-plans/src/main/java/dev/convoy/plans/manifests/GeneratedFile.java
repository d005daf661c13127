package dev.convoy.plans.manifests;

/** One generated file: its path relative to the output folder and its text. */
public record GeneratedFile(String path, String content) {
  public GeneratedFile {
    if (path.startsWith("/") || path.contains("..") || path.contains("\\")) {
      throw new IllegalArgumentException("not a safe relative path: " + path);
    }
  }
}
