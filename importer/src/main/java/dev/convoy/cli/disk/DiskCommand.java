package dev.convoy.cli.disk;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code convoy disk}: inspect and convert untrusted disk images (docs/disk-convert.md). */
@Command(
    name = "disk",
    mixinStandardHelpOptions = true,
    description = {
      "Inspect and convert VMware disk images (VMDK, OVA, raw, qcow2) with qemu-img.",
      "Convoy's own parser checks every image before qemu-img opens it;",
      "the rules and their ids are in docs/disk-convert.md.",
      ""
    },
    subcommands = {DiskInspectCommand.class, DiskConvertCommand.class})
public final class DiskCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: 'convoy disk inspect' or 'convoy disk convert'.");
  }
}
