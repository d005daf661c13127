package dev.convoy.cli;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.inventory.InventoryTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convoy inventory}: reads what is to be migrated from vCenter, OVAs or RVTools. */
@Command(
    name = "inventory",
    mixinStandardHelpOptions = true,
    description = {
      "Collect VMs, disks, NICs, hosts, clusters, networks and datastores from vCenter/ESXi,"
          + " OVA/OVF packages or RVTools exports (schema: docs/inventory.md).",
      "",
      "Credentials for vsphere:// sources: the user from the URL or CONVOY_VSPHERE_USERNAME, the"
          + " password from --password-file or CONVOY_VSPHERE_PASSWORD. TLS is verified against the"
          + " system trust store unless --ca-file, --thumbprint or --insecure says otherwise.",
      ""
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  the inventory was written",
      "  2  usage error",
      "  3  invalid input: a malformed OVF/CSV/inventory file, a bad checksum, a missing file",
      "  4  vCenter unreachable, TLS certificate untrusted, login refused or permission missing"
    })
public final class InventoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SourceOptions source;

  /** Output formats. */
  enum Format {
    table,
    json,
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write to FILE (atomically) instead of standard output.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Inventory inventory = source.collect(spec, err);
    String text =
        switch (output) {
          case table -> InventoryTable.render(inventory);
          case json -> InventoryCodec.toString(inventory, InventoryCodec.Format.JSON);
          case yaml -> InventoryCodec.toString(inventory, InventoryCodec.Format.YAML);
        };
    ReportOutput.write(spec, out, text, inventory.vms().size() + " VMs");
    return ExitCodes.OK;
  }
}
