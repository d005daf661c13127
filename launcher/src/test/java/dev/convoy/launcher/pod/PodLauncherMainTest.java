package dev.convoy.launcher.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convoy.launcher.LauncherMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class PodLauncherMainTest {

  @Test
  @DisplayName("the in-cluster command line: pod layout plus the block volumes found in the pod")
  void launcherArguments() {
    List<String> args =
        PodLauncherMain.launcherArguments(
            LauncherPodArguments.parse(LauncherPodArgumentsTest.RENDERED),
            Map.of(),
            Set.of("zdata", "data"));
    assertThat(args)
        .containsExactly(
            "--run-dir",
            "/var/run/kubevirt/sockets",
            "--socket",
            "/var/run/kubevirt/sockets/launcher-sock",
            "--connect",
            "qemu:///system",
            "--accelerator",
            "auto",
            "--pod-layout",
            "--block-volume",
            "data",
            "--block-volume",
            "zdata");

    // Every option is one LauncherMain knows, with the values it will use.
    ParseResult parsed = new CommandLine(new LauncherMain()).parseArgs(args.toArray(String[]::new));
    assertThat(parsed.unmatched()).isEmpty();
    assertThat(parsed.matchedOptionValue("--run-dir", (Path) null))
        .isEqualTo(Path.of("/var/run/kubevirt/sockets"));
    assertThat(parsed.matchedOptionValue("--socket", (Path) null))
        .isEqualTo(Path.of("/var/run/kubevirt/sockets/launcher-sock"));
    assertThat(parsed.matchedOptionValue("--pod-layout", false)).isTrue();
    assertThat(parsed.matchedOptionValue("--block-volume", List.<String>of()))
        .containsExactly("data", "zdata");
  }

  @Test
  @DisplayName("block volumes are the block devices in /dev, nothing else")
  void blockVolumes(@TempDir Path dev) throws Exception {
    Files.createFile(dev.resolve("regular"));
    Files.createDirectory(dev.resolve("dir"));
    Files.createSymbolicLink(dev.resolve("link"), Path.of("/dev/null"));
    assertThat(PodLauncherMain.blockVolumes(dev)).isEmpty();
    assertThat(PodLauncherMain.blockVolumes(dev.resolve("missing"))).isEmpty();

    // Real device nodes need root (CI and the dev machines run as root).
    assumeTrue(mknod(dev.resolve("rootdisk"), "b") && mknod(dev.resolve("tty9"), "c"));
    assertThat(PodLauncherMain.blockVolumes(dev)).containsExactly("rootdisk");
  }

  @Test
  @DisplayName(
      "the domain a launcher pod runs: filesystem PVC under vmi-disks, block PVC at /dev/<volume>")
  void domainInPod(@TempDir Path dir) throws Exception {
    Path vmi = dir.resolve("vmi.yaml");
    Files.writeString(
        vmi,
        """
        apiVersion: kubevirt.io/v1
        kind: VirtualMachineInstance
        metadata: {name: web, namespace: default, uid: u-1}
        spec:
          domain:
            devices:
              disks:
                - {name: rootdisk, disk: {bus: virtio}}
                - {name: data, disk: {bus: virtio}}
            memory: {guest: 128Mi}
          volumes:
            - {name: rootdisk, persistentVolumeClaim: {claimName: web-root}}
            - {name: data, persistentVolumeClaim: {claimName: web-data}}
        """);
    Path sockets = dir.resolve("sockets");
    List<String> args =
        PodLauncherMain.launcherArguments(
            LauncherPodArguments.parse(
                "--vmi-namespace", "default",
                "--vmi-name", "web",
                "--uid", "u-1",
                "--socket-dir", sockets.toString(),
                "--grace-period-seconds", "30"),
            Map.of("CONVOY_ACCELERATOR", "tcg"),
            Set.of("data"));
    String xml = printDomainXml(args, vmi);
    assertThat(xml)
        .contains("<source file='/var/run/kubevirt-private/vmi-disks/rootdisk/disk.img'/>")
        .contains("<source dev='/dev/data'/>");
  }

  private static String printDomainXml(List<String> args, Path vmi) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int code;
    try {
      String[] all =
          java.util.stream.Stream.concat(
                  args.stream(),
                  java.util.stream.Stream.of("--print-domain-xml", "--vmi", vmi.toString()))
              .toArray(String[]::new);
      code = LauncherMain.run(all);
    } finally {
      System.setOut(out);
    }
    assertThat(code).as("LauncherMain exit code").isZero();
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static boolean mknod(Path path, String type) throws Exception {
    Process p =
        new ProcessBuilder("mknod", path.toString(), type, "7", "250")
            .redirectErrorStream(true)
            .start();
    return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
