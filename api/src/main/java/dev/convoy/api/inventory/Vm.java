package dev.convoy.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One virtual machine as the source describes it. Values a source does not provide are null
 * (booleans included: null means "unknown", not false).
 *
 * @param id the managed object id ({@code vm-42}), the OVF VirtualSystem id, or RVTools' VM id
 * @param biosUuid the SMBIOS UUID ({@code config.uuid})
 * @param instanceUuid vCenter's instance UUID
 * @param inventoryPath e.g. {@code /DC0/vm/Finance/db01}
 * @param folder the VM folder path inside the datacenter, e.g. {@code /Finance}
 * @param datacenter the datacenter name
 * @param cluster the cluster name, null for a standalone host
 * @param host the name of the host running the VM
 * @param resourcePool the resource pool path inside its cluster, e.g. {@code Resources/Batch}
 * @param guestId vSphere's guest OS identifier from the VM's configuration, e.g. {@code
 *     rhel8_64Guest}
 * @param memoryMiB memory in MiB
 * @param secureBoot EFI secure boot; null when unknown or not EFI
 * @param vtpm a virtual TPM device is present
 * @param faultToleranceRole null when fault tolerance is off, else "primary" or "secondary"
 * @param cpuAffinity host CPUs the VM is pinned to (scheduling affinity), empty when not pinned
 * @param numaNodeAffinity NUMA nodes the VM is pinned to, empty when not pinned
 * @param hardwareVersion e.g. {@code vmx-13}
 * @param devices devices other than disks, NICs and controllers that matter for migration
 * @param snapshots the roots of the snapshot tree
 * @param currentSnapshot id of the snapshot the VM runs from
 * @param customAttributes vSphere custom attributes (name to value)
 * @param tags vSphere tags as {@code category/name}
 * @param extraConfig the advanced settings that matter for migration (an allow-list, never all of
 *     them: guestinfo keys can hold secrets)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Vm(
    String id,
    String sourceId,
    String name,
    String biosUuid,
    String instanceUuid,
    String inventoryPath,
    String datacenter,
    String folder,
    String cluster,
    String host,
    String resourcePool,
    PowerState powerState,
    Boolean template,
    String guestId,
    String guestFullName,
    Integer cpuCount,
    Integer coresPerSocket,
    Long memoryMiB,
    Firmware firmware,
    Boolean secureBoot,
    Boolean vtpm,
    Boolean cpuHotAddEnabled,
    Boolean cpuHotRemoveEnabled,
    Boolean memoryHotAddEnabled,
    Boolean changeTrackingEnabled,
    Boolean consolidationNeeded,
    String faultToleranceRole,
    List<Integer> cpuAffinity,
    List<Integer> numaNodeAffinity,
    Boolean nestedHvEnabled,
    String hardwareVersion,
    List<Disk> disks,
    List<Nic> nics,
    List<VmDevice> devices,
    List<Snapshot> snapshots,
    String currentSnapshot,
    String annotation,
    Map<String, String> customAttributes,
    List<String> tags,
    GuestInfo guest,
    Map<String, String> extraConfig) {

  public Vm {
    cpuAffinity = Lists.copy(cpuAffinity);
    numaNodeAffinity = Lists.copy(numaNodeAffinity);
    disks = Lists.copy(disks);
    nics = Lists.copy(nics);
    devices = Lists.copy(devices);
    snapshots = Lists.copy(snapshots);
    customAttributes = Lists.sortedCopy(customAttributes);
    tags = Lists.copy(tags);
    extraConfig = Lists.sortedCopy(extraConfig);
  }

  /** A builder, because sources fill a VM field by field. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this VM's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.sourceId = sourceId;
    b.name = name;
    b.biosUuid = biosUuid;
    b.instanceUuid = instanceUuid;
    b.inventoryPath = inventoryPath;
    b.datacenter = datacenter;
    b.folder = folder;
    b.cluster = cluster;
    b.host = host;
    b.resourcePool = resourcePool;
    b.powerState = powerState;
    b.template = template;
    b.guestId = guestId;
    b.guestFullName = guestFullName;
    b.cpuCount = cpuCount;
    b.coresPerSocket = coresPerSocket;
    b.memoryMiB = memoryMiB;
    b.firmware = firmware;
    b.secureBoot = secureBoot;
    b.vtpm = vtpm;
    b.cpuHotAddEnabled = cpuHotAddEnabled;
    b.cpuHotRemoveEnabled = cpuHotRemoveEnabled;
    b.memoryHotAddEnabled = memoryHotAddEnabled;
    b.changeTrackingEnabled = changeTrackingEnabled;
    b.consolidationNeeded = consolidationNeeded;
    b.faultToleranceRole = faultToleranceRole;
    b.cpuAffinity = cpuAffinity;
    b.numaNodeAffinity = numaNodeAffinity;
    b.nestedHvEnabled = nestedHvEnabled;
    b.hardwareVersion = hardwareVersion;
    b.disks = disks;
    b.nics = nics;
    b.devices = devices;
    b.snapshots = snapshots;
    b.currentSnapshot = currentSnapshot;
    b.annotation = annotation;
    b.customAttributes = customAttributes;
    b.tags = tags;
    b.guest = guest;
    b.extraConfig = extraConfig;
    return b;
  }

  /** Fills a {@link Vm} one field at a time. */
  public static final class Builder {
    private String id;
    private String sourceId;
    private String name;
    private String biosUuid;
    private String instanceUuid;
    private String inventoryPath;
    private String datacenter;
    private String folder;
    private String cluster;
    private String host;
    private String resourcePool;
    private PowerState powerState;
    private Boolean template;
    private String guestId;
    private String guestFullName;
    private Integer cpuCount;
    private Integer coresPerSocket;
    private Long memoryMiB;
    private Firmware firmware;
    private Boolean secureBoot;
    private Boolean vtpm;
    private Boolean cpuHotAddEnabled;
    private Boolean cpuHotRemoveEnabled;
    private Boolean memoryHotAddEnabled;
    private Boolean changeTrackingEnabled;
    private Boolean consolidationNeeded;
    private String faultToleranceRole;
    private List<Integer> cpuAffinity;
    private List<Integer> numaNodeAffinity;
    private Boolean nestedHvEnabled;
    private String hardwareVersion;
    private List<Disk> disks;
    private List<Nic> nics;
    private List<VmDevice> devices;
    private List<Snapshot> snapshots;
    private String currentSnapshot;
    private String annotation;
    private Map<String, String> customAttributes;
    private List<String> tags;
    private GuestInfo guest;
    private Map<String, String> extraConfig;

    private Builder() {}

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder sourceId(String v) {
      sourceId = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder biosUuid(String v) {
      biosUuid = v;
      return this;
    }

    public Builder instanceUuid(String v) {
      instanceUuid = v;
      return this;
    }

    public Builder inventoryPath(String v) {
      inventoryPath = v;
      return this;
    }

    public Builder datacenter(String v) {
      datacenter = v;
      return this;
    }

    public Builder folder(String v) {
      folder = v;
      return this;
    }

    public Builder cluster(String v) {
      cluster = v;
      return this;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder resourcePool(String v) {
      resourcePool = v;
      return this;
    }

    public Builder powerState(PowerState v) {
      powerState = v;
      return this;
    }

    public Builder template(Boolean v) {
      template = v;
      return this;
    }

    public Builder guestId(String v) {
      guestId = v;
      return this;
    }

    public Builder guestFullName(String v) {
      guestFullName = v;
      return this;
    }

    public Builder cpuCount(Integer v) {
      cpuCount = v;
      return this;
    }

    public Builder coresPerSocket(Integer v) {
      coresPerSocket = v;
      return this;
    }

    public Builder memoryMiB(Long v) {
      memoryMiB = v;
      return this;
    }

    public Builder firmware(Firmware v) {
      firmware = v;
      return this;
    }

    public Builder secureBoot(Boolean v) {
      secureBoot = v;
      return this;
    }

    public Builder vtpm(Boolean v) {
      vtpm = v;
      return this;
    }

    public Builder cpuHotAddEnabled(Boolean v) {
      cpuHotAddEnabled = v;
      return this;
    }

    public Builder cpuHotRemoveEnabled(Boolean v) {
      cpuHotRemoveEnabled = v;
      return this;
    }

    public Builder memoryHotAddEnabled(Boolean v) {
      memoryHotAddEnabled = v;
      return this;
    }

    public Builder changeTrackingEnabled(Boolean v) {
      changeTrackingEnabled = v;
      return this;
    }

    public Builder consolidationNeeded(Boolean v) {
      consolidationNeeded = v;
      return this;
    }

    public Builder faultToleranceRole(String v) {
      faultToleranceRole = v;
      return this;
    }

    public Builder cpuAffinity(List<Integer> v) {
      cpuAffinity = v;
      return this;
    }

    public Builder numaNodeAffinity(List<Integer> v) {
      numaNodeAffinity = v;
      return this;
    }

    public Builder nestedHvEnabled(Boolean v) {
      nestedHvEnabled = v;
      return this;
    }

    public Builder hardwareVersion(String v) {
      hardwareVersion = v;
      return this;
    }

    public Builder disks(List<Disk> v) {
      disks = v;
      return this;
    }

    public Builder nics(List<Nic> v) {
      nics = v;
      return this;
    }

    public Builder devices(List<VmDevice> v) {
      devices = v;
      return this;
    }

    public Builder snapshots(List<Snapshot> v) {
      snapshots = v;
      return this;
    }

    public Builder currentSnapshot(String v) {
      currentSnapshot = v;
      return this;
    }

    public Builder annotation(String v) {
      annotation = v;
      return this;
    }

    public Builder customAttributes(Map<String, String> v) {
      customAttributes = v;
      return this;
    }

    public Builder tags(List<String> v) {
      tags = v;
      return this;
    }

    public Builder guest(GuestInfo v) {
      guest = v;
      return this;
    }

    public Builder extraConfig(Map<String, String> v) {
      extraConfig = v;
      return this;
    }

    public Vm build() {
      return new Vm(
          id,
          sourceId,
          name,
          biosUuid,
          instanceUuid,
          inventoryPath,
          datacenter,
          folder,
          cluster,
          host,
          resourcePool,
          powerState,
          template,
          guestId,
          guestFullName,
          cpuCount,
          coresPerSocket,
          memoryMiB,
          firmware,
          secureBoot,
          vtpm,
          cpuHotAddEnabled,
          cpuHotRemoveEnabled,
          memoryHotAddEnabled,
          changeTrackingEnabled,
          consolidationNeeded,
          faultToleranceRole,
          cpuAffinity,
          numaNodeAffinity,
          nestedHvEnabled,
          hardwareVersion,
          disks,
          nics,
          devices,
          snapshots,
          currentSnapshot,
          annotation,
          customAttributes,
          tags,
          guest,
          extraConfig);
    }
  }
}
