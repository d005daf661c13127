package dev.convoy.importer.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vmware.vim25.ManagedObjectReference;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.vsphere.VsphereOperations.PowerState;
import dev.convoy.importer.vsphere.VsphereOperations.ShutdownKind;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Power operations and datastore transfers against vcsim: a cold cutover's shutdown, a rollback's
 * power-on, and a VMDK uploaded as a VM's disk and read back in ranges through {@code /folder}.
 */
class VsphereOperationsTest {
  static VcsimServer vcsim;
  static VsphereSession session;
  static VsphereOperations operations;
  static Inventory inventory;

  @BeforeAll
  static void start() throws Exception {
    vcsim = VcsimServer.start();
    session = vcsim.login();
    operations = VsphereSessionOperations.over(session);
    inventory =
        new VsphereCollector(500)
            .collect(session, "vc", new VsphereCollector.Listener() {})
            .inventory();
  }

  @AfterAll
  static void stop() {
    if (operations != null) {
      operations.close();
    }
    if (session != null) {
      session.close();
    }
    if (vcsim != null) {
      vcsim.close();
    }
  }

  @Test
  void shutdownPowersOffGracefullyAndPowerOnRestores() throws Exception {
    String vm = VcsimScenario.vm(inventory, "DC0_H0_VM0").id();
    assertThat(operations.powerState(vm)).isEqualTo(PowerState.POWERED_ON);

    var first = operations.shutdown(vm, Duration.ofSeconds(30));
    assertThat(first.kind()).isEqualTo(ShutdownKind.GRACEFUL);
    assertThat(operations.powerState(vm)).isEqualTo(PowerState.POWERED_OFF);

    var again = operations.shutdown(vm, Duration.ofSeconds(30));
    assertThat(again.kind()).isEqualTo(ShutdownKind.ALREADY_OFF);

    operations.powerOn(vm);
    assertThat(operations.powerState(vm)).isEqualTo(PowerState.POWERED_ON);
    operations.powerOn(vm); // idempotent: a rollback may repeat after a restart
    assertThat(operations.powerState(vm)).isEqualTo(PowerState.POWERED_ON);
  }

  @Test
  void suspendedVmIsPoweredOffWithAReason() throws Exception {
    String vm = VcsimScenario.vm(inventory, "DC0_H0_VM1").id();
    ManagedObjectReference ref = new ManagedObjectReference();
    ref.type = "VirtualMachine";
    ref.val = vm;
    VsphereTasks.await(
        session,
        session.call("SuspendVM_Task", () -> session.port().suspendVM_Task(ref)),
        Duration.ofSeconds(30));
    assertThat(operations.powerState(vm)).isEqualTo(PowerState.SUSPENDED);

    var outcome = operations.shutdown(vm, Duration.ofSeconds(5));
    assertThat(outcome.kind()).isEqualTo(ShutdownKind.FORCED);
    assertThat(outcome.reason()).contains("suspended");
    assertThat(operations.powerState(vm)).isEqualTo(PowerState.POWERED_OFF);
    operations.powerOn(vm);
  }

  @Test
  void unknownVmIsNamed() {
    assertThatThrownBy(() -> operations.powerState("vm-does-not-exist"))
        .isInstanceOf(VsphereException.class)
        .hasMessageContaining("vm-does-not-exist");
  }

  @Test
  void uploadedDiskIsReadBackInRangesWithTheSessionCookie() throws Exception {
    Path guest = guestDisk();
    Vm vm = VcsimScenario.vm(inventory, "DC0_C0_RP0_VM0");
    Disk disk = vm.disks().get(0);
    DatastoreFile file = DatastoreFile.parse(vm.datacenter(), disk.fileName());
    assertThat(operations.url(file).toString())
        .startsWith("https://127.0.0.1:" + vcsim.port() + "/folder/")
        .contains("?dcPath=" + vm.datacenter())
        .contains("&dsName=" + disk.datastore());
    assertThat(operations.httpHeaders().get("Cookie")).startsWith("vmware_soap_session=");
    // vcsim's disks are 0-byte placeholders until something real is put there
    assertThat(operations.size(file)).isZero();

    operations.upload(guest, file);

    byte[] expected = Files.readAllBytes(guest);
    assertThat(operations.size(file)).isEqualTo(expected.length);
    long offset = expected.length / 2 + 7;
    try (InputStream in = operations.read(file, offset, 4096)) {
      assertThat(in.readAllBytes())
          .isEqualTo(Arrays.copyOfRange(expected, (int) offset, (int) offset + 4096));
    }
    try (InputStream in = operations.read(file, 0, expected.length)) {
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
  }

  @Test
  void missingFileIsAClearError() {
    Vm vm = VcsimScenario.vm(inventory, "DC0_H0_VM0");
    DatastoreFile missing =
        DatastoreFile.parse(vm.datacenter(), "[" + vm.disks().get(0).datastore() + "] nope/x.vmdk");
    assertThatThrownBy(() -> operations.size(missing))
        .isInstanceOf(VsphereException.class)
        .hasMessageContaining("nope/x.vmdk")
        .hasMessageContaining("404");
    assertThatThrownBy(() -> DatastoreFile.parse("DC0", "no-brackets.vmdk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-brackets.vmdk");
    assertThatThrownBy(() -> DatastoreFile.parse("DC0", "[ds] ../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("..");
  }

  static Path guestDisk() {
    String root = System.getProperty("convoy.root", "..");
    Path disk = Path.of(root, "build/guest/disk-stream.vmdk");
    if (!Files.isRegularFile(disk)) {
      throw new IllegalStateException(
          disk + " is missing: build the demo guest (examples/guest/build-guest.sh)");
    }
    return disk;
  }
}
