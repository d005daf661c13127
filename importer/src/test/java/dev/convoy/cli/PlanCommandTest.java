package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.importer.testing.ConvoyCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  static final Path ROOT = Path.of(System.getProperty("convoy.root", ".."));
  static final String DEMO = ROOT.resolve("examples/plans/demo.yaml").toString();

  @Test
  @DisplayName("convoy plan prints the demo's two waves with a reason for every VM")
  void planTable() {
    Result result = run("plan", DEMO);
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("Plan demo: 5 VMs in 2 waves (throughput 50 MiB/s (assumed))")
        .contains("wave-01  -    3    3      3.0 MiB")
        .contains(
            "convoy-demo-guest  1      64.0 MiB     dependency: needs DC0_C0_RP0_VM0 (wave 1)");
    assertThat(result.err()).isEmpty();
  }

  @Test
  @DisplayName("convoy plan -o json and -o yaml give the same document")
  void planJsonAndYaml() throws Exception {
    Result json = run("plan", DEMO, "-o", "json");
    Result yaml = run("plan", DEMO, "-o", "yaml");
    assertThat(json.exitCode()).isZero();
    JsonNode fromJson = Serialization.json().readTree(json.out());
    JsonNode fromYaml = Serialization.yaml().readTree(yaml.out());
    assertThat(fromJson.path("waveCount").asInt()).isEqualTo(2);
    assertThat(fromJson.path("waves").get(1).path("vms").get(1).path("name").asText())
        .isEqualTo("convoy-demo-guest");
    assertThat(fromJson.path("waves").get(0).path("windowTimeZone").asText())
        .isEqualTo("Europe/Berlin");
    assertThat(fromYaml.toString()).isEqualTo(fromJson.toString());
  }

  @Test
  @DisplayName("convoy plan --report writes a self-contained HTML page")
  void planReport(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("sub/waves.html");
    Result result = run("plan", DEMO, "--report", report.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<svg");
    assertThat(result.err()).contains("wrote the report to");

    Path assessment = dir.resolve("assessment.json");
    Files.writeString(
        assessment,
        """
        {"schemaVersion": "convoy.dev/assessment/v1", "rulesVersion": 1, "vms": [
          {"id": "vm-63", "name": "DC0_C0_RP0_VM0", "sourceId": "vcsim", "worst": "Warning",
           "findings": [{"ruleId": "cdrom.detected", "severity": "Warning", "sourceId": "vcsim",
             "vmId": "vm-63", "vmName": "DC0_C0_RP0_VM0", "message": "CD/DVD drive cdrom-203 is not migrated"}]}]}
        """);
    Result assessed =
        run("plan", DEMO, "--report", report.toString(), "--assessment", assessment.toString());
    assertThat(assessed.exitCode()).as(assessed.err()).isZero();
    assertThat(Files.readString(report))
        .contains("cdrom.detected", "CD/DVD drive cdrom-203 is not migrated", "no findings");
    Files.writeString(assessment, "{\"schemaVersion\": \"other\"}");
    Result wrong =
        run("plan", DEMO, "--report", report.toString(), "--assessment", assessment.toString());
    assertThat(wrong.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(wrong.err())
        .contains("schemaVersion is 'other', expected 'convoy.dev/assessment/v1'");
  }

  @Test
  @DisplayName("an invalid plan: exit 3, every problem with file:line:column, no stack trace")
  void invalidPlan(@TempDir Path dir) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        Files.readString(Path.of(DEMO))
            .replace(
                "file: demo-inventory.yaml",
                "file: " + ROOT.resolve("examples/plans/demo-inventory.yaml"))
            .replace("maxVms: 3", "maxVMs: 3")
            .replace("dependsOn: [DC0_C0_RP0_VM0]", "dependsOn: [DC0_C0_RP0_VMO]"));
    Result result = run("plan", plan.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err())
        .startsWith("convoy: error: " + plan + ":42:9: unknown key 'maxVMs' in")
        .contains("did you mean 'maxVms'?")
        .doesNotContain("\tat ");
    Files.writeString(plan, Files.readString(plan).replace("maxVMs: 3", "maxVms: 3"));
    Result unresolved = run("plan", plan.toString());
    assertThat(unresolved.err())
        .isEqualTo(
            "convoy: error: "
                + plan
                + ":39:23: 'DC0_C0_RP0_VMO' is neither a VM of the inventory nor a move group;"
                + " did you mean 'DC0_C0_RP0_VM0'?"
                + System.lineSeparator());
  }

  @Test
  @DisplayName("a plan whose source is vCenter needs --inventory, and says so")
  void vsphereSourceNeedsInventory(@TempDir Path dir) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        """
        apiVersion: convoy.dev/v1alpha1
        kind: MigrationPlan
        metadata: {name: p}
        spec:
          source:
            provider:
              vsphere:
                url: https://vc.example.com/sdk
                credentialsSecretRef: {name: vc}
          target: {namespace: apps}
        """);
    Result result = run("plan", plan.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains("pass --inventory inventory.yaml");
    Result withInventory =
        run(
            "plan",
            plan.toString(),
            "--inventory",
            ROOT.resolve("examples/plans/demo-inventory.yaml").toString());
    assertThat(withInventory.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(withInventory.err())
        .contains("datastore 'LocalDS_0' of 4 selected VMs")
        .contains("network 'DC0_DVPG0' of 4 selected VMs")
        .contains("network 'VM Network' of 1 selected VM (convoy-demo-guest)");
  }

  @Test
  @DisplayName(
      "convoy generate writes one folder per wave, replaces its own output, refuses others'")
  void generate(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("manifests");
    Result result = run("generate", DEMO, "--out", out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("Wrote 7 files for 5 VMs in 2 waves");
    assertThat(out.resolve("wave-01/kustomization.yaml")).exists();
    assertThat(out.resolve("wave-02/convoy-demo-guest.yaml"))
        .content()
        .contains("kind: VirtualMachine");
    Result cdi = run("generate", DEMO, "--out", out.toString(), "--disks=cdi");
    assertThat(cdi.exitCode()).isZero();
    assertThat(out.resolve("wave-02/convoy-demo-guest.yaml"))
        .content()
        .contains("kind: DataVolume");
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("manifests");
    }

    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    Result refused = run("generate", DEMO, "--out", foreign.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(refused.err()).contains("is not empty and was not written by convoy generate");
    assertThat(foreign.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  @DisplayName(
      "convoy generate refuses a plan that breaks a hard constraint: exit 5, nothing written")
  void generateBlocked(@TempDir Path dir) throws Exception {
    Path plan = dir.resolve("plan.yaml");
    Files.writeString(
        plan,
        Files.readString(Path.of(DEMO))
            .replace(
                "file: demo-inventory.yaml",
                "file: " + ROOT.resolve("examples/plans/demo-inventory.yaml"))
            .replace("maxVms: 3", "maxVms: 1"));
    Path out = dir.resolve("out");
    Result result = run("generate", plan.toString(), "--out", out.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.BLOCKED);
    assertThat(result.err())
        .contains("nothing was written")
        .contains(
            "error [cap]: VMs that must move together (DC0_H0_VM0 (+1 moving with it)) have 2 VMs");
    assertThat(out).doesNotExist();
    assertThat(run("plan", plan.toString()).exitCode()).isEqualTo(ExitCodes.BLOCKED);
  }

  @Test
  @DisplayName("a missing plan, a broken inventory, a missing --out: clear errors, no stack traces")
  void badFilesAndArguments(@TempDir Path dir) throws Exception {
    Result missing = run("plan", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(missing.err()).contains("nope.yaml does not exist").doesNotContain("\tat ");
    Path inventory = dir.resolve("inventory.yaml");
    Files.writeString(
        inventory, "schemaVersion: convoy.dev/inventory/v1\nvms: [{id: a, nam: b}]\n");
    Result broken = run("plan", DEMO, "--inventory", inventory.toString());
    assertThat(broken.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(broken.err()).contains(inventory.toString()).contains("nam").doesNotContain("\tat ");
    Result usage = run("generate", DEMO);
    assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.err()).contains("--out");
  }
}
