package dev.convoy.importer.ova;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds OVF packages for tests from the hand-made descriptors in {@code src/test/resources/ovf}:
 * as an OVA (a tar with the descriptor first, like ovftool writes it) or as a folder, with a
 * SHA-256 manifest that can be made wrong on purpose.
 */
final class OvfFixtures {
  private OvfFixtures() {}

  /** The descriptor text of resource {@code ovf/<name>}. */
  static byte[] descriptor(String name) throws IOException {
    try (InputStream in = OvfFixtures.class.getResourceAsStream("/ovf/" + name)) {
      if (in == null) {
        throw new IOException("no test resource ovf/" + name);
      }
      return in.readAllBytes();
    }
  }

  /** Bytes that look like the start of a stream-optimized VMDK, distinct per name. */
  static byte[] fakeDisk(String name, int size) {
    byte[] bytes = new byte[size];
    byte[] magic = "KDMV".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, bytes, 0, 4);
    byte[] label = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(label, 0, bytes, 8, Math.min(label.length, size - 8));
    for (int i = 512; i < size; i++) {
      bytes[i] = (byte) (i * 31 + name.hashCode());
    }
    return bytes;
  }

  /** A package's files in order: descriptor first, then disks; the manifest is computed. */
  static Map<String, byte[]> files(
      String descriptorName, String resource, Map<String, byte[]> disks) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(descriptorName, descriptor(resource));
    files.putAll(disks);
    return files;
  }

  /** The manifest text for {@code files}. */
  static String manifest(Map<String, byte[]> files) throws Exception {
    StringBuilder manifest = new StringBuilder();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      String hex =
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue()));
      manifest.append("SHA256(").append(e.getKey()).append(")= ").append(hex).append('\n');
    }
    return manifest.toString();
  }

  /**
   * Writes an OVA: {@code files} in order, then the manifest (if not null) second, like ovftool.
   */
  static Path ova(Path target, Map<String, byte[]> files, String manifest) throws IOException {
    try (OutputStream out = Files.newOutputStream(target);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      boolean first = true;
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        add(tar, e.getKey(), e.getValue());
        if (first && manifest != null) {
          String mf = e.getKey().replaceAll("\\.ovf$", ".mf");
          add(tar, mf, manifest.getBytes(StandardCharsets.UTF_8));
        }
        first = false;
      }
    }
    return target;
  }

  /** Writes the files (and manifest, if not null) into {@code dir}. */
  static Path folder(Path dir, Map<String, byte[]> files, String manifest) throws IOException {
    Files.createDirectories(dir);
    String descriptor = null;
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
      if (descriptor == null) {
        descriptor = e.getKey();
      }
    }
    if (manifest != null) {
      Files.writeString(dir.resolve(descriptor.replaceAll("\\.ovf$", ".mf")), manifest);
    }
    return dir;
  }

  private static void add(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
