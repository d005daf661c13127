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
import dev.convoy.disk.HttpSourceMode;
import dev.convoy.disk.VerificationMode;
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
 * import URL TARGET_DIR [MODE]     what an import pod runs: ImportPodMain with the cookie from
 *                                   CONVOY_SOURCE_COOKIE (no PVC to annotate here); with a MODE
 *                                   the same request through DiskConverter, printing a breakdown:
 *                                   --no-verify: without verification;
 *                                   --compare: verified by qemu-img compare (a second decode);
 *                                   --staged: verified, the whole download before inspection and
 *                                   conversion (HttpSourceMode.STAGE_THEN_CONVERT, the path before);
 *                                   --ranges: verified, streamed by ranges through the NBD server
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
    if (mode.isEmpty()) {
      return ImportPodMain.run(arguments, System.getenv(ImportPodMain.COOKIE_ENV), (pvc, annotations) -> {});
    }
    // the same request as ImportPodMain.run, with other settings, printing the breakdown
    ConverterSettings settings = ConverterSettings.defaults();
    boolean verify = true;
    VerificationMode verification = VerificationMode.STREAM;
    switch (mode) {
      case "--no-verify" -> verify = false;
      case "--compare" -> verification = VerificationMode.COMPARE;
      case "--staged" -> settings = settings.withHttpSources(HttpSourceMode.STAGE_THEN_CONVERT);
      case "--ranges" -> settings = settings.withHttpSources(HttpSourceMode.RANGES);
      default -> throw new IllegalArgumentException(mode);
    }
    try {
      long start = System.nanoTime();
      var result =
          new DiskConverter(settings, ProcessQemuImg.fromPath(), verification)
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
                      verify,
                      false),
                  progress -> {});
      System.out.printf(
          "inspect %.2f s (HEAD, %s), convert %.2f s, verify %.2f s (%s), in the JVM %.2f s sha256=%s"
              + " source-sha256=%s%n",
          result.timings().inspect().toNanos() / 1e9,
          mode.equals("--staged") ? "the whole download" : "the download's start",
          result.timings().convert().toNanos() / 1e9,
          result.timings().verify().toNanos() / 1e9,
          result.marker().verification().method(),
          (System.nanoTime() - start) / 1e9,
          result.marker().sha256(),
          result.marker().sourceSha256());
      return 0;
    } catch (Exception e) {
      System.err.println("import: " + e.getMessage());
      return 4;
    }
  }
}
