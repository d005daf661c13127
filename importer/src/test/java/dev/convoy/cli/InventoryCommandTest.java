package dev.convoy.cli;

import static dev.convoy.importer.testing.ConvoyCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.importer.testing.ConvoyCli.Result;
import dev.convoy.importer.vsphere.VcsimServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code convoy inventory} as a user runs it, against vcsim and files. */
class InventoryCommandTest {
  static VcsimServer vcsim;
  @TempDir static Path dir;
  static Path passwordFile;

  @BeforeAll
  static void start() throws Exception {
    vcsim = VcsimServer.start();
    passwordFile = Files.writeString(dir.resolve("password"), VcsimServer.PASSWORD + "\n");
  }

  @AfterAll
  static void stop() {
    vcsim.close();
  }

  @Test
  void collectsFromVcenterIntoAFileWithPinnedTlsAndAPasswordFile() throws Exception {
    Path out = dir.resolve("inventory.yaml");
    Result result =
        run(
            "inventory",
            vcsim.url(),
            "--thumbprint",
            vcsim.thumbprintSha256(),
            "--password-file",
            passwordFile.toString(),
            "-o",
            "yaml",
            "--out",
            out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("connecting as user")
        .contains("4 VMs")
        .contains("3 SOAP round trips")
        .contains("wrote 4 VMs to " + out);
    Inventory inventory = InventoryCodec.read(out);
    assertThat(inventory.vms())
        .hasSize(4)
        .allSatisfy(
            vm -> {
              assertThat(vm.disks()).isNotEmpty();
              assertThat(vm.nics()).isNotEmpty();
            });
    String everything = result.out() + result.err() + Files.readString(out);
    assertThat(everything)
        .doesNotContain("password: " + VcsimServer.PASSWORD)
        .doesNotContain(":pass@");
  }

  @Test
  void theTableNamesEveryVm() {
    Result result =
        run(
            "inventory",
            vcsim.url(),
            "--thumbprint",
            vcsim.thumbprintSha1(),
            "--password-file",
            passwordFile.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("NAME", "POWER", "DC0_C0_RP0_VM0", "DC0_H0_VM1", "DC0/DC0_C0/")
        .contains("4 VMs, 4 disks");
  }

  @Test
  void anUntrustedCertificateExitsWith4AndOneLine() {
    Result result = run("inventory", vcsim.url(), "--password-file", passwordFile.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(result.err())
        .contains("convoy: error: cannot connect to vsphere://127.0.0.1:" + vcsim.port())
        .contains(vcsim.thumbprintSha256())
        .doesNotContain("\tat ");
  }

  @Test
  void insecureWarnsAndAWrongPasswordExitsWith4WithoutEchoingIt() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "hunter2\n");
    Result result =
        run("inventory", vcsim.url(), "--insecure", "--password-file", wrong.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(result.err())
        .contains("warning: --insecure")
        .contains("refused the login of user 'user'")
        .doesNotContain("hunter2");
  }

  @Test
  void tlsOptionsExcludeEachOther() {
    Result result =
        run("inventory", vcsim.url(), "--insecure", "--thumbprint", vcsim.thumbprintSha256());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("exclude each other");
  }

  @Test
  void aMissingPasswordSaysWhereToPutIt() {
    Result result = run("inventory", vcsim.url(), "--thumbprint", vcsim.thumbprintSha256());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains("CONVOY_VSPHERE_PASSWORD").contains("--password-file");
  }

  @Test
  void anUnknownSourceIsInvalidInputAndNothingIsWritten() {
    Path out = dir.resolve("never.json");
    Result result = run("inventory", dir.resolve("nope.ova").toString(), "--out", out.toString());
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(result.err()).contains("nope.ova: no such file");
    assertThat(out).doesNotExist();
  }

  @Test
  void helpDocumentsSourcesCredentialsAndExitCodes() {
    Result result = run("inventory", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            "vsphere://",
            "--thumbprint",
            "--ca-file",
            "--insecure",
            "--password-file",
            "CONVOY_VSPHERE_PASSWORD",
            "Exit codes:");
  }
}
