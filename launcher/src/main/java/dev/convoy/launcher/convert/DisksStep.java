package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import dev.convoy.api.kubevirt.v1.CloudInitSource;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.Volume;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Disks, CD-ROMs and their volumes.
 *
 * <ul>
 *   <li>Bus: virtio (default for disks), sata (default for CD-ROMs) or scsi (adds a virtio-scsi
 *       controller). Target names follow the bus: vda, vdb, ... and sda, sdb, ...
 *   <li>Volumes: a filesystem PVC is {@code disk.img} in its mount directory, a block PVC its
 *       device (both raw); a dataVolume is its PVC; an emptyDisk and a containerDisk overlay are
 *       qcow2 files in the volume's scratch directory; cloudInitNoCloud is an ISO there. Where they
 *       are comes from {@link VolumeLayout}; files the launcher must make are listed as {@link
 *       ScratchFile}s.
 *   <li>A volume that no disk refers to gets a disk with the default bus (KubeVirt's defaulting).
 *   <li>Per disk: bootOrder, serial, cache, io, shareable, errorPolicy (KubeVirt's default {@code
 *       stop}: an I/O error pauses the guest instead of corrupting it), readonly, CD-ROM tray.
 * </ul>
 */
final class DisksStep implements DomainStep {
  static final String CLOUD_INIT_ISO = "noCloud.iso";
  static final String SCRATCH_IMAGE = "disk.qcow2";
  private static final Set<String> CACHE_MODES = Set.of("none", "writethrough", "writeback");
  private static final Set<String> IO_MODES = Set.of("native", "threads", "default");
  private static final Set<String> ERROR_POLICIES = Set.of("stop", "ignore", "report", "enospace");

  @Override
  public void apply(ConversionInput input, Domain domain) {
    List<Volume> volumes =
        input.spec().getVolumes() == null ? List.of() : input.spec().getVolumes();
    Map<String, Integer> volumeIndex = new HashMap<>();
    for (int i = 0; i < volumes.size(); i++) {
      String name = volumes.get(i).getName();
      if (name == null || name.isEmpty()) {
        input.problem("spec.volumes[" + i + "].name", "is required");
      } else if (volumeIndex.putIfAbsent(name, i) != null) {
        input.problem("spec.volumes[" + i + "].name", "volume '" + name + "' is defined twice");
      }
    }
    var devices = input.domainSpec().getDevices();
    List<Disk> disks =
        devices == null || devices.getDisks() == null ? List.of() : devices.getDisks();
    List<Disk> all = new ArrayList<>(disks);
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < disks.size(); i++) {
      fields.add("spec.domain.devices.disks[" + i + "]");
    }
    // KubeVirt's defaulting: a volume no disk refers to gets a disk of its own, with default bus.
    Set<String> named = new HashSet<>();
    disks.forEach(d -> named.add(d.getName()));
    for (int i = 0; i < volumes.size(); i++) {
      String name = volumes.get(i).getName();
      if (name != null && !name.isEmpty() && !named.contains(name)) {
        Disk implicit = new Disk();
        implicit.setName(name);
        all.add(implicit);
        fields.add("spec.volumes[" + i + "] (default disk)");
      }
    }
    Map<String, Integer> nextTarget = new HashMap<>();
    Set<String> usedVolumes = new HashSet<>();
    for (int i = 0; i < all.size(); i++) {
      Disk disk = all.get(i);
      String field = fields.get(i);
      if (disk.getName() == null || disk.getName().isEmpty()) {
        input.problem(field + ".name", "is required");
        continue;
      }
      Integer volume = volumeIndex.get(disk.getName());
      if (volume == null) {
        input.problem(field + ".name", "no volume named '" + disk.getName() + "' in spec.volumes");
        continue;
      }
      if (!usedVolumes.add(disk.getName())) {
        input.problem(field + ".name", "volume '" + disk.getName() + "' is used by two disks");
        continue;
      }
      XmlElement element = disk(input, disk, field, volumes.get(volume), volume, nextTarget);
      if (element != null) {
        domain.disks().add(element);
      }
    }
  }

  private static XmlElement disk(
      ConversionInput input,
      Disk disk,
      String field,
      Volume volume,
      int volumeIndex,
      Map<String, Integer> nextTarget) {
    int kinds =
        (disk.getDisk() != null ? 1 : 0)
            + (disk.getCdrom() != null ? 1 : 0)
            + (disk.getLun() != null ? 1 : 0);
    if (kinds > 1) {
      input.problem(field, "set only one of disk, cdrom and lun");
      return null;
    }
    if (disk.getLun() != null) {
      input.problem(
          field + ".lun", "SCSI LUN pass-through is not supported by the Convoy launcher");
      return null;
    }
    boolean cdrom = disk.getCdrom() != null;
    String bus;
    boolean readonly;
    String busField;
    if (cdrom) {
      bus = disk.getCdrom().getBus() == null ? "sata" : disk.getCdrom().getBus();
      readonly = disk.getCdrom().getReadonly() == null || disk.getCdrom().getReadonly();
      busField = field + ".cdrom.bus";
    } else {
      var target = disk.getDisk();
      bus = target == null || target.getBus() == null ? "virtio" : target.getBus();
      readonly = target != null && Boolean.TRUE.equals(target.getReadonly());
      busField = field + ".disk.bus";
      if (target != null && target.getPciAddress() != null) {
        input.problem(
            field + ".disk.pciAddress",
            "fixed guest PCI addresses are not supported by the Convoy launcher");
      }
    }
    String prefix;
    switch (bus) {
      case "virtio" -> {
        if (cdrom) {
          input.problem(busField, "a CD-ROM cannot use the virtio bus; use sata or scsi");
          return null;
        }
        prefix = "vd";
      }
      case "sata" -> prefix = "sd";
      case "scsi" -> {
        prefix = "sd";
        input.requireScsiController();
      }
      default -> {
        input.problem(busField, "bus '" + bus + "' is not supported; use virtio, sata or scsi");
        return null;
      }
    }
    Source source = source(input, volume, "spec.volumes[" + volumeIndex + "]");
    if (source == null) {
      return null;
    }
    if (cdrom && !source.cdromCapable) {
      input.problem(field + ".cdrom", "volume '" + volume.getName() + "' cannot be a CD-ROM");
      return null;
    }

    XmlElement element =
        element("disk").attr("type", source.type).attr("device", cdrom ? "cdrom" : "disk");
    XmlElement driver = element.addChild("driver").attr("name", "qemu").attr("type", source.format);
    if (disk.getCache() != null) {
      if (!CACHE_MODES.contains(disk.getCache())) {
        input.problem(field + ".cache", "must be one of " + sorted(CACHE_MODES));
      }
      driver.attr("cache", disk.getCache());
    }
    if (disk.getIo() != null && !disk.getIo().equals("default")) {
      if (!IO_MODES.contains(disk.getIo())) {
        input.problem(field + ".io", "must be one of " + sorted(IO_MODES));
      } else if (disk.getIo().equals("native") && !"none".equals(disk.getCache())) {
        input.problem(field + ".io", "native I/O needs cache: none (QEMU opens the file O_DIRECT)");
      }
      driver.attr("io", disk.getIo());
    }
    String errorPolicy = disk.getErrorPolicy() == null ? "stop" : disk.getErrorPolicy();
    if (!ERROR_POLICIES.contains(errorPolicy)) {
      input.problem(field + ".errorPolicy", "must be one of " + sorted(ERROR_POLICIES));
    }
    driver.attr("error_policy", errorPolicy);
    if (Boolean.TRUE.equals(disk.getDedicatedIoThread())) {
      input.problem(
          field + ".dedicatedIOThread",
          "dedicated I/O threads are not supported by the Convoy launcher");
    }
    element.child(source.source);
    if (source.backingStore != null) {
      element.child(source.backingStore);
    }
    int index = nextTarget.merge(prefix, 1, Integer::sum) - 1;
    XmlElement target =
        element.addChild("target").attr("dev", prefix + driveLetters(index)).attr("bus", bus);
    if (cdrom && disk.getCdrom().getTray() != null) {
      String tray = disk.getCdrom().getTray();
      if (!tray.equals("open") && !tray.equals("closed")) {
        input.problem(field + ".cdrom.tray", "must be open or closed");
      }
      target.attr("tray", tray);
    }
    if (disk.getBootOrder() != null
        && input.claimBootOrder(disk.getBootOrder(), field + ".bootOrder")) {
      element.addChild("boot").attr("order", disk.getBootOrder());
    }
    if (readonly || source.forceReadonly) {
      element.addChild("readonly");
    }
    if (Boolean.TRUE.equals(disk.getShareable())) {
      if (!source.format.equals("raw")) {
        input.problem(
            field + ".shareable",
            "only a raw disk (a PVC or DataVolume) can be shared; volume '"
                + volume.getName()
                + "' is "
                + source.format);
      }
      element.addChild("shareable");
    }
    if (disk.getSerial() != null && !disk.getSerial().isEmpty()) {
      element.child(textElement("serial", disk.getSerial()));
    }
    element.addChild("alias").attr("name", "ua-" + disk.getName());
    return element;
  }

  /** A disk's backing: libvirt disk type, format, source element, optional backing store. */
  private record Source(
      String type,
      String format,
      XmlElement source,
      XmlElement backingStore,
      boolean cdromCapable,
      boolean forceReadonly) {}

  private static Source source(ConversionInput input, Volume volume, String field) {
    VolumeLayout layout = input.context().volumes();
    String name = volume.getName();
    if (volume.getPersistentVolumeClaim() != null) {
      String claim = volume.getPersistentVolumeClaim().getClaimName();
      if (Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getHotpluggable())) {
        input.problem(
            field + ".persistentVolumeClaim.hotpluggable",
            "hotplug volumes are not supported by the Convoy launcher");
      }
      Source source = claimSource(input, name, claim, field + ".persistentVolumeClaim.claimName");
      if (source != null && Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly())) {
        return new Source(
            source.type, source.format, source.source, null, source.cdromCapable, true);
      }
      return source;
    }
    if (volume.getDataVolume() != null) {
      if (Boolean.TRUE.equals(volume.getDataVolume().getHotpluggable())) {
        input.problem(
            field + ".dataVolume.hotpluggable",
            "hotplug volumes are not supported by the Convoy launcher");
      }
      // CDI names a DataVolume's PVC after the DataVolume.
      return claimSource(input, name, volume.getDataVolume().getName(), field + ".dataVolume.name");
    }
    if (volume.getEmptyDisk() != null) {
      var capacity = volume.getEmptyDisk().getCapacity();
      if (capacity == null) {
        input.problem(field + ".emptyDisk.capacity", "is required");
        return null;
      }
      long bytes;
      try {
        bytes = capacity.getNumericalAmount().longValueExact();
      } catch (RuntimeException e) {
        input.problem(field + ".emptyDisk.capacity", "'" + capacity + "' is not a size in bytes");
        return null;
      }
      if (bytes <= 0) {
        input.problem(field + ".emptyDisk.capacity", "must be greater than zero");
        return null;
      }
      Path image = layout.scratchDirectory(name).resolve(SCRATCH_IMAGE);
      input.scratchFile(new ScratchFile.EmptyDisk(image, bytes));
      return fileSource(image, "qcow2", null, false);
    }
    if (volume.getContainerDisk() != null) {
      String image = volume.getContainerDisk().getImage();
      if (image == null || image.isEmpty()) {
        input.problem(field + ".containerDisk.image", "is required");
        return null;
      }
      var backing = layout.containerDisk(name, image);
      if (backing.isEmpty()) {
        input.problem(
            field + ".containerDisk.image",
            "container disk '" + image + "' is not available on this host");
        return null;
      }
      Path overlay = layout.scratchDirectory(name).resolve(SCRATCH_IMAGE);
      input.scratchFile(new ScratchFile.ContainerDiskOverlay(overlay, backing.get()));
      XmlElement backingStore = element("backingStore").attr("type", "file");
      backingStore.addChild("format").attr("type", backing.get().format());
      backingStore.addChild("source").attr("file", backing.get().file().toString());
      return fileSource(overlay, "qcow2", backingStore, false);
    }
    if (volume.getCloudInitNoCloud() != null) {
      return cloudInit(input, volume, field + ".cloudInitNoCloud");
    }
    if (volume.getCloudInitConfigDrive() != null) {
      input.problem(
          field + ".cloudInitConfigDrive",
          "cloud-init ConfigDrive is not supported by the Convoy launcher; use cloudInitNoCloud");
      return null;
    }
    if (volume.getAdditionalProperties().isEmpty()) {
      input.problem(field, "volume '" + name + "' has no source");
    }
    // Otherwise its source is a field the model does not name, already reported as unsupported.
    return null;
  }

  private static Source claimSource(
      ConversionInput input, String volumeName, String claimName, String field) {
    if (claimName == null || claimName.isEmpty()) {
      input.problem(field, "is required");
      return null;
    }
    var storage = input.context().volumes().claim(volumeName, claimName);
    if (storage.isEmpty()) {
      input.problem(field, "claim '" + claimName + "' is not available on this host");
      return null;
    }
    if (storage.get() instanceof ClaimStorage.Block block) {
      return new Source(
          "block",
          "raw",
          element("source").attr("dev", block.device().toString()),
          null,
          true,
          false);
    }
    var filesystem = (ClaimStorage.Filesystem) storage.get();
    return fileSource(filesystem.diskImage(), "raw", null, true);
  }

  private static Source fileSource(
      Path file, String format, XmlElement backingStore, boolean cdromCapable) {
    return new Source(
        "file",
        format,
        element("source").attr("file", file.toString()),
        backingStore,
        cdromCapable,
        false);
  }

  private static Source cloudInit(ConversionInput input, Volume volume, String field) {
    CloudInitSource cloudInit = volume.getCloudInitNoCloud();
    if (cloudInit.getSecretRef() != null) {
      input.problem(
          field + ".secretRef", "user data from a Secret is not supported by the Convoy launcher");
    }
    if (cloudInit.getNetworkDataSecretRef() != null) {
      input.problem(
          field + ".networkDataSecretRef",
          "network data from a Secret is not supported by the Convoy launcher");
    }
    String userData =
        text(input, field, "userData", cloudInit.getUserData(), cloudInit.getUserDataBase64());
    String networkData =
        text(
            input,
            field,
            "networkData",
            cloudInit.getNetworkData(),
            cloudInit.getNetworkDataBase64());
    if (userData == null) {
      if (cloudInit.getUserData() == null && cloudInit.getUserDataBase64() == null) {
        input.problem(field, "needs userData or userDataBase64");
      }
      return null;
    }
    var vmi = input.vmi();
    String hostname =
        input.spec().getHostname() == null
            ? vmi.getMetadata().getName()
            : input.spec().getHostname();
    // KubeVirt's NoCloud meta-data: the instance id changes only with the VMI's name/namespace.
    String metaData =
        "instance-id: "
            + vmi.getMetadata().getName()
            + "."
            + VmiNames.namespace(vmi)
            + "\nlocal-hostname: "
            + hostname
            + "\n";
    Path iso = input.context().volumes().scratchDirectory(volume.getName()).resolve(CLOUD_INIT_ISO);
    input.scratchFile(new ScratchFile.CloudInitIso(iso, metaData, userData, networkData));
    return fileSource(iso, "raw", null, true);
  }

  private static String text(
      ConversionInput input, String field, String name, String plain, String base64) {
    if (plain != null && base64 != null) {
      input.problem(field + "." + name, "set either " + name + " or " + name + "Base64, not both");
      return null;
    }
    if (base64 == null) {
      return plain;
    }
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      input.problem(field + "." + name + "Base64", "is not valid base64: " + e.getMessage());
      return null;
    }
  }

  /** 0 → a, 25 → z, 26 → aa: the suffix libvirt and Linux use for disk names. */
  static String driveLetters(int index) {
    StringBuilder letters = new StringBuilder();
    int n = index;
    do {
      letters.insert(0, (char) ('a' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return letters.toString();
  }

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
