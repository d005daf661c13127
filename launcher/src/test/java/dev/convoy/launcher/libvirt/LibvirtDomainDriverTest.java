package dev.convoy.launcher.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The libvirt edge against real libvirtd + QEMU (TCG), with a diskless 32 MiB domain. */
class LibvirtDomainDriverTest {
  static final String URI = "qemu:///system";
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static LibvirtDomainDriver driver;
  private final String name = "convoy-test-driver-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() {
    driver = LibvirtDomainDriver.connect(URI);
  }

  @AfterAll
  static void close() {
    driver.close();
  }

  @AfterEach
  void cleanUp() {
    driver
        .info(name)
        .ifPresent(
            info -> {
              if (info.state().active()) {
                driver.destroy(name);
              }
              driver.undefine(name);
            });
  }

  static String tinyDomain(String name) {
    return """
        <domain type='qemu'>
          <name>%s</name>
          <memory unit='MiB'>32</memory>
          <vcpu>1</vcpu>
          <os><type arch='x86_64' machine='q35'>hvm</type></os>
          <features><acpi/></features>
          <devices>
            <controller type='usb' model='none'/>
            <memballoon model='none'/>
          </devices>
        </domain>
        """
        .formatted(name);
  }

  @Test
  @DisplayName("define, start paused, resume, pause, destroy, undefine: states, reasons and events")
  void lifecycle() {
    driver.addLifecycleListener(
        e -> {
          if (e.domainName().equals(name)) {
            events.add(e);
          }
        });
    assertThat(driver.info(name)).isEmpty();

    driver.define(tinyDomain(name));
    DomainInfo defined = driver.info(name).orElseThrow();
    assertThat(defined.state()).isEqualTo(DomainState.SHUTOFF);
    assertThat(defined.uuid()).matches("[0-9a-f-]{36}");

    driver.start(name, true);
    assertThat(driver.info(name).orElseThrow().state()).isEqualTo(DomainState.PAUSED);
    driver.resume(name);
    assertThat(driver.info(name).orElseThrow())
        .extracting(DomainInfo::state, DomainInfo::reason)
        .containsExactly(DomainState.RUNNING, "Unpaused");
    driver.pause(name);
    assertThat(driver.info(name).orElseThrow())
        .extracting(DomainInfo::state, DomainInfo::reason)
        .containsExactly(DomainState.PAUSED, "User");
    driver.destroy(name);
    assertThat(driver.info(name).orElseThrow())
        .extracting(DomainInfo::state, DomainInfo::reason)
        .containsExactly(DomainState.SHUTOFF, "Destroyed");
    driver.undefine(name);
    assertThat(driver.info(name)).isEmpty();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events)
                    .extracting(LifecycleEvent::type)
                    .containsSubsequence(
                        "Defined", "Started", "Resumed", "Suspended", "Stopped", "Undefined"));
    assertThat(events).contains(new LifecycleEvent(name, "Stopped", "Destroyed"));
  }

  @Test
  @DisplayName("libvirt itself accepts every golden domain XML (define, then undefine)")
  void goldenXmlDefines() throws Exception {
    java.nio.file.Path golden =
        java.nio.file.Path.of(
            System.getProperty("convoy.root"), "launcher/src/test/resources/golden");
    List<java.nio.file.Path> files;
    try (var walk = java.nio.file.Files.walk(golden)) {
      files = walk.filter(f -> f.toString().endsWith(".xml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (java.nio.file.Path file : files) {
      String xml =
          java.nio.file.Files.readString(file)
              .replaceFirst("<name>[^<]*</name>", "<name>" + name + "</name>");
      try {
        driver.define(xml);
      } catch (LibvirtFailure e) {
        throw new AssertionError(file + ": " + e.getMessage(), e);
      }
      driver.undefine(name);
    }
  }

  @Test
  @DisplayName("calls on a missing domain fail with a message naming it")
  void missingDomain() {
    assertThatThrownBy(() -> driver.destroy(name))
        .isInstanceOf(LibvirtFailure.class)
        .hasMessage("cannot destroy domain " + name + ": no such domain");
    assertThatThrownBy(() -> driver.shutdown(name))
        .hasMessage("cannot shut down (ACPI) domain " + name + ": no such domain");
  }

  @Test
  @DisplayName("invalid XML is refused with libvirt's reason")
  void invalidXml() {
    assertThatThrownBy(() -> driver.define("<domain type='qemu'><name>x</name></domain>"))
        .isInstanceOf(LibvirtFailure.class)
        .hasMessageStartingWith("cannot define the domain: ");
  }
}
