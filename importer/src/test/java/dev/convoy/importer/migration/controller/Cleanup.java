package dev.convoy.importer.migration.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Leftovers of a test runtime: local pod processes, libvirt domains, directories. */
final class Cleanup {
  private Cleanup() {}

  static void destroyDomains(String prefix) {
    try {
      Process list =
          new ProcessBuilder("virsh", "-c", "qemu:///system", "list", "--all", "--name").start();
      String names = new String(list.getInputStream().readAllBytes());
      list.waitFor(30, TimeUnit.SECONDS);
      for (String name : names.split("\n")) {
        if (name.trim().startsWith(prefix)) {
          run("virsh", "-c", "qemu:///system", "destroy", name.trim());
          run("virsh", "-c", "qemu:///system", "undefine", "--nvram", name.trim());
        }
      }
    } catch (IOException e) {
      // nothing to clean
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }

  static void killLocalPods(Path podsDir) throws IOException {
    if (!Files.isDirectory(podsDir)) {
      return;
    }
    try (var pids = Files.find(podsDir, 4, (p, a) -> p.getFileName().toString().equals("pid"))) {
      pids.forEach(
          pid -> {
            try {
              long value = Long.parseLong(Files.readString(pid).trim());
              ProcessHandle.of(value).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IOException | NumberFormatException e) {
              // already gone
            }
          });
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
