import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.Vm;
import dev.convoy.importer.demo.DemoSource;
import dev.convoy.importer.demo.DemoVcenter;
import dev.convoy.importer.demo.SourceVmInstaller;
import dev.convoy.importer.migration.ImportPodMain;
import dev.convoy.importer.vsphere.DatastoreFile;
import dev.convoy.importer.vsphere.VsphereCollector;
import dev.convoy.importer.vsphere.VsphereOperations;
import dev.convoy.importer.vsphere.VsphereSession;
import dev.convoy.importer.vsphere.VsphereSessionOperations;
import dev.convoy.disk.ConversionRequest;
import dev.convoy.disk.ConverterSettings;
import dev.convoy.disk.qemu.ProcessQemuImg;
import dev.convoy.disk.DiskConverter;
import dev.convoy.disk.DiskSource;
import dev.convoy.disk.DiskTarget;
import dev.convoy.disk.OutputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The migration throughput benchmark's Java side (importer/bench/migration-throughput.sh).
 *
 * <pre>
 * source WORK VCSIM VMDK CAPACITY   start vcsim (state in WORK), make DC0_H0_VM0's disk the VMDK
 *                                   (uploaded through /folder), print "URL\tCOOKIE"
 * import URL TARGET_DIR [--no-verify|--ranges]  what an import pod runs: ImportPodMain with the
 *                                   cookie from CONVOY_SOURCE_COOKIE (no PVC to annotate here);
 *                                   --no-verify: the same without verification (breakdown);
 *                                   --ranges: verified, but streamed by ranges through the NBD
 *                                   server twice instead of staged (the path before staging)
 * </pre>
 */
public final class MigrationThroughputBench {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "source" -> source(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), Long.parseLong(args[4]));
      case "import" -> System.exit(importDisk(args[1], args[2], args.length > 3 ? args[3] : ""));
      default -> throw new IllegalArgumentException("source or import");
    }
  }

  static void source(Path work, Path vcsim, Path vmdk, long capacity) throws Exception {
    DemoVcenter vcenter = new DemoVcenter(vcsim, work);
    vcenter.stop();
    DemoVcenter.Running running = vcenter.start(List.of("-cluster", "0", "-vm", "1"), Duration.ofSeconds(60));
    // not closed: logging out would end the session whose cookie the imports use
    VsphereSession session = DemoSource.login(running);
    VsphereOperations operations = VsphereSessionOperations.over(session);
    {
      Inventory inventory =
          new VsphereCollector(500).collect(session, "vcsim", new VsphereCollector.Listener() {}).inventory();
      Vm vm = inventory.vms().get(0);
      SourceVmInstaller.install(
          session, operations, vm, vmdk, new SourceVmInstaller.Settings(null, 256, capacity));
      DatastoreFile file = DatastoreFile.parse(vm.datacenter(), vm.disks().get(0).fileName());
      if (operations.size(file) != Files.size(vmdk)) {
        throw new IllegalStateException("the uploaded disk has the wrong size");
      }
      Map<String, String> headers = operations.httpHeaders();
      System.out.println(operations.url(file) + "\t" + headers.getOrDefault("Cookie", ""));
    }
  }

  static int importDisk(String url, String target, String mode) {
    ImportPodMain.Arguments arguments =
        ImportPodMain.Arguments.parse(
            new String[] {
              "--source", url, "--target", target, "--pvc", "bench", "--source-identity", "bench", "--insecure-tls"
            });
    if (!mode.isEmpty()) {
      // the same request as ImportPodMain.run, without the verification or without staging
      boolean ranges = mode.equals("--ranges");
      try {
        var result =
            new DiskConverter(
                    ConverterSettings.defaults().withHttpStaging(!ranges), ProcessQemuImg.fromPath())
            .convert(
                new ConversionRequest(
                    new DiskSource.Http(
                        arguments.source(),
                        Optional.of(System.getenv(ImportPodMain.COOKIE_ENV)),
                        Map.of(),
                        Optional.empty(),
                        false),
                    DiskTarget.Directory.of(arguments.target()),
                    OutputFormat.RAW,
                    ranges,
                    false),
                progress -> {});
        System.out.printf(
            "inspect (with the download when staged) %.2f s, convert %.2f s, verify %.2f s%n",
            result.timings().inspect().toNanos() / 1e9,
            result.timings().convert().toNanos() / 1e9,
            result.timings().verify().toNanos() / 1e9);
        return 0;
      } catch (Exception e) {
        System.err.println("import: " + e.getMessage());
        return 4;
      }
    }
    return ImportPodMain.run(arguments, System.getenv(ImportPodMain.COOKIE_ENV), (pvc, annotations) -> {});
  }
}
