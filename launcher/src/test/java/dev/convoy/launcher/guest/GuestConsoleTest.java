package dev.convoy.launcher.guest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuestConsoleTest {

  private static final String SHA = "ab".repeat(32);

  @Test
  void findsTheReadyLineAmongBootloaderAndKernelOutput() {
    String console =
        "SYSLINUX 6.04\r\nLoading vmlinuz... ok\r\n[    1.2] virtio_blk virtio1: [vda]\r\n"
            + "CONVOY-GUEST-INIT kernel=6.1.0-57-amd64 uptime=3.25\r\n"
            + "CONVOY-GUEST-READY disk-sha256="
            + SHA
            + " mac=52:54:00:12:34:56 disk=vda uptime=8.16\r\n"
            + "CONVOY-GUEST-HEARTBEAT n=1 uptime=18.20\r\n";

    assertThat(GuestConsole.ready(console))
        .contains(new GuestConsole.Ready(SHA, "52:54:00:12:34:56", "vda", 8.16));
    assertThat(GuestConsole.error(console)).isEmpty();
    assertThat(GuestConsole.poweringOff(console)).isFalse();
  }

  @Test
  void ignoresFieldsAddedAfterTheKnownOnes() {
    String console =
        "CONVOY-GUEST-READY disk-sha256=" + SHA + " mac=none disk=sda uptime=4 nics=0\n";

    assertThat(GuestConsole.ready(console)).contains(new GuestConsole.Ready(SHA, "none", "sda", 4));
  }

  @Test
  void aTruncatedOrForeignLineIsNotReady() {
    assertThat(GuestConsole.ready("CONVOY-GUEST-READY disk-sha256=abc mac=none disk=vda uptime=1"))
        .isEmpty();
    assertThat(GuestConsole.ready("echo CONVOY-GUEST-READY disk-sha256=" + SHA)).isEmpty();
  }

  @Test
  void reportsErrorAndPowerOffLines() {
    String console =
        "CONVOY-GUEST-ERROR reason=no-boot-disk detail=no-disk-with-label-CONVOYGUEST\n"
            + "CONVOY-GUEST-POWEROFF\n";

    assertThat(GuestConsole.error(console))
        .contains("CONVOY-GUEST-ERROR reason=no-boot-disk detail=no-disk-with-label-CONVOYGUEST");
    assertThat(GuestConsole.poweringOff(console)).isTrue();
  }
}
