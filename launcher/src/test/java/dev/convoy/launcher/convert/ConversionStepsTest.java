package dev.convoy.launcher.convert;

import static dev.convoy.launcher.convert.Vmis.run;
import static dev.convoy.launcher.convert.Vmis.vmi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.convoy.launcher.domain.XmlElement;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each conversion step on its own: what it writes into the domain and what it refuses. */
class ConversionStepsTest {

  @Nested
  class Metadata {
    @Test
    @DisplayName("the domain is <namespace>_<name> and carries the VMI's identity")
    void nameAndMetadata() {
      var run = run("terminationGracePeriodSeconds: 45", new MetadataStep());
      assertThat(run.domain().name()).isEqualTo("ns_test");
      assertThat(run.domain().type()).isEqualTo("qemu");
      assertThat(run.domain().metadata().toString())
          .contains("<convoy:namespace>ns</convoy:namespace>")
          .contains("<convoy:name>test</convoy:name>")
          .contains("<convoy:uid>11111111-2222-3333-4444-555555555555</convoy:uid>")
          .contains("<convoy:gracePeriodSeconds>45</convoy:gracePeriodSeconds>");
    }

    @Test
    @DisplayName("without firmware.uuid the UUID derives from namespace and name, not the UID")
    void derivedUuid() {
      var a = vmi("{}");
      var b = vmi("{}");
      b.getMetadata().setUid("another-uid");
      var c = vmi("{}");
      c.getMetadata().setName("other");
      String uuidA = run(a, Vmis.tcg(), new MetadataStep()).domain().uuid();
      assertThat(run(b, Vmis.tcg(), new MetadataStep()).domain().uuid()).isEqualTo(uuidA);
      assertThat(run(c, Vmis.tcg(), new MetadataStep()).domain().uuid()).isNotEqualTo(uuidA);
    }

    @Test
    @DisplayName("firmware.uuid becomes the domain UUID; a malformed one is an error")
    void firmwareUuid() {
      var good =
          run(
              "domain: {firmware: {uuid: 4231F7A8-5B6C-9D0E-1F2A-3B4C5D6E7F80}}",
              new MetadataStep());
      assertThat(good.domain().uuid()).isEqualTo("4231f7a8-5b6c-9d0e-1f2a-3b4c5d6e7f80");
      assertThat(run("domain: {firmware: {uuid: nope}}", new MetadataStep()).problems())
          .containsExactly("spec.domain.firmware.uuid: 'nope' is not a UUID");
    }

    @Test
    @DisplayName("the default namespace is 'default' and the grace period defaults to 30 s")
    void defaults() {
      var vmi = vmi("{}");
      vmi.getMetadata().setNamespace(null);
      var run = run(vmi, Vmis.tcg(), new MetadataStep());
      assertThat(run.domain().name()).isEqualTo("default_test");
      assertThat(run.domain().metadata().toString()).contains(">30</convoy:gracePeriodSeconds>");
    }
  }

  @Nested
  class Memory {
    @Test
    @DisplayName("decimal and binary quantities become KiB, rounded up")
    void quantities() {
      assertThat(run("domain: {memory: {guest: 1024M}}", new MemoryStep()).domain().memoryKib())
          .isEqualTo(1_000_000);
      assertThat(run("domain: {memory: {guest: 256Mi}}", new MemoryStep()).domain().memoryKib())
          .isEqualTo(262_144);
      assertThat(run("domain: {memory: {guest: '1025'}}", new MemoryStep()).domain().memoryKib())
          .isEqualTo(2);
    }

    @Test
    @DisplayName("without memory.guest the request, then the limit, is the guest memory")
    void fromResources() {
      assertThat(
              run(
                      "domain: {resources: {requests: {memory: 64Mi}, limits: {memory: 128Mi}}}",
                      new MemoryStep())
                  .domain()
                  .memoryKib())
          .isEqualTo(65_536);
      assertThat(
              run("domain: {resources: {limits: {memory: 128Mi}}}", new MemoryStep())
                  .domain()
                  .memoryKib())
          .isEqualTo(131_072);
    }

    @Test
    @DisplayName("no memory at all, or memory hotplug, is an error")
    void errors() {
      assertThat(run("domain: {}", new MemoryStep()).problemFields())
          .containsExactly("spec.domain.memory.guest");
      assertThat(
              run("domain: {memory: {guest: 1Gi, maxGuest: 4Gi}}", new MemoryStep())
                  .problemFields())
          .containsExactly("spec.domain.memory.maxGuest");
    }
  }

  @Nested
  class CpuTopologyAndModel {
    @Test
    @DisplayName("vCPUs are sockets × cores × threads")
    void topology() {
      var run = run("domain: {cpu: {sockets: 2, cores: 3, threads: 2}}", new CpuStep());
      assertThat(run.domain().vcpus()).isEqualTo(12);
      assertThat(run.domain().cpu().toString())
          .contains("<topology sockets='2' dies='1' cores='3' threads='2'/>");
    }

    @Test
    @DisplayName("without a topology the CPU limit, rounded up, gives the sockets")
    void fromResources() {
      var run = run("domain: {resources: {limits: {cpu: 1500m}}}", new CpuStep());
      assertThat(run.domain().vcpus()).isEqualTo(2);
    }

    @Test
    @DisplayName("no model: host-model under KVM, QEMU's default under TCG")
    void defaultModel() {
      assertThat(
              run(vmi("{}"), Vmis.context(Accelerator.KVM), new CpuStep())
                  .domain()
                  .cpu()
                  .attribute("mode"))
          .isEqualTo("host-model");
      assertThat(run("{}", new CpuStep()).domain().cpu().attribute("mode")).isNull();
    }

    @Test
    @DisplayName("a named model is exact; host-passthrough under TCG is an error")
    void models() {
      assertThat(
              run("domain: {cpu: {model: Skylake-Server}}", new CpuStep())
                  .domain()
                  .cpu()
                  .toString())
          .contains("mode='custom' match='exact'")
          .contains("<model fallback='forbid'>Skylake-Server</model>");
      assertThat(run("domain: {cpu: {model: host-passthrough}}", new CpuStep()).problemFields())
          .containsExactly("spec.domain.cpu.model");
    }

    @Test
    @DisplayName("pinning, emulator thread isolation, hotplug and zero counts are errors")
    void errors() {
      var run =
          run(
              "domain: {cpu: {cores: 0, maxSockets: 4, dedicatedCpuPlacement: true, isolateEmulatorThread: true}}",
              new CpuStep());
      assertThat(run.problemFields())
          .containsExactlyInAnyOrder(
              "spec.domain.cpu.cores",
              "spec.domain.cpu.maxSockets",
              "spec.domain.cpu.dedicatedCpuPlacement",
              "spec.domain.cpu.isolateEmulatorThread");
    }
  }

  @Nested
  class FirmwareAndOs {
    @Test
    @DisplayName("q35 by default with SeaBIOS; only q35 machine types are accepted")
    void machine() {
      assertThat(run("{}", new OsStep()).domain().os().toString())
          .contains("<type arch='x86_64' machine='q35'>hvm</type>")
          .doesNotContain("loader");
      assertThat(run("domain: {machine: {type: pc-i440fx-7.2}}", new OsStep()).problemFields())
          .containsExactly("spec.domain.machine.type");
    }

    @Test
    @DisplayName("EFI uses Secure Boot OVMF unless turned off, and SMM follows")
    void efi() {
      var secure =
          run("domain: {firmware: {bootloader: {efi: {}}}}", new OsStep(), new FeaturesStep());
      assertThat(secure.domain().os().toString())
          .contains("secure='yes'")
          .contains("OVMF_CODE_4M.secboot.fd")
          .contains("template='/usr/share/OVMF/OVMF_VARS_4M.ms.fd'>/run/l/nvram_VARS.fd</nvram>");
      assertThat(secure.domain().features().toString()).contains("<smm state='on'/>");

      var plain =
          run(
              "domain: {firmware: {bootloader: {efi: {secureBoot: false}}}}",
              new OsStep(),
              new FeaturesStep());
      assertThat(plain.domain().os().toString())
          .contains("secure='no'")
          .contains("OVMF_CODE_4M.fd");
      assertThat(plain.domain().features().toString()).doesNotContain("smm");
    }

    @Test
    @DisplayName("Secure Boot with SMM turned off, both bootloaders, persistent EFI: errors")
    void efiErrors() {
      assertThat(
              run(
                      "domain: {features: {smm: {enabled: false}}, firmware: {bootloader: {efi: {persistent: true}}}}",
                      new OsStep(),
                      new FeaturesStep())
                  .problemFields())
          .containsExactlyInAnyOrder(
              "spec.domain.firmware.bootloader.efi.persistent", "spec.domain.features.smm");
      assertThat(
              run("domain: {firmware: {bootloader: {efi: {}, bios: {}}}}", new OsStep())
                  .problemFields())
          .containsExactly("spec.domain.firmware.bootloader");
    }

    @Test
    @DisplayName("BIOS output on the serial port, and SMBIOS serial from the firmware")
    void biosAndSysinfo() {
      var run =
          run(
              "domain: {firmware: {serial: ABC-123, bootloader: {bios: {useSerial: true}}}}",
              new MetadataStep(),
              new SysinfoStep(),
              new OsStep());
      assertThat(run.domain().os().toString()).contains("<bios useserial='yes'/>");
      assertThat(run.domain().sysinfo().toString())
          .contains("<entry name='serial'>ABC-123</entry>")
          .contains("<entry name='uuid'>" + run.domain().uuid() + "</entry>");
    }
  }

  @Nested
  class FeaturesAndClock {
    @Test
    @DisplayName("ACPI and APIC are on unless turned off")
    void acpi() {
      assertThat(run("{}", new FeaturesStep()).domain().features().toString())
          .contains("<acpi/>")
          .contains("<apic/>");
      assertThat(
              run("domain: {features: {acpi: {enabled: false}}}", new FeaturesStep())
                  .domain()
                  .features()
                  .toString())
          .doesNotContain("acpi");
    }

    @Test
    @DisplayName("pvspinlock needs KVM")
    void pvspinlock() {
      assertThat(run("domain: {features: {pvspinlock: {}}}", new FeaturesStep()).problemFields())
          .containsExactly("spec.domain.features.pvspinlock");
      assertThat(
              run(
                      vmi("domain: {features: {pvspinlock: {}}}"),
                      Vmis.context(Accelerator.KVM),
                      new FeaturesStep())
                  .domain()
                  .features()
                  .toString())
          .contains("<pvspinlock state='on'/>");
    }

    @Test
    @DisplayName("clock: UTC by default, a UTC offset, or a time zone; bad timer values are errors")
    void clock() {
      assertThat(run("{}", new ClockStep()).domain().clock().toString())
          .isEqualTo("<clock offset='utc'/>\n");
      assertThat(
              run("domain: {clock: {utc: {offsetSeconds: -60}}}", new ClockStep())
                  .domain()
                  .clock()
                  .toString())
          .isEqualTo("<clock offset='variable' adjustment='-60' basis='utc'/>\n");
      assertThat(
              run(
                      "domain: {clock: {timezone: America/New_York, timer: {pit: {tickPolicy: sometimes}}}}",
                      new ClockStep())
                  .problemFields())
          .containsExactly("spec.domain.clock.timer.pit.tickPolicy");
    }
  }

  @Nested
  class Disks {
    @Test
    @DisplayName("drive names continue past z like Linux: aa, ab, ...")
    void driveLetters() {
      assertThat(DisksStep.driveLetters(0)).isEqualTo("a");
      assertThat(DisksStep.driveLetters(25)).isEqualTo("z");
      assertThat(DisksStep.driveLetters(26)).isEqualTo("aa");
      assertThat(DisksStep.driveLetters(27)).isEqualTo("ab");
      assertThat(DisksStep.driveLetters(701)).isEqualTo("zz");
      assertThat(DisksStep.driveLetters(702)).isEqualTo("aaa");
    }

    @Test
    @DisplayName("a filesystem PVC is disk.img in its mount, a block PVC its device, both raw")
    void claims() {
      var run =
          run(
              """
              domain: {devices: {disks: [{name: a}, {name: b, disk: {bus: sata}}]}}
              volumes:
                - {name: a, persistentVolumeClaim: {claimName: fs-claim}}
                - {name: b, dataVolume: {name: block-claim}}
              """,
              new DisksStep());
      assertThat(run.problems()).isEmpty();
      assertThat(run.domain().disks().get(0).toString())
          .contains("<disk type='file' device='disk'>")
          .contains("type='raw'")
          .contains("<source file='/pvc/fs-claim/disk.img'/>")
          .contains("<target dev='vda' bus='virtio'/>");
      assertThat(run.domain().disks().get(1).toString())
          .contains("<disk type='block' device='disk'>")
          .contains("<source dev='/dev/sdz'/>")
          .contains("<target dev='sda' bus='sata'/>");
    }

    @Test
    @DisplayName("a scsi disk asks for the virtio-scsi controller")
    void scsi() {
      var run =
          run(
              """
              domain: {devices: {disks: [{name: a, disk: {bus: scsi}}]}}
              volumes: [{name: a, persistentVolumeClaim: {claimName: fs-claim}}]
              """,
              new DisksStep(),
              new ControllersStep());
      assertThat(run.domain().controllers().stream().map(XmlElement::toString))
          .contains("<controller type='scsi' index='0' model='virtio-scsi'/>\n");
    }

    @Test
    @DisplayName(
        "cloud-init NoCloud becomes an ISO the launcher must build, with KubeVirt's meta-data")
    void cloudInit() {
      var run =
          run(
              """
              hostname: box
              domain: {devices: {disks: [{name: ci, cdrom: {}}]}}
              volumes: [{name: ci, cloudInitNoCloud: {userData: "#cloud-config\\n", networkData: "version: 2\\n"}}]
              """,
              new DisksStep());
      assertThat(run.problems()).isEmpty();
      assertThat(run.input().scratchFiles())
          .containsExactly(
              new ScratchFile.CloudInitIso(
                  Path.of("/scratch/ci/noCloud.iso"),
                  "instance-id: test.ns\nlocal-hostname: box\n",
                  "#cloud-config\n",
                  "version: 2\n"));
      assertThat(run.domain().disks().get(0).toString())
          .contains("device='cdrom'")
          .contains("<target dev='sda' bus='sata'/>")
          .contains("<readonly/>");
    }

    @Test
    @DisplayName("emptyDisk and containerDisk become qcow2 files in the volume's scratch directory")
    void scratchDisks() {
      var run =
          run(
              """
              volumes:
                - {name: e, emptyDisk: {capacity: 2Gi}}
                - {name: cd, containerDisk: {image: quay.io/x/y:1}}
              """,
              new DisksStep());
      assertThat(run.problems()).isEmpty();
      assertThat(run.input().scratchFiles())
          .containsExactly(
              new ScratchFile.EmptyDisk(Path.of("/scratch/e/disk.qcow2"), 2L << 30),
              new ScratchFile.ContainerDiskOverlay(
                  Path.of("/scratch/cd/disk.qcow2"),
                  new ContainerDiskImage(Path.of("/images/cd.qcow2"), "qcow2")));
      assertThat(run.domain().disks().get(1).toString())
          .contains("<backingStore type='file'>")
          .contains("<source file='/images/cd.qcow2'/>");
    }

    @Test
    @DisplayName("a volume without a disk gets a default disk, as KubeVirt's defaulting does")
    void implicitDisk() {
      var run =
          run(
              "volumes: [{name: a, persistentVolumeClaim: {claimName: fs-claim}}]",
              new DisksStep());
      assertThat(run.domain().disks()).hasSize(1);
      assertThat(run.domain().disks().get(0).toString()).contains("<alias name='ua-a'/>");
    }

    @Test
    @DisplayName("boot orders are unique across disks and interfaces")
    void bootOrders() {
      var run =
          run(
              """
              domain:
                devices:
                  disks: [{name: a, bootOrder: 1}]
                  interfaces: [{name: n, masquerade: {}, bootOrder: 1}]
              networks: [{name: n, pod: {}}]
              volumes: [{name: a, persistentVolumeClaim: {claimName: fs-claim}}]
              """,
              new DisksStep(),
              new InterfacesStep());
      assertThat(run.problems())
          .containsExactly(
              "spec.domain.devices.interfaces[0].bootOrder: boot order 1 is already used by"
                  + " spec.domain.devices.disks[0].bootOrder");
    }

    @Test
    @DisplayName(
        "missing claims and container disks, virtio CD-ROMs, usb buses and bad modes are errors")
    void errors() {
      var run =
          run(
              """
              domain:
                devices:
                  disks:
                    - {name: a}
                    - {name: b, cdrom: {bus: virtio}}
                    - {name: c, disk: {bus: usb}}
                    - {name: d, cache: unsafe, io: native}
                    - {name: e}
              volumes:
                - {name: a, persistentVolumeClaim: {claimName: elsewhere}}
                - {name: b, persistentVolumeClaim: {claimName: fs-claim}}
                - {name: c, persistentVolumeClaim: {claimName: fs-claim}}
                - {name: d, persistentVolumeClaim: {claimName: fs-claim}}
                - {name: e, containerDisk: {image: not-pulled}}
              """,
              new DisksStep());
      assertThat(run.problemFields())
          .containsExactlyInAnyOrder(
              "spec.volumes[0].persistentVolumeClaim.claimName",
              "spec.domain.devices.disks[1].cdrom.bus",
              "spec.domain.devices.disks[2].disk.bus",
              "spec.domain.devices.disks[3].cache",
              "spec.domain.devices.disks[3].io",
              "spec.volumes[4].containerDisk.image");
    }
  }

  @Nested
  class Interfaces {
    @Test
    @DisplayName("masquerade on the pod network is user-mode networking with the spec's MAC")
    void masquerade() {
      var run =
          run(
              """
              domain: {devices: {interfaces: [{name: n, masquerade: {}, macAddress: "02:AB:00:00:00:01", model: e1000}]}}
              networks: [{name: n, pod: {}}]
              """,
              new InterfacesStep());
      assertThat(run.problems()).isEmpty();
      assertThat(run.domain().interfaces().get(0).toString())
          .isEqualTo(
              """
              <interface type='user'>
                <mac address='02:ab:00:00:00:01'/>
                <model type='e1000'/>
                <alias name='ua-n'/>
              </interface>
              """);
    }

    @Test
    @DisplayName(
        "bridge binding needs a host bridge for the network; masquerade needs the pod network")
    void bridge() {
      var ok =
          run(
              """
              domain: {devices: {interfaces: [{name: n, bridge: {}}]}}
              networks: [{name: n, multus: {networkName: br-net}}]
              """,
              new InterfacesStep());
      assertThat(ok.domain().interfaces().get(0).toString()).contains("<source bridge='br0'/>");
      var bad =
          run(
              """
              domain: {devices: {interfaces: [{name: a, bridge: {}}, {name: b, masquerade: {}}]}}
              networks: [{name: a, multus: {networkName: nowhere}}, {name: b, multus: {networkName: br-net}}]
              """,
              new InterfacesStep());
      assertThat(bad.problemFields())
          .containsExactlyInAnyOrder(
              "spec.domain.devices.interfaces[0].bridge",
              "spec.domain.devices.interfaces[1].masquerade");
    }

    @Test
    @DisplayName("no interfaces: one masquerade NIC, unless autoattachPodInterface is false")
    void defaultInterface() {
      assertThat(run("{}", new InterfacesStep()).domain().interfaces()).hasSize(1);
      assertThat(
              run("domain: {devices: {autoattachPodInterface: false}}", new InterfacesStep())
                  .domain()
                  .interfaces())
          .isEmpty();
    }

    @Test
    @DisplayName("bad MACs, unknown models, SR-IOV and unknown networks are errors")
    void errors() {
      var run =
          run(
              """
              domain:
                devices:
                  interfaces:
                    - {name: a, masquerade: {}, macAddress: "zz:00:00:00:00:00"}
                    - {name: b, sriov: {}}
                    - {name: c, masquerade: {}, model: igb}
              networks: [{name: a, pod: {}}, {name: b, multus: {networkName: x}}]
              """,
              new InterfacesStep());
      assertThat(run.problemFields())
          .containsExactlyInAnyOrder(
              "spec.domain.devices.interfaces[0].macAddress",
              "spec.domain.devices.interfaces[1].sriov",
              "spec.domain.devices.interfaces[2].name");
    }
  }

  @Nested
  class Devices {
    @Test
    @DisplayName(
        "serial console on a unix socket with a log; graphics, input and balloon off by default")
    void defaults() {
      var run =
          run(
              "{}",
              new SerialConsoleStep(),
              new GraphicsStep(),
              new MemBalloonStep(),
              new RngStep());
      assertThat(run.domain().serials().get(0).toString())
          .contains("<source mode='bind' path='/run/l/serial0.sock'/>")
          .contains("<log file='/run/l/serial0.log' append='on'/>");
      assertThat(run.domain().graphics()).isEmpty();
      assertThat(run.domain().inputs()).isEmpty();
      assertThat(run.domain().memballoon().toString()).isEqualTo("<memballoon model='none'/>\n");
      assertThat(run.domain().rngs()).isEmpty();
    }

    @Test
    @DisplayName("autoattachSerialConsole: false leaves the serial port out")
    void noSerial() {
      assertThat(
              run("domain: {devices: {autoattachSerialConsole: false}}", new SerialConsoleStep())
                  .domain()
                  .serials())
          .isEmpty();
    }
  }

  @Nested
  class UnsupportedFields {
    @Test
    @DisplayName(
        "fields the model does not know are errors naming their path, list indexes included")
    void unknownFields() {
      var run =
          run(
              """
              domain:
                devices:
                  disks: [{name: a, blockSize: {logical: 4096}}]
                  tpm: {}
              volumes: [{name: a, configMap: {name: cm}}]
              """,
              new SupportedFieldsStep());
      assertThat(run.problemFields())
          .containsExactlyInAnyOrder(
              "spec.domain.devices.tpm",
              "spec.domain.devices.disks[0].blockSize",
              "spec.volumes[0].configMap");
    }

    @Test
    @DisplayName("the converter throws one exception listing every problem")
    void converterThrows() {
      assertThatThrownBy(
              () -> VmiConverter.convert(vmi("domain: {devices: {watchdog: {}}}"), Vmis.tcg()))
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("spec.domain.devices.watchdog: not supported")
          .hasMessageContaining("spec.domain.memory.guest: guest memory is not set");
    }

    @Test
    @DisplayName("conversion does not modify the VMI and gives the same XML every time")
    void pureAndDeterministic() {
      var vmi = vmi("domain: {memory: {guest: 64Mi}}");
      String before = dev.convoy.api.Serialization.toJson(vmi);
      String first = VmiConverter.convert(vmi, Vmis.tcg()).xml();
      assertThat(VmiConverter.convert(vmi, Vmis.tcg()).xml()).isEqualTo(first);
      assertThat(dev.convoy.api.Serialization.toJson(vmi)).isEqualTo(before);
    }
  }
}
