package dev.convoy.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.launcher.accel.AcceleratorChoice;
import dev.convoy.launcher.accel.AcceleratorMode;
import dev.convoy.launcher.accel.AcceleratorProbe;
import dev.convoy.launcher.convert.ClaimStorage;
import dev.convoy.launcher.convert.ContainerDiskImage;
import dev.convoy.launcher.convert.ConversionException;
import dev.convoy.launcher.convert.FirmwarePaths;
import dev.convoy.launcher.convert.MappedVolumeLayout;
import dev.convoy.launcher.convert.NetworkLayout;
import dev.convoy.launcher.convert.PodVolumeLayout;
import dev.convoy.launcher.convert.VmiConverter;
import dev.convoy.launcher.convert.VolumeLayout;
import dev.convoy.launcher.domxml.DomainXmlPreview;
import dev.convoy.launcher.domxml.ManifestException;
import dev.convoy.launcher.libvirt.LibvirtDomainDriver;
import dev.convoy.launcher.libvirt.LibvirtFailure;
import dev.convoy.launcher.protocol.CommandException;
import dev.convoy.launcher.protocol.CommandServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The launcher process: {@code java -jar convoy-launcher.jar --run-dir DIR [--vmi FILE] ...}. One
 * process per running VM; it exits 0 once its domain has stopped and no QEMU process is left.
 * SIGTERM (and SIGINT) start a graceful shutdown rather than ending the process.
 */
@Command(
    name = "convoy-launcher",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one VirtualMachineInstance as a libvirt domain and serves the launcher protocol on a"
          + " unix socket (docs/launcher-protocol.md).",
      "Exit codes: 0 the domain stopped and is gone; 2 usage; 3 invalid VMI; 4 libvirt or host"
          + " failure."
    },
    sortOptions = false)
public final class LauncherMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(LauncherMain.class);

  static final int EXIT_OK = 0;
  static final int EXIT_USAGE = 2;
  static final int EXIT_INVALID_VMI = 3;
  static final int EXIT_UNAVAILABLE = 4;

  @Option(
      names = "--run-dir",
      required = true,
      description =
          "Directory for the launcher's run-time files (sockets, console log, EFI variables, scratch disks).")
  Path runDirectory;

  @Option(
      names = "--vmi",
      description =
          "VirtualMachineInstance manifest (YAML or JSON) to run at once; otherwise the first Sync brings it.")
  Path vmiFile;

  @Option(names = "--socket", description = "Command socket (default: RUN_DIR/launcher.sock).")
  Path socket;

  @Option(
      names = "--connect",
      defaultValue = "qemu:///system",
      description = "libvirt URI (default: ${DEFAULT-VALUE}).")
  String uri;

  @Option(
      names = "--accelerator",
      defaultValue = "auto",
      description = "kvm, tcg or auto (probe whether KVM really works; default).")
  String accelerator;

  @Option(
      names = "--pvc",
      description = "CLAIM=DIR: a filesystem PVC mounted at DIR (holding disk.img).")
  Map<String, Path> filesystemClaims = new LinkedHashMap<>();

  @Option(names = "--block-pvc", description = "CLAIM=DEVICE: a block PVC.")
  Map<String, Path> blockClaims = new LinkedHashMap<>();

  @Option(
      names = "--container-disk",
      description =
          "VOLUME=FILE[,FORMAT]: the image of a containerDisk volume (format raw or qcow2, default qcow2).")
  Map<String, String> containerDisks = new LinkedHashMap<>();

  @Option(
      names = "--bridge",
      description = "NETWORK=BRIDGE: host bridge of a Multus network name, or of 'pod'.")
  Map<String, String> bridges = new LinkedHashMap<>();

  @Option(
      names = "--pod-layout",
      description =
          "Volumes by KubeVirt's launcher-pod conventions (/var/run/kubevirt-private/vmi-disks/...) instead of --pvc.")
  boolean podLayout;

  @Option(
      names = "--block-volume",
      description =
          "With --pod-layout: a volume whose claim is the block device /dev/VOLUME (repeatable).")
  List<String> blockVolumes = new ArrayList<>();

  @Option(
      names = "--print-domain-xml",
      description =
          "Print the domain XML for --vmi with these options and exit, without touching libvirt.")
  boolean printDomainXml;

  @Option(names = "--acpi-repeat-seconds", defaultValue = "5", hidden = true)
  long acpiRepeatSeconds;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the launcher until its domain is gone; returns the exit code. */
  public static int run(String... args) {
    CommandLine commandLine = new CommandLine(new LauncherMain());
    commandLine.setExecutionExceptionHandler(
        (e, cl, parsed) -> {
          cl.getErr().println("convoy-launcher: error: " + e.getMessage());
          LOG.debug("failure", e);
          return e instanceof LibvirtFailure || e instanceof IOException ? EXIT_UNAVAILABLE : 1;
        });
    commandLine.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    AcceleratorChoice choice;
    try {
      choice = new AcceleratorProbe().choose(AcceleratorMode.parse(accelerator));
    } catch (IllegalArgumentException e) {
      System.err.println("convoy-launcher: error: " + e.getMessage());
      return EXIT_USAGE;
    }
    LOG.info("accelerator: {} ({})", choice.accelerator(), choice.reason());

    Files.createDirectories(runDirectory);
    // QEMU runs as its own user and must reach the serial socket and scratch files in here.
    Files.setPosixFilePermissions(runDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
    LauncherConfig config =
        new LauncherConfig(
            runDirectory,
            socket != null ? socket : runDirectory.resolve("launcher.sock"),
            choice,
            volumeLayout(),
            new NetworkLayout(bridges),
            FirmwarePaths.debian(),
            Duration.ofSeconds(acpiRepeatSeconds));

    if (printDomainXml) {
      if (vmiFile == null) {
        System.err.println("convoy-launcher: error: --print-domain-xml needs --vmi");
        return EXIT_USAGE;
      }
      try {
        System.out.print(
            VmiConverter.convert(DomainXmlPreview.readVmi(vmiFile), config.conversionContext())
                .xml());
        return EXIT_OK;
      } catch (ManifestException | ConversionException e) {
        System.err.println("convoy-launcher: error: " + vmiFile + ": " + e.getMessage());
        return EXIT_INVALID_VMI;
      }
    }

    try (LibvirtDomainDriver driver = LibvirtDomainDriver.connect(uri)) {
      Launcher launcher = new Launcher(config, driver, Clock.systemUTC());
      Thread emergency = new Thread(launcher::emergencyStop, "launcher-emergency-stop");
      Runtime.getRuntime().addShutdownHook(emergency);
      Signals.onTerminate(launcher::terminate);
      try (CommandServer server = CommandServer.start(config.commandSocket(), launcher);
          ConsoleProxy console =
              ConsoleProxy.start(config.consoleSocket(), config.paths().serialSocket())) {
        LOG.info("serving {} (console {})", server.socket(), console.socket());
        if (vmiFile != null) {
          try {
            launcher.sync(readVmi(vmiFile));
          } catch (ManifestException e) {
            System.err.println("convoy-launcher: error: " + e.getMessage());
            launcher.terminate();
            launcher.awaitDone();
            return EXIT_INVALID_VMI;
          } catch (CommandException e) {
            System.err.println("convoy-launcher: error: " + vmiFile + ": " + e.getMessage());
            launcher.terminate();
            launcher.awaitDone();
            return e.code().equals(dev.convoy.launcher.protocol.ErrorCodes.INVALID_VMI)
                ? EXIT_INVALID_VMI
                : EXIT_UNAVAILABLE;
          }
        }
        launcher.awaitDone();
        LOG.info("domain gone; launcher exits");
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(emergency);
        } catch (IllegalStateException ignored) {
          // The JVM is already shutting down; the hook runs anyway.
        }
      }
    }
    return EXIT_OK;
  }

  private static JsonNode readVmi(Path file) throws ManifestException {
    return Serialization.toTree(DomainXmlPreview.readVmi(file));
  }

  private VolumeLayout volumeLayout() {
    if (podLayout) {
      return new PodVolumeLayout(blockClaims.keySet(), Set.copyOf(blockVolumes));
    }
    Map<String, ClaimStorage> claims = new HashMap<>();
    filesystemClaims.forEach((claim, dir) -> claims.put(claim, new ClaimStorage.Filesystem(dir)));
    blockClaims.forEach((claim, device) -> claims.put(claim, new ClaimStorage.Block(device)));
    Map<String, ContainerDiskImage> images = new HashMap<>();
    containerDisks.forEach(
        (volume, spec) -> {
          String[] parts = spec.split(",", 2);
          images.put(
              volume,
              new ContainerDiskImage(Path.of(parts[0]), parts.length > 1 ? parts[1] : "qcow2"));
        });
    return new MappedVolumeLayout(claims, images, runDirectory.resolve("scratch"));
  }
}
