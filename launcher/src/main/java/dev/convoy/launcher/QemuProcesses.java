package dev.convoy.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the QEMU processes of a domain in {@code /proc}: libvirt starts QEMU with {@code -name
 * guest=<domain>,...}. Zombies do not count: their QEMU has exited and only awaits reaping by init.
 * Used to exit only when QEMU is gone and to prove that no QEMU is left behind.
 */
public final class QemuProcesses {
  private static final Path PROC = Path.of("/proc");

  private QemuProcesses() {}

  /** PIDs of live QEMU processes running domain {@code domainName}. */
  public static List<Long> of(String domainName) {
    return scan("guest=" + domainName + ",");
  }

  /** QEMU processes of every domain whose name starts with {@code prefix} (test clean-up). */
  public static List<Long> withNamePrefix(String prefix) {
    return scan("guest=" + prefix);
  }

  private static List<Long> scan(String text) {
    byte[] marker = text.getBytes(StandardCharsets.UTF_8);
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        try {
          byte[] cmdline = Files.readAllBytes(entry.resolve("cmdline"));
          if (contains(cmdline, marker) && isQemu(cmdline) && !zombie(entry)) {
            pids.add(Long.parseLong(entry.getFileName().toString()));
          }
        } catch (IOException | NumberFormatException e) {
          // The process ended while we looked: not there.
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list /proc", e);
    }
    return pids;
  }

  private static boolean isQemu(byte[] cmdline) {
    int end = 0;
    while (end < cmdline.length && cmdline[end] != 0) {
      end++;
    }
    return new String(cmdline, 0, end, StandardCharsets.UTF_8).contains("qemu");
  }

  private static boolean zombie(Path process) throws IOException {
    String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
    int afterName = stat.lastIndexOf(')');
    return afterName > 0 && afterName + 2 < stat.length() && stat.charAt(afterName + 2) == 'Z';
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
