package dev.convoy.importer.rvtools;

import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.GuestInfo;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryNote;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.inventory.InventoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an RVTools CSV export (the vInfo tab, with vDisk and vNetwork when present) into the
 * inventory model, for assessment and planning when no vCenter is reachable. Tabs are recognised by
 * their columns, so file names do not matter; a VM's disks and NICs are joined by VM UUID, VM ID or
 * name, whichever the tabs share. Column names follow RVTools 4.x (MiB) and 3.x (MB).
 */
public final class RvToolsReader {
  private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)\\s*$");

  private RvToolsReader() {}

  /**
   * Reads {@code path}: a folder with the export's CSV files, the vInfo CSV (its sibling vDisk and
   * vNetwork CSVs are read too), or a single vInfo CSV.
   */
  public static Inventory read(Path path, String sourceId) throws InventoryException {
    Path absolute = path.toAbsolutePath().normalize();
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(absolute)) {
      candidates.addAll(csvFiles(absolute));
    } else if (absolute.getFileName().toString().toLowerCase(Locale.ROOT).contains("vinfo")) {
      candidates.add(absolute);
      for (Path sibling : csvFiles(absolute.getParent())) {
        if (!sibling.equals(absolute)) {
          candidates.add(sibling);
        }
      }
    } else {
      candidates.add(absolute);
    }
    CsvTable info = null;
    CsvTable disks = null;
    CsvTable networks = null;
    for (Path candidate : candidates) {
      CsvTable table = CsvTable.read(candidate);
      if (table.has("Powerstate") && table.has("CPUs")) {
        info = info == null ? table : info;
      } else if (table.has("Capacity MiB", "Capacity MB") && table.has("Disk")) {
        disks = disks == null ? table : disks;
      } else if (table.has("Mac Address") && table.has("Network")) {
        networks = networks == null ? table : networks;
      }
    }
    if (info == null) {
      throw InventoryException.invalid(
          absolute
              + ": no RVTools vInfo table found (a CSV with the columns VM, Powerstate, CPUs,"
              + " Memory)");
    }
    return new Reader(sourceId, info, disks, networks, absolute).read();
  }

  private static List<Path> csvFiles(Path dir) throws InventoryException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw InventoryException.invalid(dir + ": cannot list: " + e.getMessage());
    }
  }

  private static final class Reader {
    private final String sourceId;
    private final CsvTable info;
    private final CsvTable disks;
    private final CsvTable networks;
    private final Path location;
    private final List<InventoryNote> notes = new ArrayList<>();
    private final Map<String, List<String>> keysByName = new LinkedHashMap<>();

    Reader(String sourceId, CsvTable info, CsvTable disks, CsvTable networks, Path location) {
      this.sourceId = sourceId;
      this.info = info;
      this.disks = disks;
      this.networks = networks;
      this.location = location;
    }

    Inventory read() throws InventoryException {
      if (!info.has("VM")) {
        throw InventoryException.invalid(info.file() + ":1: the vInfo table has no 'VM' column");
      }
      Map<String, Vm.Builder> vms = new LinkedHashMap<>();
      Map<String, List<Disk>> vmDisks = new LinkedHashMap<>();
      Map<String, List<Nic>> vmNics = new LinkedHashMap<>();
      Map<String, String> ipByVm = new LinkedHashMap<>();
      for (CsvTable.Row row : info.rows()) {
        String name = info.get(row, "VM");
        if (name == null) {
          throw InventoryException.invalid(info.file() + ":" + row.line() + ": empty VM name");
        }
        String key = key(info, row);
        if (vms.containsKey(key)) {
          throw InventoryException.invalid(
              info.file()
                  + ":"
                  + row.line()
                  + ": VM '"
                  + name
                  + "' appears twice (same key "
                  + key
                  + ")");
        }
        String firmware = info.get(row, "Firmware");
        String vmId = info.get(row, "VM ID");
        String cbt = info.get(row, "CBT");
        String path = info.get(row, "Folder");
        Vm.Builder vm =
            Vm.builder()
                .id(vmId != null ? vmId : key)
                .sourceId(sourceId)
                .name(name)
                .biosUuid(info.get(row, "SMBIOS UUID", "VM UUID"))
                .instanceUuid(info.has("SMBIOS UUID") ? info.get(row, "VM UUID") : null)
                .datacenter(info.get(row, "Datacenter"))
                .cluster(info.get(row, "Cluster"))
                .host(info.get(row, "Host"))
                .folder(path)
                .resourcePool(info.get(row, "Resource pool"))
                .inventoryPath(
                    "/"
                        + (info.get(row, "Datacenter") == null
                            ? ""
                            : info.get(row, "Datacenter") + "/vm")
                        + (path == null ? "" : "/" + path.replaceAll("^/+", ""))
                        + "/"
                        + name)
                .powerState(powerState(info.get(row, "Powerstate")))
                .template(bool(info.get(row, "Template")))
                .guestFullName(
                    info.get(
                        row,
                        "OS according to the configuration file",
                        "OS according to the VMware Tools",
                        "OS"))
                .cpuCount(integer(info, row, "CPUs"))
                .memoryMiB(longValue(info, row, "Memory"))
                .firmware(
                    firmware == null
                        ? null
                        : firmware.toLowerCase(Locale.ROOT).contains("efi")
                            ? Firmware.EFI
                            : Firmware.BIOS)
                .secureBoot(bool(info.get(row, "EFI Secure boot")))
                .changeTrackingEnabled(bool(cbt))
                .consolidationNeeded(bool(info.get(row, "Consolidation Needed")))
                .faultToleranceRole(ftRole(info.get(row, "FT State")))
                .hardwareVersion(hardwareVersion(info.get(row, "HW version")))
                .annotation(info.get(row, "Annotation"));
        vms.put(key, vm);
        keysByName.computeIfAbsent(name, n -> new ArrayList<>()).add(key);
        vmDisks.put(key, new ArrayList<>());
        vmNics.put(key, new ArrayList<>());
        String ip = info.get(row, "Primary IP Address");
        String dns = info.get(row, "DNS Name");
        if (ip != null || dns != null) {
          vm.guest(new GuestInfo(dns, ip, null, null, null, null, null, null));
        }
        if (ip != null) {
          ipByVm.put(key, ip);
        }
      }
      if (disks != null) {
        for (CsvTable.Row row : disks.rows()) {
          String key = join(disks, row, vms, "vDisk");
          if (key != null) {
            vmDisks.get(key).add(disk(row));
          }
        }
      } else {
        notes.add(
            new InventoryNote(
                sourceId,
                InventoryNote.Level.WARNING,
                location + ": no vDisk table; VMs have no disk details"));
      }
      if (networks != null) {
        for (CsvTable.Row row : networks.rows()) {
          String key = join(networks, row, vms, "vNetwork");
          if (key != null) {
            vmNics.get(key).add(nic(row));
          }
        }
      } else {
        notes.add(
            new InventoryNote(
                sourceId,
                InventoryNote.Level.WARNING,
                location + ": no vNetwork table; VMs have no NIC details"));
      }
      List<Vm> result = new ArrayList<>();
      for (Map.Entry<String, Vm.Builder> e : vms.entrySet()) {
        result.add(
            e.getValue().disks(vmDisks.get(e.getKey())).nics(vmNics.get(e.getKey())).build());
      }
      InventorySource source =
          new InventorySource(
              sourceId,
              InventorySource.Kind.RVTOOLS,
              location.toString(),
              "RVTools export",
              null,
              null,
              Instant.now().toString());
      return new Inventory(
          Inventory.SCHEMA_VERSION,
          Instant.now().toString(),
          List.of(source),
          null,
          null,
          null,
          null,
          null,
          result,
          notes);
    }

    /** The join key of a vInfo row: VM UUID, else VM ID, else the name. */
    private String key(CsvTable table, CsvTable.Row row) {
      String uuid = table.get(row, "VM UUID");
      if (uuid != null) {
        return "uuid:" + uuid;
      }
      String id = table.get(row, "VM ID");
      return id != null ? "id:" + id : "name:" + table.get(row, "VM");
    }

    private String join(CsvTable table, CsvTable.Row row, Map<String, Vm.Builder> vms, String tab)
        throws InventoryException {
      String key = key(table, row);
      if (!vms.containsKey(key)) {
        // The tab may lack the UUID column the vInfo tab has: fall back to the name.
        String name = table.get(row, "VM");
        if (name == null) {
          throw InventoryException.invalid(table.file() + ":" + row.line() + ": empty VM name");
        }
        List<String> byName = keysByName.getOrDefault(name, List.of());
        if (byName.size() != 1) {
          notes.add(
              new InventoryNote(
                  sourceId,
                  InventoryNote.Level.WARNING,
                  table.file()
                      + ":"
                      + row.line()
                      + ": "
                      + tab
                      + " row for VM '"
                      + name
                      + "' matches "
                      + (byName.isEmpty() ? "no" : byName.size() + "")
                      + " vInfo VM; skipped"));
          return null;
        }
        key = byName.get(0);
      }
      return key;
    }

    private Disk disk(CsvTable.Row row) throws InventoryException {
      Long mib = longValue(disks, row, "Capacity MiB", "Capacity MB");
      String path = disks.get(row, "Path");
      String controller = disks.get(row, "Controller");
      boolean raw = Boolean.TRUE.equals(bool(disks.get(row, "Raw")));
      Boolean thin = bool(disks.get(row, "Thin"));
      Boolean eager = bool(disks.get(row, "Eagerly Scrub"));
      String sharing = disks.get(row, "Sharing mode");
      return Disk.builder()
          .key(integer(disks, row, "Disk Key"))
          .label(disks.get(row, "Disk", "Label"))
          .capacityBytes(mib == null ? null : mib * 1024 * 1024)
          .fileName(path)
          .datastore(datastoreOf(path))
          .backing(raw ? Disk.Backing.RDM : Disk.Backing.FLAT)
          .rdmCompatibilityMode(raw ? disks.get(row, "Raw Comp. Mode", "Raw Com. Mode") : null)
          .provisioning(
              Boolean.TRUE.equals(thin)
                  ? Disk.Provisioning.THIN
                  : Boolean.TRUE.equals(eager)
                      ? Disk.Provisioning.THICK_EAGER_ZEROED
                      : thin == null ? null : Disk.Provisioning.THICK_LAZY_ZEROED)
          .diskMode(diskMode(disks.get(row, "Disk Mode")))
          .sharing(sharing(sharing))
          .controller(
              controller == null ? null : controller(controller, disks.get(row, "Shared Bus")))
          .unitNumber(integer(disks, row, "Unit #", "SCSI Unit #"))
          .build();
    }

    private Nic nic(CsvTable.Row row) throws InventoryException {
      String network = networks.get(row, "Network");
      String sw = networks.get(row, "Switch");
      return new Nic(
          null,
          networks.get(row, "NIC label"),
          adapter(networks.get(row, "Adapter")),
          networks.get(row, "Mac Address"),
          networks.get(row, "Type"),
          network == null
              ? null
              : new Nic.NetworkRef(
                  null,
                  network,
                  sw != null && !sw.toLowerCase(Locale.ROOT).startsWith("vswitch")
                      ? Network.Kind.DISTRIBUTED_PORTGROUP
                      : Network.Kind.STANDARD,
                  null),
          bool(networks.get(row, "Connected")),
          bool(networks.get(row, "Starts Connected")));
    }
  }

  private static DiskController controller(String text, String sharedBus) {
    String lower = text.toLowerCase(Locale.ROOT);
    DiskController.Type type =
        lower.contains("ide")
            ? DiskController.Type.IDE
            : lower.contains("sata")
                ? DiskController.Type.SATA
                : lower.contains("nvme")
                    ? DiskController.Type.NVME
                    : lower.contains("paravirtual") || lower.contains("pvscsi")
                        ? DiskController.Type.PVSCSI
                        : lower.contains("sas")
                            ? DiskController.Type.LSILOGIC_SAS
                            : DiskController.Type.UNKNOWN;
    Matcher m = TRAILING_NUMBER.matcher(text);
    return new DiskController(null, type, m.find() ? Integer.valueOf(m.group(1)) : null, sharedBus);
  }

  private static String adapter(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT).replace(" ", "");
    if (lower.contains("vmxnet3")) {
      return "vmxnet3";
    }
    if (lower.contains("e1000e")) {
      return "e1000e";
    }
    if (lower.contains("e1000")) {
      return "e1000";
    }
    if (lower.contains("sriov") || lower.contains("sr-iov")) {
      return "sriov";
    }
    if (lower.contains("vmxnet2")) {
      return "vmxnet2";
    }
    if (lower.contains("pcnet")) {
      return "pcnet32";
    }
    return lower;
  }

  private static String diskMode(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT).replace(" ", "_").replace("-", "_");
    return switch (lower) {
      case "independent_persistent", "independent_nonpersistent", "persistent", "nonpersistent" ->
          lower;
      case "dependent" -> "persistent";
      default -> lower;
    };
  }

  private static String sharing(String text) {
    if (text == null) {
      return null;
    }
    String lower = text.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
    return lower.contains("multi") ? "sharingMultiWriter" : "sharingNone";
  }

  private static String datastoreOf(String path) {
    if (path != null && path.startsWith("[")) {
      int end = path.indexOf(']');
      if (end > 1) {
        return path.substring(1, end);
      }
    }
    return null;
  }

  private static String hardwareVersion(String text) {
    if (text == null) {
      return null;
    }
    return text.matches("\\d+") ? "vmx-" + text : text;
  }

  private static String ftRole(String state) {
    if (state == null) {
      return null;
    }
    String lower = state.toLowerCase(Locale.ROOT);
    return lower.contains("notconfigured")
            || lower.contains("not configured")
            || lower.equals("disabled")
        ? null
        : "primary";
  }

  private static PowerState powerState(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.toLowerCase(Locale.ROOT).replace(" ", "")) {
      case "poweredon" -> PowerState.POWERED_ON;
      case "poweredoff" -> PowerState.POWERED_OFF;
      case "suspended" -> PowerState.SUSPENDED;
      default -> null;
    };
  }

  private static Boolean bool(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "enabled" -> Boolean.TRUE;
      case "false", "no", "0", "disabled" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static Integer integer(CsvTable table, CsvTable.Row row, String... columns)
      throws InventoryException {
    Long value = longValue(table, row, columns);
    return value == null ? null : value.intValue();
  }

  private static Long longValue(CsvTable table, CsvTable.Row row, String... columns)
      throws InventoryException {
    String text = table.get(row, columns);
    if (text == null) {
      return null;
    }
    String digits = text.replace(",", "").replace(" ", "").replace("\u00a0", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw InventoryException.invalid(
          table.file()
              + ":"
              + row.line()
              + ": column '"
              + columns[0]
              + "' is '"
              + text
              + "', not a number");
    }
  }
}
