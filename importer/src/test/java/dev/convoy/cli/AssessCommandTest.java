package dev.convoy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.importer.testing.ConvoyCli;
import dev.convoy.importer.vsphere.VcsimScenario;
import dev.convoy.importer.vsphere.VcsimServer;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convoy assess} on a vcsim inventory in which {@link VcsimScenario} created, through the
 * vSphere API, every flagged condition vcsim can model.
 */
class AssessCommandTest {
  static VcsimServer vcsim;
  @TempDir static Path dir;
  static Path password;
  static JsonNode report;
  static ConvoyCli.Result assessed;

  @BeforeAll
  static void prepare() throws Exception {
    vcsim = VcsimServer.start();
    try (VsphereSession session = vcsim.login()) {
      VcsimScenario.apply(
          session,
          new VsphereCollector(1000)
              .collect(session, "vc", new VsphereCollector.Listener() {})
              .inventory());
    }
    password = Files.writeString(dir.resolve("pw"), VcsimServer.PASSWORD);
    assessed =
        ConvoyCli.run(
            "assess",
            vcsim.url(),
            "--thumbprint",
            vcsim.thumbprintSha256(),
            "--password-file",
            password.toString(),
            "-o",
            "json");
    report = new ObjectMapper().readTree(assessed.out());
  }

  @AfterAll
  static void stop() {
    vcsim.close();
  }

  private static List<String> rules(String vm) {
    List<String> ids = new ArrayList<>();
    for (JsonNode v : report.get("vms")) {
      if (v.get("name").asText().equals(vm)) {
        v.get("findings")
            .forEach(f -> ids.add(f.get("severity").asText() + " " + f.get("ruleId").asText()));
      }
    }
    return ids;
  }

  @Test
  void criticalFindingsBlockWithExitCode5() {
    assertThat(assessed.exitCode()).as(assessed.err()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(assessed.err()).contains("1 VM(s) have Critical findings");
    assertThat(report.get("schemaVersion").asText()).isEqualTo("convoy.dev/assessment/v1");
    assertThat(report.get("summary").get("vms").asInt()).isEqualTo(4);
    assertThat(report.get("summary").get("vmsBlocked").asInt()).isEqualTo(1);
  }

  @Test
  void theReconfiguredVmShowsEveryConditionItWasGiven() {
    assertThat(rules(VcsimScenario.HEAVY))
        .containsExactlyInAnyOrder(
            "Critical passthrough_device.detected",
            "Warning disk.shared.detected",
            "Warning disk_mode.independent",
            "Warning cpu_affinity.detected",
            "Warning numa_affinity.detected",
            "Warning cpu_memory.hotplug.enabled",
            "Warning device.sriov.detected",
            "Warning usb_controller.detected",
            "Warning tpm.detected",
            "Warning os.unsupported",
            "Warning vm.name.invalid",
            "Info snapshot.detected",
            "Info firmware.efi",
            "Info secure_boot.enabled",
            "Info serial_port.detected");
    JsonNode first =
        report.get("vms").findValues("findings").stream()
            .flatMap(f -> java.util.stream.StreamSupport.stream(f.spliterator(), false))
            .filter(f -> f.get("ruleId").asText().equals("vm.name.invalid"))
            .filter(f -> f.get("vmName").asText().equals(VcsimScenario.HEAVY))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("message").asText()).contains("will be named 'db01-finance'");
    assertThat(first.get("remediation").asText()).isNotBlank();
  }

  @Test
  void clusterRulesManyDisksAndUntouchedVms() {
    assertThat(rules(VcsimScenario.PINNED))
        .contains(
            "Warning host_affinity.detected",
            "Info drs.enabled",
            "Warning changed_block_tracking.disabled",
            "Warning vm_missing_ip.detected",
            "Warning hostname.empty");
    assertThat(rules(VcsimScenario.MANY_DISKS)).contains("Warning disk.count.exceeds.limit");
    assertThat(rules(VcsimScenario.CLEAN))
        .containsExactlyInAnyOrder(
            "Warning changed_block_tracking.disabled",
            "Warning os.unsupported",
            "Warning vm.name.invalid",
            "Warning vm_missing_ip.detected",
            "Warning hostname.empty");
  }

  @Test
  void aSavedInventoryAssessesLikeTheLiveSourceAndHtmlIsEscaped() throws Exception {
    Path saved = dir.resolve("inv.json");
    ConvoyCli.Result inventory =
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
            saved.toString());
    assertThat(inventory.exitCode()).as(inventory.err()).isZero();
    ConvoyCli.Result offline =
        ConvoyCli.run("assess", saved.toString(), "-o", "json", "--fail-on", "never");
    assertThat(offline.exitCode()).isZero();
    JsonNode again = new ObjectMapper().readTree(offline.out());
    assertThat(again.get("summary")).isEqualTo(report.get("summary"));
    Path html = dir.resolve("report.html");
    ConvoyCli.Result page =
        ConvoyCli.run("assess", saved.toString(), "-o", "html", "--out", html.toString());
    assertThat(page.exitCode()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(Files.readString(html))
        .startsWith("<!DOCTYPE html>")
        .contains("<code>passthrough_device.detected</code>")
        .contains("&#39;DB01_Finance&#39; is not an RFC 1123 name");
  }

  @Test
  void targetChecksUseTheTargetFile() throws Exception {
    Path target =
        Files.writeString(
            dir.resolve("target.yaml"),
            String.join(
                "\n",
                "namespace: finance",
                "storageClass: fast",
                "storageClasses:",
                "- name: fast",
                "  availableBytes: 1073741824",
                "- name: slow",
                "quotaBytes: 536870912",
                "warm: false",
                ""));
    ConvoyCli.Result result =
        ConvoyCli.run(
            "assess",
            vcsim.url(),
            "--thumbprint",
            vcsim.thumbprintSha256(),
            "--password-file",
            password.toString(),
            "--target",
            target.toString());
    assertThat(result.out())
        .containsPattern(
            "\\(target\\)\\s+Critical\\s+target.capacity.insufficient\\s+the disks need")
        .containsPattern(
            "\\(target\\)\\s+Critical\\s+target.quota.insufficient\\s+.*namespace 'finance'")
        .contains("target.disk.too_large")
        .doesNotContain("changed_block_tracking.disabled"); // cold migration: CBT not needed
    Path wrong = Files.writeString(dir.resolve("bad-target.yaml"), "storageClas: fast\n");
    ConvoyCli.Result bad =
        ConvoyCli.run("assess", dir.resolve("inv.json").toString(), "--target", wrong.toString());
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(bad.err())
        .contains("bad-target.yaml:1:1: unknown field 'storageClas'")
        .contains("known keys");
  }
}
