package dev.convoy.api.kubevirt.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.api.cdi.v1beta1.DataVolumeSource;
import dev.convoy.api.cdi.v1beta1.DataVolumeSourceHttp;
import dev.convoy.api.cdi.v1beta1.DataVolumeSpec;
import dev.convoy.api.cdi.v1beta1.StorageSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A VirtualMachine built in Java writes KubeVirt's field names, and only the fields that are set.
 */
public class VirtualMachineSerializationTest {

  /** A VM the way Convoy's manifest generator builds one for a migrated guest. */
  public static VirtualMachine migratedVm() {
    Cpu cpu = new Cpu();
    cpu.setCores(2);
    cpu.setSockets(1);
    cpu.setThreads(1);
    cpu.setModel("host-model");
    Memory memory = new Memory();
    memory.setGuest(new Quantity("2Gi"));
    ResourceRequirements resources = new ResourceRequirements();
    resources.setRequests(Map.of("memory", new Quantity("2Gi")));
    Machine machine = new Machine();
    machine.setType("q35");
    Efi efi = new Efi();
    efi.setSecureBoot(false);
    efi.setPersistent(true);
    Bootloader bootloader = new Bootloader();
    bootloader.setEfi(efi);
    Firmware firmware = new Firmware();
    firmware.setUuid("4213c3b0-8a6e-4ad5-9f0c-1a2b3c4d5e6f");
    firmware.setSerial("VMware-42 13 c3 b0");
    firmware.setBootloader(bootloader);
    Features features = new Features();
    features.setAcpi(new FeatureState());
    features.setSmm(new FeatureState());
    Clock clock = new Clock();
    clock.setTimezone("Europe/Berlin");

    DiskTarget virtio = new DiskTarget();
    virtio.setBus("virtio");
    Disk root = new Disk();
    root.setName("disk-0");
    root.setDisk(virtio);
    root.setBootOrder(1);
    root.setSerial("6000c29a");
    CdromTarget sata = new CdromTarget();
    sata.setBus("sata");
    sata.setReadonly(true);
    Disk cdrom = new Disk();
    cdrom.setName("cloudinit");
    cdrom.setCdrom(sata);
    Interface nic = new Interface();
    nic.setName("default");
    nic.setModel("virtio");
    nic.setMacAddress("00:50:56:8a:12:34");
    nic.setMasquerade(new InterfaceMasquerade());
    Interface secondary = new Interface();
    secondary.setName("backend");
    secondary.setBridge(new InterfaceBridge());
    Devices devices = new Devices();
    devices.setDisks(List.of(root, cdrom));
    devices.setInterfaces(List.of(nic, secondary));
    devices.setAutoattachGraphicsDevice(false);

    DomainSpec domain = new DomainSpec();
    domain.setCpu(cpu);
    domain.setMemory(memory);
    domain.setResources(resources);
    domain.setMachine(machine);
    domain.setFirmware(firmware);
    domain.setFeatures(features);
    domain.setClock(clock);
    domain.setDevices(devices);

    DataVolumeVolumeSource dataVolume = new DataVolumeVolumeSource();
    dataVolume.setName("web-01-disk-0");
    Volume rootVolume = new Volume();
    rootVolume.setName("disk-0");
    rootVolume.setDataVolume(dataVolume);
    CloudInitSource cloudInit = new CloudInitSource();
    cloudInit.setUserData("#cloud-config\nhostname: web-01\n");
    Volume cloudInitVolume = new Volume();
    cloudInitVolume.setName("cloudinit");
    cloudInitVolume.setCloudInitNoCloud(cloudInit);
    Network pod = new Network();
    pod.setName("default");
    pod.setPod(new PodNetwork());
    MultusNetwork multus = new MultusNetwork();
    multus.setNetworkName("vlan-20");
    Network backend = new Network();
    backend.setName("backend");
    backend.setMultus(multus);

    VirtualMachineInstanceSpec vmiSpec = new VirtualMachineInstanceSpec();
    vmiSpec.setDomain(domain);
    vmiSpec.setVolumes(List.of(rootVolume, cloudInitVolume));
    vmiSpec.setNetworks(List.of(pod, backend));
    vmiSpec.setTerminationGracePeriodSeconds(180L);
    vmiSpec.setEvictionStrategy(EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE);
    vmiSpec.setNodeSelector(Map.of("kubernetes.io/arch", "amd64"));
    vmiSpec.setTolerations(
        List.of(
            new TolerationBuilder()
                .withKey("dedicated")
                .withOperator("Equal")
                .withValue("vms")
                .withEffect("NoSchedule")
                .build()));
    vmiSpec.setHostname("web-01");

    VirtualMachineInstanceTemplateSpec template = new VirtualMachineInstanceTemplateSpec();
    template.setMetadata(new ObjectMetaBuilder().withLabels(Map.of(Labels.VM, "web-01")).build());
    template.setSpec(vmiSpec);

    DataVolumeSourceHttp http = new DataVolumeSourceHttp();
    http.setUrl("https://images.example.com/web-01-disk-0.qcow2");
    DataVolumeSource source = new DataVolumeSource();
    source.setHttp(http);
    StorageSpec storage = new StorageSpec();
    storage.setAccessModes(List.of("ReadWriteOnce"));
    storage.setVolumeMode("Block");
    storage.setStorageClassName("fast");
    storage.setResources(
        new VolumeResourceRequirementsBuilder()
            .withRequests(Map.of("storage", new Quantity("40Gi")))
            .build());
    DataVolumeSpec dvSpec = new DataVolumeSpec();
    dvSpec.setSource(source);
    dvSpec.setStorage(storage);
    DataVolumeTemplateSpec dvTemplate = new DataVolumeTemplateSpec();
    dvTemplate.setMetadata(new ObjectMetaBuilder().withName("web-01-disk-0").build());
    dvTemplate.setSpec(dvSpec);

    VirtualMachineSpec spec = new VirtualMachineSpec();
    spec.setRunStrategy(RunStrategy.HALTED);
    spec.setTemplate(template);
    spec.setDataVolumeTemplates(List.of(dvTemplate));

    VirtualMachine vm = new VirtualMachine();
    vm.setMetadata(new ObjectMetaBuilder().withName("web-01").withNamespace("finance").build());
    vm.setSpec(spec);
    return vm;
  }

  @Test
  @DisplayName(
      "a Java-built VirtualMachine writes KubeVirt's field names and nothing that is unset")
  void writesKubeVirtFieldNames() throws Exception {
    JsonNode expected =
        Serialization.yaml()
            .readTree(
                """
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata:
                  name: web-01
                  namespace: finance
                spec:
                  runStrategy: Halted
                  dataVolumeTemplates:
                  - metadata:
                      name: web-01-disk-0
                    spec:
                      source:
                        http:
                          url: https://images.example.com/web-01-disk-0.qcow2
                      storage:
                        accessModes: [ReadWriteOnce]
                        volumeMode: Block
                        resources:
                          requests:
                            storage: 40Gi
                        storageClassName: fast
                  template:
                    metadata:
                      labels:
                        kubevirt.io/vm: web-01
                    spec:
                      domain:
                        resources:
                          requests:
                            memory: 2Gi
                        cpu: {cores: 2, sockets: 1, threads: 1, model: host-model}
                        memory:
                          guest: 2Gi
                        machine:
                          type: q35
                        firmware:
                          uuid: 4213c3b0-8a6e-4ad5-9f0c-1a2b3c4d5e6f
                          serial: VMware-42 13 c3 b0
                          bootloader:
                            efi: {secureBoot: false, persistent: true}
                        features:
                          acpi: {}
                          smm: {}
                        clock:
                          timezone: Europe/Berlin
                        devices:
                          disks:
                          - name: disk-0
                            disk: {bus: virtio}
                            bootOrder: 1
                            serial: 6000c29a
                          - name: cloudinit
                            cdrom: {bus: sata, readonly: true}
                          interfaces:
                          - name: default
                            model: virtio
                            macAddress: 00:50:56:8a:12:34
                            masquerade: {}
                          - name: backend
                            bridge: {}
                          autoattachGraphicsDevice: false
                      nodeSelector:
                        kubernetes.io/arch: amd64
                      tolerations:
                      - {key: dedicated, operator: Equal, value: vms, effect: NoSchedule}
                      evictionStrategy: LiveMigrateIfPossible
                      terminationGracePeriodSeconds: 180
                      volumes:
                      - name: disk-0
                        dataVolume: {name: web-01-disk-0}
                      - name: cloudinit
                        cloudInitNoCloud:
                          userData: |
                            #cloud-config
                            hostname: web-01
                      networks:
                      - name: default
                        pod: {}
                      - name: backend
                        multus: {networkName: vlan-20}
                      hostname: web-01
                """);

    assertThat(Serialization.toTree(migratedVm())).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "status fields use KubeVirt's names, including lastFailedVMIUID and the condition shape")
  void writesStatusFieldNames() {
    KubeVirtCondition ready = new KubeVirtCondition();
    ready.setType(ConditionType.READY);
    ready.setStatus(KubeVirtCondition.FALSE);
    ready.setReason("GuestNotRunning");
    ready.setLastTransitionTime("2026-11-29T10:00:00Z");
    VirtualMachineStartFailure failure = new VirtualMachineStartFailure();
    failure.setConsecutiveFailCount(2);
    failure.setLastFailedVmiUid("0b6f0c5e");
    failure.setRetryAfterTimestamp("2026-11-29T10:00:40Z");
    VirtualMachineStateChangeRequest start = new VirtualMachineStateChangeRequest();
    start.setAction(VirtualMachineStateChangeRequest.START);
    VirtualMachineStatus status = new VirtualMachineStatus();
    status.setPrintableStatus(VirtualMachinePrintableStatus.CRASH_LOOP_BACK_OFF);
    status.setReady(false);
    status.setCreated(true);
    status.setConditions(List.of(ready));
    status.setStartFailure(failure);
    status.setStateChangeRequests(List.of(start));
    status.setObservedGeneration(3L);
    status.setDesiredGeneration(3L);
    status.setRunStrategy(RunStrategy.ALWAYS);

    assertThat(Serialization.toJson(status))
        .isEqualTo(
            "{\"printableStatus\":\"CrashLoopBackOff\",\"ready\":false,\"created\":true,"
                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\",\"reason\":\"GuestNotRunning\","
                + "\"lastTransitionTime\":\"2026-11-29T10:00:00Z\"}],"
                + "\"stateChangeRequests\":[{\"action\":\"Start\"}],"
                + "\"startFailure\":{\"consecutiveFailCount\":2,\"lastFailedVMIUID\":\"0b6f0c5e\","
                + "\"retryAfterTimestamp\":\"2026-11-29T10:00:40Z\"},"
                + "\"observedGeneration\":3,\"desiredGeneration\":3,\"runStrategy\":\"Always\"}");
  }

  @Test
  @DisplayName("VMI status: interfaces, phase transitions, migration state and activePods")
  void writesVmiStatus() throws Exception {
    VirtualMachineInstanceNetworkInterface eth0 = new VirtualMachineInstanceNetworkInterface();
    eth0.setName("default");
    eth0.setIpAddress("10.244.0.12");
    eth0.setIpAddresses(List.of("10.244.0.12", "fd00::12"));
    eth0.setMac("00:50:56:8a:12:34");
    eth0.setInterfaceName("eth0");
    PhaseTransitionTimestamp running = new PhaseTransitionTimestamp();
    running.setPhase(VirtualMachineInstancePhase.RUNNING);
    running.setPhaseTransitionTimestamp("2026-11-29T10:00:00Z");
    VirtualMachineInstanceMigrationState migration = new VirtualMachineInstanceMigrationState();
    migration.setSourceNode("node-a");
    migration.setTargetNode("node-b");
    migration.setCompleted(true);
    VirtualMachineInstanceStatus status = new VirtualMachineInstanceStatus();
    status.setPhase(VirtualMachineInstancePhase.RUNNING);
    status.setNodeName("node-b");
    status.setInterfaces(List.of(eth0));
    status.setPhaseTransitionTimestamps(List.of(running));
    status.setMigrationState(migration);
    status.setActivePods(Map.of("3f2c", "node-b"));
    status.setQosClass("Burstable");
    status.setLauncherContainerImageVersion("convoy/launcher:0.1.0");

    assertThat(Serialization.toTree(status))
        .isEqualTo(
            Serialization.json()
                .readTree(
                    """
                    {"phase":"Running","nodeName":"node-b",
                     "interfaces":[{"name":"default","ipAddress":"10.244.0.12",
                       "ipAddresses":["10.244.0.12","fd00::12"],"mac":"00:50:56:8a:12:34","interfaceName":"eth0"}],
                     "phaseTransitionTimestamps":[{"phase":"Running","phaseTransitionTimestamp":"2026-11-29T10:00:00Z"}],
                     "migrationState":{"sourceNode":"node-a","targetNode":"node-b","completed":true},
                     "launcherContainerImageVersion":"convoy/launcher:0.1.0","qosClass":"Burstable",
                     "activePods":{"3f2c":"node-b"}}
                    """));
  }

  @Test
  @DisplayName("fields the model does not name are kept through a read-modify-write")
  void keepsUnknownFields() throws Exception {
    String json =
        """
        {"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance","metadata":{"name":"x"},
         "spec":{"domain":{"devices":{"disks":[{"name":"d","disk":{"bus":"virtio","futureFlag":true}}],
           "tpm":{"persistent":true}},"launchSecurity":{"sev":{}}},"accessCredentials":[{"sshPublicKey":{}}]},
         "status":{"guestOSInfo":{"id":"fedora"},"runtimeUser":107}}
        """;
    VirtualMachineInstance vmi = Serialization.json().readValue(json, VirtualMachineInstance.class);

    vmi.getSpec().getDomain().getDevices().getDisks().get(0).setBootOrder(1);

    JsonNode written = Serialization.toTree(vmi);
    assertThat(written.at("/spec/domain/devices/disks/0/disk/futureFlag").asBoolean()).isTrue();
    assertThat(written.at("/spec/domain/devices/disks/0/bootOrder").asInt()).isEqualTo(1);
    assertThat(written.at("/spec/domain/devices/tpm/persistent").asBoolean()).isTrue();
    assertThat(written.at("/spec/domain/launchSecurity/sev").isObject()).isTrue();
    assertThat(written.at("/spec/accessCredentials/0/sshPublicKey").isObject()).isTrue();
    assertThat(written.at("/status/guestOSInfo/id").asText()).isEqualTo("fedora");
    assertThat(written.at("/status/runtimeUser").asInt()).isEqualTo(107);
    assertThat(vmi.getStatus().getAdditionalProperties())
        .containsKeys("guestOSInfo", "runtimeUser");
  }

  @Test
  @DisplayName("multus 'default' maps to a Java property and back")
  void multusDefault() throws Exception {
    Network network =
        Serialization.json()
            .readValue(
                "{\"name\":\"n\",\"multus\":{\"networkName\":\"a/b\",\"default\":true}}",
                Network.class);
    assertThat(network.getMultus().getDefaultNetwork()).isTrue();
    assertThat(network.getMultus().getAdditionalProperties()).isEmpty();
    assertThat(Serialization.toJson(network))
        .isEqualTo("{\"name\":\"n\",\"multus\":{\"networkName\":\"a/b\",\"default\":true}}");
  }
}
