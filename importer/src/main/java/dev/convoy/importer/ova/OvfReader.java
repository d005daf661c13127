package dev.convoy.importer.ova;

import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.DiskSource;
import dev.convoy.api.inventory.Firmware;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryNote;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.Network;
import dev.convoy.api.inventory.Nic;
import dev.convoy.api.inventory.Vm;
import dev.convoy.api.inventory.VmDevice;
import dev.convoy.disk.DiskConvertException;
import dev.convoy.disk.ova.OvaManifest;
import dev.convoy.importer.inventory.InventoryException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads an OVF package (an {@code .ova}, an {@code .ovf}, or an OVF folder) into the inventory
 * model: every {@code VirtualSystem}, also inside {@code VirtualSystemCollection}s, with its CPU,
 * memory, controllers, disks (capacity and the file's byte range for disk conversion), NICs and
 * networks, firmware and VMware settings. The {@code .mf} manifest is verified: every file it lists
 * must be present with that digest, and every file the descriptor references must exist.
 */
public final class OvfReader {
  private static final Set<String> OVF_NAMESPACES =
      Set.of("http://schemas.dmtf.org/ovf/envelope/1", "http://schemas.dmtf.org/ovf/envelope/2");
  private static final String VMW = "http://www.vmware.com/schema/ovf";
  private static final Set<String> EXTRA_CONFIG_KEYS =
      Set.of("disk.EnableUUID", "numa.nodeAffinity", "vhv.enable");
  private static final Pattern UNITS = Pattern.compile("\\s*byte\\s*\\*\\s*2\\s*\\^\\s*(\\d+)\\s*");

  private final OvfPackage pkg;
  private final String sourceId;
  private final String origin;
  private final Map<String, Element> files = new HashMap<>();
  private final Map<String, Element> disks = new HashMap<>();
  private final Map<String, String> checksums = new HashMap<>();
  private final List<InventoryNote> notes = new ArrayList<>();

  private OvfReader(OvfPackage pkg, String sourceId) {
    this.pkg = pkg;
    this.sourceId = sourceId;
    this.origin = pkg.descriptorName();
  }

  /**
   * Reads the package at {@code path}.
   *
   * @param verifyChecksums check the manifest's digests (reading every file once)
   * @throws InventoryException naming the file, line and problem when the package is invalid
   */
  public static Inventory read(Path path, String sourceId, boolean verifyChecksums)
      throws InventoryException {
    OvfPackage pkg = OvfPackage.open(path);
    return new OvfReader(pkg, sourceId).read(verifyChecksums);
  }

  private Inventory read(boolean verifyChecksums) throws InventoryException {
    Document document;
    try {
      document = LocatedXml.parse(pkg.descriptor());
    } catch (LocatedXml.XmlSyntaxException e) {
      throw InventoryException.invalid(
          origin + ":" + e.line + ":" + e.column + ": not well-formed XML: " + e.getMessage());
    }
    Element envelope = document.getDocumentElement();
    if (!"Envelope".equals(localName(envelope))
        || !OVF_NAMESPACES.contains(envelope.getNamespaceURI())) {
      throw error(envelope, "the root element is not an OVF Envelope");
    }
    verifyManifest(verifyChecksums);
    Element references = child(envelope, "References");
    if (references != null) {
      for (Element file : children(references, "File")) {
        String id = required(file, "id");
        String href = required(file, "href");
        if (files.put(id, file) != null) {
          throw error(file, "File id '" + id + "' is declared twice");
        }
        Optional<OvfPackage.FileRange> range = pkg.file(href);
        if (range.isEmpty()) {
          throw error(
              file,
              "File '" + id + "' references '" + href + "', which the package does not contain");
        }
        String size = ovf(file, "size");
        if (size != null
            && !size.isBlank()
            && parseLong(file, "size", size) != range.get().length()) {
          throw error(
              file,
              "File '"
                  + href
                  + "' is "
                  + range.get().length()
                  + " bytes but the descriptor says ovf:size="
                  + size);
        }
        if (!checksums.containsKey(href) && verifyChecksums && !checksums.isEmpty()) {
          notes.add(
              new InventoryNote(
                  sourceId,
                  InventoryNote.Level.WARNING,
                  origin + ": '" + href + "' is not listed in the manifest; it was not verified"));
        }
      }
    }
    Element diskSection = child(envelope, "DiskSection");
    if (diskSection != null) {
      for (Element disk : children(diskSection, "Disk")) {
        String id = required(disk, "diskId");
        String fileRef = ovf(disk, "fileRef");
        if (fileRef != null && !files.containsKey(fileRef)) {
          throw error(
              disk,
              "Disk '"
                  + id
                  + "' references file '"
                  + fileRef
                  + "', which References does not declare");
        }
        disks.put(id, disk);
      }
    }
    List<Vm> vms = new ArrayList<>();
    collectSystems(envelope, new ArrayList<>(), vms);
    if (vms.isEmpty()) {
      throw error(envelope, "the descriptor has no VirtualSystem");
    }
    InventorySource source =
        new InventorySource(
            sourceId,
            pkg instanceof OvfPackage.Ova ? InventorySource.Kind.OVA : InventorySource.Kind.OVF,
            pkg.location().toString(),
            product(envelope),
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
        networks(envelope),
        null,
        vms,
        notes);
  }

  // ---- manifest -----------------------------------------------------------------------------

  private void verifyManifest(boolean verify) throws InventoryException {
    Optional<byte[]> manifestBytes = pkg.manifest();
    if (manifestBytes.isEmpty()) {
      notes.add(
          new InventoryNote(
              sourceId,
              InventoryNote.Level.WARNING,
              origin + ": the package has no .mf manifest; file integrity was not verified"));
      return;
    }
    OvaManifest manifest;
    try {
      manifest = OvaManifest.parse(origin.replaceAll("(?i)\\.ovf$", ".mf"), manifestBytes.get());
    } catch (DiskConvertException e) {
      throw InventoryException.invalid(e.getMessage());
    }
    for (Map.Entry<String, OvaManifest.Digest> entry : manifest.entries().entrySet()) {
      String name = entry.getKey();
      OvaManifest.Digest expected = entry.getValue();
      checksums.put(name, expected.algorithm().replace("-", "") + ":" + expected.hex());
      Optional<OvfPackage.FileRange> file = pkg.file(name);
      if (file.isEmpty()) {
        throw InventoryException.invalid(
            origin + ": the manifest lists '" + name + "', which the package does not contain");
      }
      if (!verify) {
        continue;
      }
      String actual = OvfPackage.digest(file.get(), expected.algorithm());
      if (!actual.equals(expected.hex())) {
        throw InventoryException.invalid(
            origin
                + ": checksum mismatch for '"
                + name
                + "': the manifest says "
                + expected.algorithm()
                + " "
                + expected.hex()
                + ", the file has "
                + actual
                + " (the package is corrupt or was modified)");
      }
    }
    if (!verify) {
      notes.add(
          new InventoryNote(
              sourceId,
              InventoryNote.Level.WARNING,
              origin + ": manifest checksums were not verified (--no-verify-checksums)"));
    }
  }

  // ---- virtual systems ----------------------------------------------------------------------

  private void collectSystems(Element parent, List<String> collection, List<Vm> vms)
      throws InventoryException {
    for (Element e : elements(parent)) {
      String name = localName(e);
      if ("VirtualSystem".equals(name)) {
        vms.add(virtualSystem(e, collection));
      } else if ("VirtualSystemCollection".equals(name)) {
        List<String> nested = new ArrayList<>(collection);
        nested.add(required(e, "id"));
        collectSystems(e, nested, vms);
      }
    }
  }

  private Vm virtualSystem(Element system, List<String> collection) throws InventoryException {
    String id = required(system, "id");
    Element nameElement = child(system, "Name");
    String name = nameElement == null ? id : text(nameElement);
    Vm.Builder vm =
        Vm.builder()
            .id(id)
            .sourceId(sourceId)
            .name(name)
            .folder("/" + String.join("/", collection))
            .inventoryPath(
                "/" + String.join("/", collection) + (collection.isEmpty() ? "" : "/") + name);
    Element os = child(system, "OperatingSystemSection");
    if (os != null) {
      vm.guestId(attribute(os, VMW, "osType"));
      Element description = child(os, "Description");
      vm.guestFullName(description == null ? null : text(description));
    }
    Element annotation = child(system, "AnnotationSection");
    if (annotation != null && child(annotation, "Annotation") != null) {
      vm.annotation(text(child(annotation, "Annotation")));
    }
    Element hardware = child(system, "VirtualHardwareSection");
    if (hardware == null) {
      throw error(system, "VirtualSystem '" + id + "' has no VirtualHardwareSection");
    }
    hardware(hardware, vm);
    return vm.build();
  }

  private record Item(Element element, int type, String instanceId) {
    String value(String name) {
      Element child = OvfReader.child(element, name);
      return child == null ? null : OvfReader.text(child);
    }
  }

  private void hardware(Element hardware, Vm.Builder vm) throws InventoryException {
    Element system = child(hardware, "System");
    if (system != null && child(system, "VirtualSystemType") != null) {
      String type = text(child(system, "VirtualSystemType"));
      vm.hardwareVersion(type.split("[\\s,]+")[0]);
    }
    Map<String, String> config = new LinkedHashMap<>();
    Map<String, String> extraConfig = new LinkedHashMap<>();
    for (Element e : elements(hardware)) {
      if (VMW.equals(e.getNamespaceURI()) && "Config".equals(localName(e))) {
        config.put(attribute(e, VMW, "key"), attribute(e, VMW, "value"));
      } else if (VMW.equals(e.getNamespaceURI()) && "ExtraConfig".equals(localName(e))) {
        String key = attribute(e, VMW, "key");
        if (EXTRA_CONFIG_KEYS.contains(key)) {
          extraConfig.put(key, attribute(e, VMW, "value"));
        }
      }
    }
    String firmware = config.get("firmware");
    vm.firmware("efi".equalsIgnoreCase(firmware) ? Firmware.EFI : Firmware.BIOS);
    String secureBoot = config.get("bootOptions.efiSecureBootEnabled");
    vm.secureBoot(
        secureBoot != null
            ? Boolean.valueOf(secureBoot)
            : "efi".equalsIgnoreCase(firmware) ? Boolean.FALSE : null);
    vm.cpuHotAddEnabled(bool(config.get("cpuHotAddEnabled")));
    vm.cpuHotRemoveEnabled(bool(config.get("cpuHotRemoveEnabled")));
    vm.memoryHotAddEnabled(bool(config.get("memoryHotAddEnabled")));
    vm.nestedHvEnabled(bool(config.get("nestedHVEnabled")));
    vm.extraConfig(extraConfig);

    List<Item> items = new ArrayList<>();
    for (Element e : elements(hardware)) {
      String name = localName(e);
      if (name.equals("Item") || name.equals("StorageItem") || name.equals("EthernetPortItem")) {
        Element type = child(e, "ResourceType");
        Element instance = child(e, "InstanceID");
        if (type == null || instance == null) {
          throw error(e, name + " lacks ResourceType or InstanceID");
        }
        items.add(new Item(e, (int) parseLong(type, "ResourceType", text(type)), text(instance)));
      }
    }
    Map<String, DiskController> controllers = new HashMap<>();
    for (Item item : items) {
      DiskController.Type type = controllerType(item);
      if (type != null) {
        String address = item.value("Address");
        controllers.put(
            item.instanceId(),
            new DiskController(
                intOrNull(item.instanceId()),
                type,
                address == null ? null : (int) parseLong(item.element(), "Address", address),
                null));
      }
    }
    List<Disk> diskList = new ArrayList<>();
    List<Nic> nics = new ArrayList<>();
    List<VmDevice> devices = new ArrayList<>();
    boolean tpm = false;
    for (Item item : items) {
      switch (item.type()) {
        case 3 -> {
          vm.cpuCount(
              (int) parseLong(item.element(), "VirtualQuantity", item.value("VirtualQuantity")));
          String cores = item.value("CoresPerSocket");
          vm.coresPerSocket(
              cores == null ? 1 : (int) parseLong(item.element(), "CoresPerSocket", cores));
        }
        case 4 -> {
          long quantity =
              parseLong(item.element(), "VirtualQuantity", item.value("VirtualQuantity"));
          long bytes = multiply(item.element(), quantity, item.value("AllocationUnits"), 20);
          vm.memoryMiB(bytes / (1024 * 1024));
        }
        case 17 -> diskList.add(disk(item, controllers));
        case 10 -> nics.add(nic(item));
        case 14 -> devices.add(device(item, VmDevice.Kind.FLOPPY));
        case 15, 16 -> devices.add(device(item, VmDevice.Kind.CDROM));
        case 23 -> devices.add(device(item, VmDevice.Kind.USB_CONTROLLER));
        case 35 -> devices.add(device(item, VmDevice.Kind.SOUND));
        case 21, 1 -> {
          String subtype = lower(item.value("ResourceSubType"));
          if (subtype.contains("tpm")) {
            tpm = true;
            devices.add(device(item, VmDevice.Kind.TPM));
          } else if (subtype.contains("serial")) {
            devices.add(device(item, VmDevice.Kind.SERIAL_PORT));
          } else if (subtype.contains("parallel")) {
            devices.add(device(item, VmDevice.Kind.PARALLEL_PORT));
          } else if (subtype.contains("pci")) {
            devices.add(device(item, VmDevice.Kind.PCI_PASSTHROUGH));
          }
        }
        default -> {}
      }
    }
    vm.disks(diskList).nics(nics).devices(devices).vtpm(tpm);
  }

  private static DiskController.Type controllerType(Item item) {
    String subtype = lower(item.value("ResourceSubType"));
    return switch (item.type()) {
      case 5 -> DiskController.Type.IDE;
      case 6 ->
          switch (subtype) {
            case "lsilogic" -> DiskController.Type.LSILOGIC;
            case "lsilogicsas" -> DiskController.Type.LSILOGIC_SAS;
            case "buslogic" -> DiskController.Type.BUSLOGIC;
            case "virtualscsi", "pvscsi" -> DiskController.Type.PVSCSI;
            default -> DiskController.Type.UNKNOWN;
          };
      case 20 ->
          subtype.contains("sata") || subtype.contains("ahci")
              ? DiskController.Type.SATA
              : subtype.contains("nvme") ? DiskController.Type.NVME : null;
      default -> null;
    };
  }

  private Disk disk(Item item, Map<String, DiskController> controllers) throws InventoryException {
    String host = item.value("HostResource");
    if (host == null) {
      throw error(item.element(), "disk item " + item.instanceId() + " has no HostResource");
    }
    String reference = host.replaceFirst("^ovf:", "");
    Disk.Builder disk =
        Disk.builder()
            .key(intOrNull(item.instanceId()))
            .label(item.value("ElementName"))
            .backing(Disk.Backing.FILE)
            .diskMode("persistent");
    String parent = item.value("Parent");
    if (parent != null) {
      DiskController controller = controllers.get(parent);
      if (controller == null) {
        throw error(
            item.element(),
            "disk item "
                + item.instanceId()
                + " names Parent "
                + parent
                + ", which is not a disk controller");
      }
      disk.controller(controller);
    }
    String address = item.value("AddressOnParent");
    if (address != null) {
      disk.unitNumber((int) parseLong(item.element(), "AddressOnParent", address));
    }
    String fileId;
    if (reference.startsWith("/disk/")) {
      String diskId = reference.substring("/disk/".length());
      Element diskElement = disks.get(diskId);
      if (diskElement == null) {
        throw error(
            item.element(),
            "disk item "
                + item.instanceId()
                + " references disk '"
                + diskId
                + "', which DiskSection does not declare");
      }
      String capacity = required(diskElement, "capacity");
      long bytes =
          multiply(
              diskElement,
              parseLong(diskElement, "capacity", capacity),
              ovf(diskElement, "capacityAllocationUnits"),
              0);
      disk.capacityBytes(bytes);
      fileId = ovf(diskElement, "fileRef");
      String format = format(ovf(diskElement, "format"));
      disk.backingType(format);
      if (fileId != null) {
        Element file = files.get(fileId);
        String href = ovf(file, "href");
        OvfPackage.FileRange range = pkg.file(href).orElseThrow();
        String populated = ovf(diskElement, "populatedSize");
        disk.fileName(href)
            .source(
                new DiskSource(
                    range.path().toString(),
                    range.entry(),
                    range.offset(),
                    range.length(),
                    format,
                    populated == null ? null : parseLong(diskElement, "populatedSize", populated),
                    checksums.get(href)));
      }
    } else if (reference.startsWith("/file/")) {
      fileId = reference.substring("/file/".length());
      Element file = files.get(fileId);
      if (file == null) {
        throw error(
            item.element(),
            "disk item "
                + item.instanceId()
                + " references file '"
                + fileId
                + "', which References does not declare");
      }
      String href = ovf(file, "href");
      OvfPackage.FileRange range = pkg.file(href).orElseThrow();
      disk.fileName(href)
          .capacityBytes(range.length())
          .source(
              new DiskSource(
                  range.path().toString(),
                  range.entry(),
                  range.offset(),
                  range.length(),
                  null,
                  null,
                  checksums.get(href)));
    } else {
      throw error(
          item.element(),
          "disk item "
              + item.instanceId()
              + " has HostResource '"
              + host
              + "'; expected ovf:/disk/<id>");
    }
    return disk.build();
  }

  private static String format(String uri) {
    if (uri == null) {
      return null;
    }
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.contains("vmdk")) {
      int hash = uri.indexOf('#');
      return hash < 0 ? "vmdk" : "vmdk-" + uri.substring(hash + 1);
    }
    if (lower.contains("qcow")) {
      return "qcow2";
    }
    if (lower.contains("raw")) {
      return "raw";
    }
    return uri;
  }

  private static Nic nic(Item item) {
    String subtype = lower(item.value("ResourceSubType"));
    String type =
        switch (subtype) {
          case "e1000" -> "e1000";
          case "e1000e" -> "e1000e";
          case "vmxnet3" -> "vmxnet3";
          case "vmxnet2" -> "vmxnet2";
          case "vmxnet" -> "vmxnet";
          case "pcnet32" -> "pcnet32";
          default -> subtype.isEmpty() ? "unknown" : subtype;
        };
    String connection = item.value("Connection");
    String auto = item.value("AutomaticAllocation");
    return new Nic(
        intOrNull(item.instanceId()),
        item.value("ElementName"),
        type,
        item.value("Address"),
        item.value("Address") == null ? null : "manual",
        connection == null
            ? null
            : new Nic.NetworkRef(null, connection, Network.Kind.STANDARD, null),
        null,
        auto == null ? null : Boolean.valueOf(auto));
  }

  private static VmDevice device(Item item, VmDevice.Kind kind) {
    return new VmDevice(
        intOrNull(item.instanceId()),
        kind,
        item.value("ResourceSubType"),
        item.value("ElementName"),
        item.value("Description"));
  }

  private List<Network> networks(Element envelope) {
    List<Network> networks = new ArrayList<>();
    Element section = child(envelope, "NetworkSection");
    if (section != null) {
      for (Element n : children(section, "Network")) {
        String name = ovf(n, "name");
        networks.add(new Network(null, sourceId, name, null, Network.Kind.STANDARD, null, null));
      }
    }
    return networks;
  }

  private static String product(Element envelope) {
    for (Element system : elements(envelope)) {
      Element product = child(system, "ProductSection");
      if (product != null && child(product, "Product") != null) {
        Element version = child(product, "Version");
        return text(child(product, "Product")) + (version == null ? "" : " " + text(version));
      }
    }
    return null;
  }

  // ---- XML helpers ----------------------------------------------------------------------------

  private InventoryException error(Node node, String message) {
    int line = LocatedXml.line(node);
    return InventoryException.invalid(origin + (line > 0 ? ":" + line : "") + ": " + message);
  }

  private long parseLong(Element element, String what, String value) throws InventoryException {
    if (value == null) {
      throw error(element, "missing " + what);
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw error(element, what + " '" + value + "' is not a whole number");
    }
  }

  /** {@code quantity} in {@code units} ("byte * 2^20", "MegaBytes", ...), in bytes. */
  private long multiply(Element element, long quantity, String units, int defaultShift)
      throws InventoryException {
    int shift = defaultShift;
    if (units != null && !units.isBlank()) {
      Matcher m = UNITS.matcher(units);
      if (m.matches()) {
        shift = Integer.parseInt(m.group(1));
      } else {
        shift =
            switch (units.trim().toLowerCase(Locale.ROOT)) {
              case "byte", "bytes" -> 0;
              case "kilobytes", "kb" -> 10;
              case "megabytes", "mb" -> 20;
              case "gigabytes", "gb" -> 30;
              case "terabytes", "tb" -> 40;
              default -> throw error(element, "unsupported allocation units '" + units + "'");
            };
      }
    }
    BigInteger bytes = BigInteger.valueOf(quantity).shiftLeft(shift);
    if (quantity < 0 || bytes.bitLength() > 62) {
      throw error(element, "size " + quantity + " × 2^" + shift + " bytes is out of range");
    }
    return bytes.longValue();
  }

  private String required(Element element, String name) throws InventoryException {
    String value = ovf(element, name);
    if (value == null || value.isBlank()) {
      throw error(element, localName(element) + " lacks ovf:" + name);
    }
    return value;
  }

  /** An {@code ovf:} attribute (OVF 1 or 2 namespace, or unqualified). */
  private static String ovf(Element element, String name) {
    for (String ns : OVF_NAMESPACES) {
      if (element.hasAttributeNS(ns, name)) {
        return element.getAttributeNS(ns, name);
      }
    }
    return element.hasAttribute(name) ? element.getAttribute(name) : null;
  }

  private static String attribute(Element element, String ns, String name) {
    return element.hasAttributeNS(ns, name) ? element.getAttributeNS(ns, name) : null;
  }

  static Element child(Element parent, String localName) {
    for (Element e : elements(parent)) {
      if (localName.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> list = new ArrayList<>();
    for (Element e : elements(parent)) {
      if (localName.equals(localName(e))) {
        list.add(e);
      }
    }
    return list;
  }

  private static List<Element> elements(Element parent) {
    List<Element> list = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        list.add(e);
      }
    }
    return list;
  }

  private static String localName(Element e) {
    String name = e.getLocalName();
    if (name == null) {
      name = e.getTagName();
      int colon = name.indexOf(':');
      name = colon < 0 ? name : name.substring(colon + 1);
    }
    return name;
  }

  static String text(Element e) {
    return e.getTextContent().trim();
  }

  private static String lower(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
  }

  private static Boolean bool(String s) {
    return s == null ? null : Boolean.valueOf(s.trim());
  }

  private static Integer intOrNull(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
