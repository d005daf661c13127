package dev.convoy.launcher.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** virsh for test set-up and clean-up: listing and removing domains by name prefix. */
final class Libvirt {
  static final String URI = "qemu:///system";

  private Libvirt() {}

  /** Names of all defined or running domains starting with {@code prefix}. */
  static List<String> domains(String prefix) {
    String out = virsh("list", "--all", "--name");
    return Arrays.stream(out.split("\n"))
        .map(String::trim)
        .filter(n -> n.startsWith(prefix))
        .toList();
  }

  /** Destroys and undefines every domain starting with {@code prefix}. */
  static void removeAll(String prefix) {
    for (String name : domains(prefix)) {
      virsh("destroy", name);
      virsh("undefine", "--nvram", name);
    }
  }

  static String virsh(String... args) {
    try {
      String[] command = new String[args.length + 3];
      command[0] = "virsh";
      command[1] = "-c";
      command[2] = URI;
      System.arraycopy(args, 0, command, 3, args.length);
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
