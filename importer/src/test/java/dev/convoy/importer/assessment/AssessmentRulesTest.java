package dev.convoy.importer.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.inventory.Cluster;
import dev.convoy.api.inventory.Disk;
import dev.convoy.api.inventory.DiskController;
import dev.convoy.api.inventory.GuestInfo;
import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventorySource;
import dev.convoy.api.inventory.PowerState;
import dev.convoy.api.inventory.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules on conditions vcsim cannot model, as pure functions of hand-built inventories. */
class AssessmentRulesTest {

  static Disk.Builder disk() {
    return Disk.builder()
        .key(2000)
        .label("Hard disk 1")
        .capacityBytes(10L << 30)
        .datastore("ds1")
        .fileName("[ds1] vm/vm.vmdk")
        .backing(Disk.Backing.FLAT)
        .diskMode("persistent")
        .controller(new DiskController(1000, DiskController.Type.PVSCSI, 0, "noSharing"))
        .changeTrackingEnabled(true);
  }

  /** A VM that passes every rule. */
  static Vm.Builder clean() {
    return Vm.builder()
        .id("vm-1")
        .sourceId("vc")
        .name("clean-vm")
        .powerState(PowerState.POWERED_ON)
        .guestId("rhel9_64Guest")
        .changeTrackingEnabled(true)
        .disks(List.of(disk().build()))
        .guest(new GuestInfo("clean.example.com", "10.0.0.1", null, null, null, null, null, null));
  }

  static List<String> findings(Vm vm, List<Cluster> clusters, Target target) {
    Inventory inventory =
        new Inventory(
            Inventory.SCHEMA_VERSION,
            "now",
            List.of(
                new InventorySource(
                    "vc", InventorySource.Kind.VSPHERE, "vsphere://vc", null, null, null, null)),
            null,
            clusters,
            null,
            null,
            null,
            List.of(vm),
            null);
    return new Assessor()
        .assess(inventory, target).vms().get(0).findings().stream()
            .map(f -> f.severity().label() + " " + f.ruleId())
            .toList();
  }

  static List<String> findings(Vm vm) {
    return findings(vm, List.of(), Target.unknown());
  }

  @Test
  void aCleanVmHasNoFindings() {
    assertThat(findings(clean().build())).isEmpty();
  }

  @Test
  void diskConditions() {
    Vm vm =
        clean()
            .disks(
                List.of(
                    disk().backing(Disk.Backing.RDM).rdmCompatibilityMode("physicalMode").build(),
                    disk().key(2001).capacityBytes(0L).build(),
                    disk().key(2002).datastore(null).build(),
                    disk()
                        .key(2003)
                        .controller(
                            new DiskController(
                                1001, DiskController.Type.LSILOGIC, 1, "physicalSharing"))
                        .build(),
                    disk()
                        .key(2004)
                        .controller(new DiskController(1002, DiskController.Type.NVME, 0, null))
                        .build(),
                    disk().key(2005).changeTrackingEnabled(false).build()))
            .build();
    assertThat(findings(vm))
        .containsExactlyInAnyOrder(
            "Critical disk.capacity.invalid",
            "Critical datastore.missing",
            "Warning disk.rdm.detected",
            "Warning disk.shared.detected",
            "Warning disk.nvme.detected",
            "Warning changed_block_tracking.disabled");
  }

  @Test
  void vmConditionsVcsimCannotModel() {
    Vm vm =
        clean()
            .consolidationNeeded(true)
            .faultToleranceRole("primary")
            .template(true)
            .nestedHvEnabled(true)
            .guest(new GuestInfo("localhost", "10.0.0.1", null, null, null, null, null, null))
            .build();
    assertThat(findings(vm))
        .containsExactlyInAnyOrder(
            "Warning consolidation_needed",
            "Warning vm.template",
            "Warning hostname.empty",
            "Info fault_tolerance.enabled",
            "Info nested_virtualization.enabled");
    assertThat(findings(clean().powerState(PowerState.SUSPENDED).guest(null).build()))
        .contains("Warning vm.suspended", "Warning vm_missing_ip.detected");
  }

  @Test
  void clusterSettingsAndAntiAffinity() {
    Vm vm = clean().cluster("C1").datacenter("DC").build();
    Cluster cluster =
        new Cluster(
            "domain-c1",
            "vc",
            "C1",
            "DC",
            "/DC/host/C1",
            null,
            true,
            "fullyAutomated",
            true,
            true,
            List.of(
                new Cluster.Rule(
                    "keep-off",
                    Cluster.RuleKind.VM_HOST_ANTI_AFFINITY,
                    true,
                    false,
                    List.of("vm-1"),
                    List.of("host-9")),
                new Cluster.Rule(
                    "disabled",
                    Cluster.RuleKind.VM_HOST_AFFINITY,
                    false,
                    true,
                    List.of("vm-1"),
                    List.of("host-9"))));
    assertThat(findings(vm, List.of(cluster), Target.unknown()))
        .containsExactlyInAnyOrder(
            "Warning host_affinity.detected", "Info drs.enabled", "Info dpm.enabled");
  }

  @Test
  void coldMigrationIgnoresChangedBlockTrackingAndDiskLimitsFollowTheTarget() {
    Vm vm =
        clean()
            .changeTrackingEnabled(false)
            .disks(List.of(disk().build(), disk().key(2001).build()))
            .build();
    assertThat(findings(vm)).containsExactly("Warning changed_block_tracking.disabled");
    Target cold = new Target(null, null, null, null, false, 1);
    assertThat(findings(vm, List.of(), cold)).containsExactly("Warning disk.count.exceeds.limit");
  }

  @Test
  void supportedOperatingSystems() {
    assertThat(AssessmentRules.supportedOs("rhel8_64Guest")).isTrue();
    assertThat(AssessmentRules.supportedOs("windows2019srv_64Guest")).isTrue();
    assertThat(AssessmentRules.supportedOs("windows9_64Guest")).isTrue();
    assertThat(AssessmentRules.supportedOs("rhel5_64Guest")).isFalse();
    assertThat(AssessmentRules.supportedOs("winNetStandardGuest")).isFalse();
    assertThat(AssessmentRules.supportedOs("otherGuest")).isFalse();
    assertThat(AssessmentRules.validName("web-01")).isTrue();
    assertThat(AssessmentRules.validName("Web_01")).isFalse();
    assertThat(AssessmentRules.validName("a".repeat(64))).isFalse();
  }

  @Test
  void theStorageClassMustExist() {
    Target target =
        new Target(
            "ns", "gold", List.of(new Target.StorageClass("silver", null)), null, null, null);
    Inventory inventory =
        new Inventory(
            Inventory.SCHEMA_VERSION,
            "now",
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(clean().build()),
            null);
    AssessmentReport report = new Assessor().assess(inventory, target);
    assertThat(report.targetFindings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("target.storage_class.missing");
              assertThat(f.message()).contains("'gold'").contains("silver");
            });
    assertThat(report.hasAtLeast(Severity.CRITICAL)).isTrue();
  }

  @Test
  void docsAssessmentMdDocumentsEveryRule() throws Exception {
    Path doc = Path.of(System.getProperty("convoy.root", "..")).resolve("docs/assessment.md");
    String text = Files.readString(doc);
    for (Rule rule : AssessmentRules.all()) {
      assertThat(text)
          .as("docs/assessment.md documents " + rule.id())
          .contains("`" + rule.id() + "`")
          .contains(rule.severity().label());
    }
    for (String id : AssessmentRules.TARGET_RULE_IDS) {
      assertThat(text).contains("`" + id + "`");
    }
  }
}
