package dev.convoy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.testing.ConvoyCli;
import dev.convoy.importer.vsphere.VcsimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 10 clusters × 100 VMs: every VM arrives with its disk and NIC, in constant round trips. */
class LargeInventoryTest {

  @Test
  void aThousandVmsArriveCompleteInThreeRoundTrips(@TempDir Path dir) throws Exception {
    try (VcsimServer vcsim =
        VcsimServer.start("-cluster", "10", "-vm", "100", "-standalone-host", "0")) {
      Path password = Files.writeString(dir.resolve("pw"), VcsimServer.PASSWORD);
      Path out = dir.resolve("inventory.json");
      ConvoyCli.Result result =
          ConvoyCli.run(
              "inventory",
              vcsim.url(),
              "--thumbprint",
              vcsim.thumbprintSha256(),
              "--password-file",
              password.toString(),
              "-o",
              "json",
              "--out",
              out.toString());
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.err()).contains("1000 VMs").contains("(3 SOAP round trips, 1 page)");
      Inventory inventory = InventoryCodec.read(out);
      assertThat(inventory.vms()).hasSize(1000);
      assertThat(inventory.clusters()).hasSize(10);
      assertThat(inventory.hosts()).hasSize(30);
      assertThat(inventory.vms())
          .allSatisfy(
              vm -> {
                assertThat(vm.disks()).hasSize(1);
                assertThat(vm.disks().get(0).capacityBytes()).isEqualTo(1L << 20);
                assertThat(vm.nics()).hasSize(1);
                assertThat(vm.nics().get(0).macAddress()).isNotBlank();
                assertThat(vm.cluster()).startsWith("DC0_C");
              });
      assertThat(inventory.vms().stream().map(v -> v.biosUuid()).distinct().count())
          .isEqualTo(1000);
    }
  }
}
