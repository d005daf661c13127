package dev.convoy.importer.migration;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.plans.manifests.GeneratedFile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a migration moves, read from the manifests {@code convoy generate} writes (PVC mode): per
 * wave, per VM, the VirtualMachine and one PVC per disk, whose {@code convoy.dev/source-*}
 * annotations name the source VM and disk files. Pure: files in, values out.
 *
 * @param waves the waves in order
 */
public record MigrationWorkload(List<WaveWorkload> waves) {
  /** The annotation prefix the manifest generator writes. */
  static final String SOURCE = "convoy.dev/source-";

  public MigrationWorkload {
    waves = List.copyOf(waves);
  }

  /** One wave. */
  public record WaveWorkload(String name, List<VmWorkload> vms) {
    public WaveWorkload {
      vms = List.copyOf(vms);
    }
  }

  /**
   * One VM.
   *
   * @param name the target VirtualMachine's name (also the VM's name in the migration's status)
   * @param namespace the target namespace
   * @param sourceId the source VM's managed object id
   * @param sourceName the source VM's name in vCenter
   * @param virtualMachine the generated VirtualMachine
   * @param disks its disks in order
   */
  public record VmWorkload(
      String name,
      String namespace,
      String sourceId,
      String sourceName,
      VirtualMachine virtualMachine,
      List<DiskWorkload> disks) {
    public VmWorkload {
      disks = List.copyOf(disks);
    }
  }

  /**
   * One disk.
   *
   * @param name {@code disk-<index>}
   * @param claim the generated PVC
   * @param file the source disk's file on its datastore
   * @param capacityBytes the source disk's size
   */
  public record DiskWorkload(
      String name, PersistentVolumeClaim claim, DatastoreFile file, long capacityBytes) {}

  /**
   * Reads the generated files.
   *
   * @throws IllegalArgumentException naming the file and what is missing, e.g. a VM from an OVA
   *     (not migrated by this executor yet) or a PVC without its source annotations
   */
  public static MigrationWorkload from(List<GeneratedFile> files) {
    Map<String, List<VmWorkload>> waves = new LinkedHashMap<>();
    List<GeneratedFile> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    for (GeneratedFile file : sorted) {
      int slash = file.path().indexOf('/');
      if (slash < 0
          || file.path().endsWith("kustomization.yaml")
          || !file.path().endsWith(".yaml")) {
        continue;
      }
      String wave = file.path().substring(0, slash);
      waves.computeIfAbsent(wave, w -> new ArrayList<>()).add(vm(file));
    }
    List<WaveWorkload> result = new ArrayList<>();
    waves.forEach((name, vms) -> result.add(new WaveWorkload(name, vms)));
    return new MigrationWorkload(result);
  }

  private static VmWorkload vm(GeneratedFile file) {
    List<PersistentVolumeClaim> claims = new ArrayList<>();
    VirtualMachine vm = null;
    for (String document : file.content().split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      if (document.contains("kind: PersistentVolumeClaim")) {
        claims.add(Serialization.unmarshal(document, PersistentVolumeClaim.class));
      } else if (document.contains("kind: VirtualMachine")) {
        vm = Serialization.unmarshal(document, VirtualMachine.class);
      } else {
        throw new IllegalArgumentException(
            file.path()
                + ": only PVC-mode manifests can be migrated (found "
                + firstLine(document)
                + ")");
      }
    }
    if (vm == null) {
      throw new IllegalArgumentException(file.path() + ": no VirtualMachine");
    }
    String kind = annotation(vm, "kind", file);
    if (!kind.equals("vsphere")) {
      throw new IllegalArgumentException(
          file.path()
              + ": VM "
              + vm.getMetadata().getName()
              + " comes from "
              + kind
              + "; only vSphere sources can be migrated by convoy migrate for now");
    }
    String location = annotation(vm, "location", file);
    String datacenter = URI.create(location).getPath().replaceFirst("^/", "");
    if (datacenter.isEmpty()) {
      String path = annotation(vm, "inventory-path", file);
      datacenter = path.replaceFirst("^/", "").split("/vm/", 2)[0];
    }
    List<DiskWorkload> disks = new ArrayList<>();
    for (PersistentVolumeClaim claim : claims) {
      String index = annotation(claim, "disk-index", file);
      DatastoreFile source = DatastoreFile.parse(datacenter, annotation(claim, "disk-file", file));
      disks.add(
          new DiskWorkload(
              "disk-" + index,
              claim,
              source,
              Long.parseLong(annotation(claim, "disk-capacity-bytes", file))));
    }
    return new VmWorkload(
        vm.getMetadata().getName(),
        vm.getMetadata().getNamespace(),
        annotation(vm, "moref", file),
        annotation(vm, "vm-name", file),
        vm,
        disks);
  }

  private static String annotation(HasMetadata object, String key, GeneratedFile file) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(SOURCE + key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          file.path()
              + ": "
              + object.getKind()
              + " "
              + object.getMetadata().getName()
              + " lacks the annotation "
              + SOURCE
              + key);
    }
    return value;
  }

  private static String firstLine(String document) {
    for (String line : document.split("\n")) {
      if (line.startsWith("kind:")) {
        return line.trim();
      }
    }
    return "an unknown document";
  }

  /** The VM named {@code name}. */
  public VmWorkload vm(String name) {
    for (WaveWorkload wave : waves) {
      for (VmWorkload vm : wave.vms()) {
        if (vm.name().equals(name)) {
          return vm;
        }
      }
    }
    throw new IllegalArgumentException("no VM " + name + " in this migration");
  }

  /** The wave names in order. */
  public List<String> waveNames() {
    return waves.stream().map(WaveWorkload::name).toList();
  }
}
