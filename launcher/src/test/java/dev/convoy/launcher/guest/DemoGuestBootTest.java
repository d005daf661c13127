package dev.convoy.launcher.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

/**
 * Boots the demo guest's raw disk under real libvirtd + QEMU (TCG), checks what it reports on its
 * serial console against the build and the domain's configuration, and checks that an ACPI shutdown
 * powers it off by itself.
 */
class DemoGuestBootTest {

  private static final String LIBVIRT_URI = "qemu:///system";
  private static final String DOMAIN_PREFIX = "convoy-test-guestboot-";
  // TCG on 2 shared cores: the guest needs ~5-10 s alone, much more when other builds run.
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration POWEROFF_TIMEOUT = Duration.ofSeconds(60);

  /** Disk bus and NIC model combinations the guest is booted with. */
  enum Hardware {
    VIRTIO("virtio", "vda", "virtio", "52:54:00:c0:01:01"),
    SATA_E1000E("sata", "sda", "e1000e", "52:54:00:c0:01:02");

    final String diskBus;
    final String diskName;
    final String nicModel;
    final String mac;

    Hardware(String diskBus, String diskName, String nicModel, String mac) {
      this.diskBus = diskBus;
      this.diskName = diskName;
      this.nicModel = nicModel;
      this.mac = mac;
    }
  }

  private static Connect libvirt;
  private static DemoGuest guest;

  private final List<String> startedDomains = new ArrayList<>();

  @TempDir Path workDir;

  @BeforeAll
  static void connect() {
    guest = DemoGuest.fromBuild();
    try {
      libvirt = new Connect(LIBVIRT_URI);
    } catch (LibvirtException e) {
      throw new IllegalStateException(
          "libvirtd does not answer on "
              + LIBVIRT_URI
              + " ("
              + e.getMessage()
              + "): run scripts/setup, which starts libvirtd and virtlogd",
          e);
    }
  }

  @AfterAll
  static void disconnect() throws LibvirtException {
    if (libvirt != null) {
      libvirt.close();
    }
  }

  @AfterEach
  void removeDomains() throws LibvirtException {
    for (String name : startedDomains) {
      Optional<Domain> domain = lookup(name);
      if (domain.isEmpty()) {
        continue;
      }
      Domain d = domain.get();
      try {
        if (d.isActive() == 1) {
          d.destroy();
        }
        if (d.isPersistent() == 1) {
          d.undefine();
        }
      } catch (LibvirtException e) {
        if (!isNoDomain(e)) {
          throw e;
        }
      } finally {
        d.free();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Hardware.class)
  void bootsReportsItsDataAndMacAndPowersOffOnAcpiShutdown(Hardware hardware) throws Exception {
    Path disk = copyDiskReadableByQemu();
    Path serialLog = workDir.resolve("serial.log");
    String name = DOMAIN_PREFIX + hardware.name().toLowerCase() + "-" + shortId();

    startedDomains.add(name);
    long started = System.nanoTime();
    Domain domain = libvirt.domainCreateXML(domainXml(name, disk, serialLog, hardware), 0);
    double createSeconds = (System.nanoTime() - started) / 1e9;

    String console =
        await("CONVOY-GUEST-READY on the serial console of " + name)
            .atMost(READY_TIMEOUT)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> read(serialLog),
                text ->
                    GuestConsole.ready(text).isPresent() || GuestConsole.error(text).isPresent());
    double bootSeconds = (System.nanoTime() - started) / 1e9;

    assertThat(GuestConsole.error(console)).as("guest error line in:%n%s", console).isEmpty();
    assertThat(console).as("guest warnings").doesNotContain("CONVOY-GUEST-WARN");
    GuestConsole.Ready ready = GuestConsole.ready(console).orElseThrow();
    assertThat(ready.diskSha256())
        .as("SHA-256 of the data region the guest read from its disk")
        .isEqualTo(guest.dataSha256());
    assertThat(ready.mac()).as("MAC of the guest's first NIC").isEqualTo(hardware.mac);
    assertThat(ready.disk()).as("boot disk").isEqualTo(hardware.diskName);
    System.out.printf(
        "%s: READY %.1f s after domainCreateXML was called (which took %.1f s), at %.1f s guest"
            + " uptime%n",
        hardware, bootSeconds, createSeconds, ready.uptimeSeconds());

    domain.shutdown();
    await("guest " + name + " to power off after an ACPI shutdown")
        .atMost(POWEROFF_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> isOff(name));
    assertThat(read(serialLog))
        .as("the guest's own power-off line")
        .contains("CONVOY-GUEST-POWEROFF");
    domain.free();
  }

  static String domainXml(String name, Path disk, Path serialLog, Hardware hardware) {
    return """
        <domain type='qemu'>
          <name>%s</name>
          <memory unit='MiB'>256</memory>
          <vcpu>1</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <boot dev='hd'/>
          </os>
          <features>
            <acpi/>
          </features>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>destroy</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <disk type='file' device='disk'>
              <driver name='qemu' type='raw'/>
              <source file='%s'/>
              <target dev='%s' bus='%s'/>
            </disk>
            <interface type='user'>
              <mac address='%s'/>
              <model type='%s'/>
            </interface>
            <serial type='file'>
              <source path='%s'/>
              <target port='0'/>
            </serial>
            <video>
              <model type='none'/>
            </video>
            <memballoon model='none'/>
          </devices>
        </domain>
        """
        .formatted(
            name,
            disk,
            hardware.diskName,
            hardware.diskBus,
            hardware.mac,
            hardware.nicModel,
            serialLog);
  }

  /** QEMU runs as libvirt-qemu: it must be able to reach the copy through every directory. */
  private Path copyDiskReadableByQemu() throws IOException {
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path disk = workDir.resolve("disk.raw");
    Files.copy(guest.rawDisk(), disk);
    Files.setPosixFilePermissions(disk, PosixFilePermissions.fromString("rw-r--r--"));
    return disk;
  }

  private static boolean isOff(String name) throws LibvirtException {
    Optional<Domain> domain = lookup(name);
    if (domain.isEmpty()) {
      return true;
    }
    try {
      return domain.get().getInfo().state == DomainState.VIR_DOMAIN_SHUTOFF;
    } catch (LibvirtException e) {
      // A transient domain vanishes the moment QEMU exits, possibly between lookup and getInfo.
      if (isNoDomain(e)) {
        return true;
      }
      throw e;
    } finally {
      domain.get().free();
    }
  }

  private static Optional<Domain> lookup(String name) throws LibvirtException {
    try {
      return Optional.of(libvirt.domainLookupByName(name));
    } catch (LibvirtException e) {
      if (isNoDomain(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean isNoDomain(LibvirtException e) {
    return e.getError() != null && e.getError().getCode() == ErrorNumber.VIR_ERR_NO_DOMAIN;
  }

  private static String read(Path serialLog) {
    try {
      return Files.exists(serialLog) ? Files.readString(serialLog) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
