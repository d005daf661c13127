package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.importer.testing.ConvoyCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convoy vmi domxml}: the launcher's golden cases through the CLI. */
class VmiDomxmlCommandTest {
  @TempDir Path dir;

  static Path launcherResources() {
    return Path.of(System.getProperty("convoy.root"), "launcher/src/test/resources");
  }

  @Test
  @DisplayName("prints exactly the launcher's golden domain XML for a VMI manifest")
  void printsGoldenXml() throws IOException {
    Result result =
        run(
            "vmi",
            "domxml",
            "--accelerator",
            "tcg",
            launcherResources().resolve("vmi/demo-guest.yaml").toString());
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(Files.readString(launcherResources().resolve("golden/convoy/demo-guest.xml")));
  }

  @Test
  @DisplayName(
      "a VirtualMachine manifest gives its template's domain; bridges and block claims are options")
  void virtualMachineAndOptions() throws IOException {
    Result vm =
        run(
            "vmi",
            "domxml",
            "--accelerator",
            "tcg",
            launcherResources().resolve("vmi/vm-template.yaml").toString());
    assertThat(vm.exitCode()).isZero();
    assertThat(vm.out()).contains("<name>shop_web01</name>");

    Path manifest =
        Files.writeString(
            dir.resolve("vmi.yaml"),
            """
            apiVersion: kubevirt.io/v1
            kind: VirtualMachineInstance
            metadata: {name: db, namespace: prod}
            spec:
              domain:
                memory: {guest: 1Gi}
                devices:
                  interfaces: [{name: lan, bridge: {}}]
              networks: [{name: lan, multus: {networkName: vlan-7}}]
              volumes: [{name: data, persistentVolumeClaim: {claimName: db-data}}]
            """);
    Result result =
        run(
            "vmi",
            "domxml",
            "--accelerator",
            "kvm",
            "--block-claim",
            "db-data",
            "--bridge",
            "vlan-7=br7",
            manifest.toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("<domain type='kvm'>")
        .contains("<cpu mode='host-model'>")
        .contains("<source dev='/dev/data'/>")
        .contains("<source bridge='br7'/>");
  }

  @Test
  @DisplayName("unsupported features: exit 3, one error naming every field, nothing on stdout")
  void unsupportedFeature() {
    Result result =
        run(
            "vmi",
            "domxml",
            "--accelerator",
            "tcg",
            launcherResources().resolve("vmi/unsupported.yaml").toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("convoy: error: ")
        .contains("spec.domain.devices.gpus: not supported by the Convoy launcher")
        .contains("spec.domain.devices.interfaces[0].sriov")
        .doesNotContain("at dev.convoy");
  }

  @Test
  @DisplayName("a missing file, bad YAML or another kind is invalid input naming the file")
  void badInput() throws IOException {
    Result missing =
        run("vmi", "domxml", "--accelerator", "tcg", dir.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(missing.err()).contains("nope.yaml: no such file");

    Path broken =
        Files.writeString(dir.resolve("broken.yaml"), "kind: VirtualMachineInstance\nspec: [\n");
    Result yaml = run("vmi", "domxml", "--accelerator", "tcg", broken.toString());
    assertThat(yaml.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(yaml.err()).containsPattern("broken\\.yaml:\\d+:\\d+: ");

    Path pod =
        Files.writeString(
            dir.resolve("pod.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
    Result kind = run("vmi", "domxml", "--accelerator", "tcg", pod.toString());
    assertThat(kind.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(kind.err())
        .contains("kind is 'Pod'; expected VirtualMachineInstance or VirtualMachine");
  }

  @Test
  @DisplayName("an unknown accelerator is a usage error")
  void badAccelerator() {
    Result result = run("vmi", "domxml", "--accelerator", "hvf", "x.yaml");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("accelerator 'hvf' is not one of kvm, tcg, auto");
  }
}
