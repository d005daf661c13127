package dev.convoy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code convoy controller}'s options: leader election on unless turned off, checked before use.
 */
class ControllerCommandTest {
  @Test
  void leaderElectionIsOnByDefaultAndCanBeTurnedOff() {
    ControllerCommand defaults = new ControllerCommand();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.leaderElection).isTrue();
    assertThat(defaults.leaseName).isEqualTo("convoy-migration-controller");
    assertThat(defaults.leaseSeconds).isEqualTo(15);
    assertThat(defaults.leaseNamespace).isNull();

    ControllerCommand off = new ControllerCommand();
    new CommandLine(off).parseArgs("--no-leader-election");
    assertThat(off.leaderElection).isFalse();

    ControllerCommand custom = new ControllerCommand();
    new CommandLine(custom)
        .parseArgs("--lease-namespace=ops", "--lease-name=mig", "--lease-seconds=30");
    assertThat(custom.leaseNamespace).isEqualTo("ops");
    assertThat(custom.leaseName).isEqualTo("mig");
    assertThat(custom.leaseSeconds).isEqualTo(30);
  }

  @Test
  void aLeaseShorterThanThreeSecondsIsRefusedBeforeAnythingStarts() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "controller",
            "--lease-seconds=2",
            "--ops-port=-1");
    assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString())
        .contains("--lease-seconds must be at least 3")
        .doesNotContain("Exception");
  }
}
