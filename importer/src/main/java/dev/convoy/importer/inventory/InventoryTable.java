package dev.convoy.importer.inventory;

import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Vm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders an inventory as a plain-text table, one VM per row, and a summary line. */
public final class InventoryTable {
  private InventoryTable() {}

  /** The table text, ending with a newline. */
  public static String render(Inventory inventory) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "NAME",
          "POWER",
          "CPU",
          "MEMORY",
          "DISKS",
          "NICS",
          "FIRMWARE",
          "GUEST OS",
          "PLACEMENT",
          "SOURCE"
        });
    long diskBytes = 0;
    int disks = 0;
    int nics = 0;
    for (Vm vm : inventory.vms()) {
      long bytes =
          vm.disks().stream()
              .map(Disk::capacityBytes)
              .filter(b -> b != null)
              .mapToLong(Long::longValue)
              .sum();
      diskBytes += bytes;
      disks += vm.disks().size();
      nics += vm.nics().size();
      rows.add(
          new String[] {
            vm.name(),
            power(vm.powerState()),
            vm.cpuCount() == null ? "-" : vm.cpuCount().toString(),
            vm.memoryMiB() == null ? "-" : size(vm.memoryMiB() * 1024 * 1024),
            vm.disks().size() + " (" + size(bytes) + ")",
            Integer.toString(vm.nics().size()),
            vm.firmware() == null
                ? "-"
                : vm.firmware().name().toLowerCase(Locale.ROOT)
                    + (Boolean.TRUE.equals(vm.secureBoot()) ? "+sb" : ""),
            dash(vm.guestFullName() != null ? vm.guestFullName() : vm.guestId()),
            placement(vm),
            dash(vm.sourceId())
          });
    }
    StringBuilder out = new StringBuilder();
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%n%d VMs, %d disks (%s), %d NICs; %d hosts, %d clusters, %d datastores, %d networks from %d source%s%n",
            inventory.vms().size(),
            disks,
            size(diskBytes),
            nics,
            inventory.hosts().size(),
            inventory.clusters().size(),
            inventory.datastores().size(),
            inventory.networks().size(),
            inventory.sources().size(),
            inventory.sources().size() == 1 ? "" : "s"));
    inventory
        .notes()
        .forEach(
            n ->
                out.append(n.level().name().toLowerCase(Locale.ROOT))
                    .append(": ")
                    .append(n.message())
                    .append('\n'));
    return out.toString();
  }

  private static String placement(Vm vm) {
    if (vm.cluster() != null) {
      return vm.datacenter() + "/" + vm.cluster() + (vm.host() == null ? "" : "/" + vm.host());
    }
    if (vm.host() != null) {
      return (vm.datacenter() == null ? "" : vm.datacenter() + "/") + vm.host();
    }
    return dash(vm.inventoryPath());
  }

  private static String power(PowerState state) {
    if (state == null) {
      return "-";
    }
    return switch (state) {
      case POWERED_ON -> "on";
      case POWERED_OFF -> "off";
      case SUSPENDED -> "suspended";
    };
  }

  /** Bytes in binary units, e.g. {@code 1.5 GiB}. */
  public static String size(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? bytes + " B"
        : (value == Math.rint(value)
            ? String.format(Locale.ROOT, "%.0f %s", value, units[unit])
            : String.format(Locale.ROOT, "%.1f %s", value, units[unit]));
  }

  private static String dash(String s) {
    return s == null || s.isBlank() ? "-" : s;
  }
}
