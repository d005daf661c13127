package dev.convoy.cli;

import dev.convoy.importer.demo.DemoEnvironment;
import dev.convoy.importer.demo.DemoEnvironment.Check;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convoy demo}: checks the demo's prerequisites and walks through the demo migration. Run it
 * through {@code scripts/demo}, which installs and builds what is missing first.
 */
@Command(
    name = "demo",
    description = {
      "Check the demo's prerequisites and show the demo migration it runs.",
      "Use scripts/demo to install and build what is missing first."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--root",
      description =
          "Repository root holding build/ and examples/ (default: the current directory).",
      defaultValue = ".")
  Path root;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<Check> checks = new DemoEnvironment(root.toAbsolutePath().normalize()).check();
    out.println("Convoy demo: prerequisites");
    boolean allOk = true;
    for (Check check : checks) {
      out.printf("  [%s] %-26s %s%n", check.ok() ? " ok " : "FAIL", check.name(), check.detail());
      if (!check.ok()) {
        out.printf("         %-26s fix: %s%n", "", check.remedy());
        allOk = false;
      }
    }
    out.println();
    out.println("The demo migration:");
    out.println(
        "  1. start the vCenter simulator with a small inventory; one VM's disk is the demo guest");
    out.println(
        "  2. start the local runtime (embedded Kubernetes API, operator, node agent, libvirt)");
    out.println(
        "  3. plan two waves from examples/plans/ and migrate them: power off, copy and convert each");
    out.println("     disk with qemu-img, create the VirtualMachine, boot it");
    out.println(
        "  4. show the guest's ready marker and compare its disk checksum with the source's");
    if (!allOk) {
      throw new UserException(
          ExitCodes.UNAVAILABLE,
          "prerequisites are missing (see FAIL above); run scripts/demo to set them up");
    }
    return ExitCodes.OK;
  }
}
