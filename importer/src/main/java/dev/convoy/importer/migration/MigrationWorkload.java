package dev.convoy.importer.migration;

import dev.convoy.api.kubevirt.v1.Cpu;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.Preflight;
import dev.convoy.plans.manifests.GeneratedFile;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Path;
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
   * @param sourceHost the ESXi host the VM ran on when the plan was generated (its disks are read
   *     through it), null when the manifests do not say
   * @param sourceKind where the VM comes from: a vCenter, or an OVA (no power state, disks read
   *     from the package)
   */
  public record VmWorkload(
      String name,
      String namespace,
      String sourceId,
      String sourceName,
      VirtualMachine virtualMachine,
      List<DiskWorkload> disks,
      String sourceHost,
      SourceKind sourceKind) {
    public VmWorkload {
      disks = List.copyOf(disks);
    }

    /** A vSphere VM. */
    public VmWorkload(
        String name,
        String namespace,
        String sourceId,
        String sourceName,
        VirtualMachine virtualMachine,
        List<DiskWorkload> disks,
        String sourceHost) {
      this(
          name,
          namespace,
          sourceId,
          sourceName,
          virtualMachine,
          disks,
          sourceHost,
          SourceKind.VSPHERE);
    }

    /** Without a known source host. */
    public VmWorkload(
        String name,
        String namespace,
        String sourceId,
        String sourceName,
        VirtualMachine virtualMachine,
        List<DiskWorkload> disks) {
      this(name, namespace, sourceId, sourceName, virtualMachine, disks, null);
    }

    /**
     * Where the VM reads and writes, for the admission limits: its host, and per disk the datastore
     * and the PVC's storage class.
     */
    public Admission.Placement placement() {
      List<Admission.DiskPlacement> placements = new ArrayList<>();
      for (DiskWorkload disk : disks) {
        placements.add(
            new Admission.DiskPlacement(
                disk.name(),
                disk.file() == null ? null : disk.file().datastore(),
                disk.claim().getSpec() == null
                    ? null
                    : disk.claim().getSpec().getStorageClassName()));
      }
      return Admission.Placement.ofDisks(name, sourceHost, placements);
    }

    /**
     * What pre-flight checks of the VM: its PVCs with their requested size and storage class, and
     * what its virt-launcher pod requests. Memory is {@code resources.requests.memory} or else the
     * guest memory (KubeVirt adds its overhead on top, so this is a lower bound); CPU is {@code
     * resources.requests.cpu} or else KubeVirt's default of 100m per vCPU (cpuAllocationRatio 10).
     */
    public Preflight.Vm preflight() {
      List<Preflight.Claim> claims = new ArrayList<>();
      for (DiskWorkload disk : disks) {
        PersistentVolumeClaim claim = disk.claim();
        Quantity storage =
            claim.getSpec() == null
                    || claim.getSpec().getResources() == null
                    || claim.getSpec().getResources().getRequests() == null
                ? null
                : claim.getSpec().getResources().getRequests().get("storage");
        claims.add(
            new Preflight.Claim(
                claim.getMetadata().getName(),
                claim.getSpec() == null ? null : claim.getSpec().getStorageClassName(),
                storage == null ? disk.capacityBytes() : bytes(storage)));
      }
      DomainSpec domain = domain(virtualMachine);
      long memory = 0;
      long cpuMillis = 0;
      if (domain != null) {
        Map<String, Quantity> requests =
            domain.getResources() == null ? null : domain.getResources().getRequests();
        if (requests != null && requests.get("memory") != null) {
          memory = bytes(requests.get("memory"));
        } else if (domain.getMemory() != null && domain.getMemory().getGuest() != null) {
          memory = bytes(domain.getMemory().getGuest());
        }
        if (requests != null && requests.get("cpu") != null) {
          cpuMillis =
              requests
                  .get("cpu")
                  .getNumericalAmount()
                  .multiply(BigDecimal.valueOf(1000))
                  .setScale(0, RoundingMode.CEILING)
                  .longValue();
        } else {
          Cpu cpu = domain.getCpu();
          long vcpus =
              cpu == null
                  ? 1
                  : (long) orOne(cpu.getSockets())
                      * orOne(cpu.getCores())
                      * orOne(cpu.getThreads());
          cpuMillis = vcpus * 100;
        }
      }
      return new Preflight.Vm(name, namespace, claims, memory, cpuMillis);
    }
  }

  private static DomainSpec domain(VirtualMachine vm) {
    if (vm == null
        || vm.getSpec() == null
        || vm.getSpec().getTemplate() == null
        || vm.getSpec().getTemplate().getSpec() == null) {
      return null;
    }
    return vm.getSpec().getTemplate().getSpec().getDomain();
  }

  private static int orOne(Integer value) {
    return value == null || value < 1 ? 1 : value;
  }

  private static long bytes(Quantity quantity) {
    return quantity.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValue();
  }

  /** Where a VM comes from. */
  public enum SourceKind {
    /** A vCenter (or ESXi) VM: powered off for the cutover, disks downloaded from its datastore. */
    VSPHERE,
    /** A VM of an OVA package: no power state, disks read from the package's members. */
    OVA
  }

  /**
   * A disk inside an OVA, as the inventory read it.
   *
   * @param ova the package's absolute path where {@code convoy inventory} read it
   * @param member the tar member holding the disk
   * @param checksum the package manifest's digest of the member ({@code SHA256:hex}), null when the
   *     package has no manifest
   */
  public record OvaMember(Path ova, String member, String checksum) {}

  /**
   * One disk.
   *
   * @param name {@code disk-<index>}
   * @param claim the generated PVC
   * @param file the source disk's file on its datastore (vSphere), null for an OVA disk
   * @param ova the source disk's OVA member, null for a vSphere disk
   * @param capacityBytes the source disk's size
   */
  public record DiskWorkload(
      String name,
      PersistentVolumeClaim claim,
      DatastoreFile file,
      OvaMember ova,
      long capacityBytes) {
    /** A vSphere disk. */
    public DiskWorkload(
        String name, PersistentVolumeClaim claim, DatastoreFile file, long capacityBytes) {
      this(name, claim, file, null, capacityBytes);
    }
  }

  /**
   * Reads the generated files.
   *
   * @throws IllegalArgumentException naming the file and what is missing, e.g. a VM from an OVF
   *     folder (not migrated yet), an OVA given by a relative path, or a PVC without its source
   *     annotations
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
    if (kind.equals("ova")) {
      return ovaVm(file, vm, claims);
    }
    if (!kind.equals("vsphere")) {
      throw new IllegalArgumentException(
          file.path()
              + ": VM "
              + vm.getMetadata().getName()
              + " comes from "
              + kind
              + "; convoy migrate reads vSphere VMs and OVA packages (pack an OVF folder into an"
              + " .ova: tar with the .ovf first)");
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
    Map<String, String> annotations = vm.getMetadata().getAnnotations();
    String host = annotations == null ? null : annotations.get(SOURCE + "host");
    return new VmWorkload(
        vm.getMetadata().getName(),
        vm.getMetadata().getNamespace(),
        annotation(vm, "moref", file),
        annotation(vm, "vm-name", file),
        vm,
        disks,
        host == null || host.isBlank() ? null : host);
  }

  private static VmWorkload ovaVm(
      GeneratedFile file, VirtualMachine vm, List<PersistentVolumeClaim> claims) {
    List<DiskWorkload> disks = new ArrayList<>();
    for (PersistentVolumeClaim claim : claims) {
      String index = annotation(claim, "disk-index", file);
      String path = annotation(claim, "disk-path", file);
      if (!Path.of(path).isAbsolute()) {
        throw new IllegalArgumentException(
            file.path()
                + ": VM "
                + vm.getMetadata().getName()
                + ": its OVA "
                + path
                + " is a relative path, which import pods cannot resolve; use an inventory"
                + " with absolute paths (convoy inventory FILE.ova -o inventory.yaml writes them)");
      }
      Map<String, String> annotations = claim.getMetadata().getAnnotations();
      disks.add(
          new DiskWorkload(
              "disk-" + index,
              claim,
              null,
              new OvaMember(
                  Path.of(path).normalize(),
                  annotation(claim, "disk-entry", file),
                  annotations.get(SOURCE + "disk-checksum")),
              Long.parseLong(annotation(claim, "disk-capacity-bytes", file))));
    }
    return new VmWorkload(
        vm.getMetadata().getName(),
        vm.getMetadata().getNamespace(),
        annotation(vm, "moref", file),
        annotation(vm, "vm-name", file),
        vm,
        disks,
        null,
        SourceKind.OVA);
  }

  /** Whether any VM comes from vSphere (and so needs a vCenter session). */
  public boolean hasVsphereVms() {
    return waves.stream()
        .flatMap(w -> w.vms().stream())
        .anyMatch(vm -> vm.sourceKind() == SourceKind.VSPHERE);
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

  /**
   * Where each VM reads and writes, by VM name, for {@link
   * dev.convoy.plans.execution.MigrationRound}.
   */
  public Map<String, Admission.Placement> placements() {
    Map<String, Admission.Placement> placements = new LinkedHashMap<>();
    for (WaveWorkload wave : waves) {
      for (VmWorkload vm : wave.vms()) {
        placements.put(vm.name(), vm.placement());
      }
    }
    return placements;
  }

  /** The wave names in order. */
  public List<String> waveNames() {
    return waves.stream().map(WaveWorkload::name).toList();
  }
}
