package dev.convoy.cli;

import dev.convoy.launcher.accel.AcceleratorMode;
import dev.convoy.launcher.accel.AcceleratorProbe;
import dev.convoy.launcher.domxml.DomainXmlPreview;
import dev.convoy.launcher.domxml.ManifestException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code convoy vmi ...}: tools for VirtualMachineInstance manifests. */
@Command(
    name = "vmi",
    description = "Inspect VirtualMachineInstance manifests.",
    subcommands = {VmiCommand.Domxml.class})
public final class VmiCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing command: see 'convoy vmi --help'.");
  }

  /**
   * {@code convoy vmi domxml FILE}: the libvirt domain XML a VMI manifest (or a VirtualMachine's
   * template) turns into in a launcher pod, like {@code virsh dumpxml}, without touching libvirt.
   */
  @Command(
      name = "domxml",
      description = {
        "Print the libvirt domain XML that a VirtualMachineInstance manifest (or a"
            + " VirtualMachine's template) becomes in its launcher, without touching libvirt.",
        "Volumes are placed by KubeVirt's launcher-pod conventions; unsupported features are"
            + " reported with their field path (exit code 3)."
      },
      mixinStandardHelpOptions = true)
  static final class Domxml implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        description = "VirtualMachineInstance or VirtualMachine YAML/JSON.")
    Path manifest;

    @Option(
        names = "--accelerator",
        defaultValue = "auto",
        description = "kvm, tcg or auto (probe whether KVM really works on this host; default).")
    String accelerator;

    @Option(
        names = "--block-claim",
        paramLabel = "CLAIM",
        description = "A claim that is a block-mode PVC (repeatable).")
    Set<String> blockClaims = new LinkedHashSet<>();

    @Option(
        names = "--bridge",
        paramLabel = "NETWORK=BRIDGE",
        description = "Host bridge of a Multus network name, or of 'pod' (repeatable).")
    Map<String, String> bridges = new LinkedHashMap<>();

    @Override
    public Integer call() {
      AcceleratorMode mode;
      try {
        mode = AcceleratorMode.parse(accelerator);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      var choice = new AcceleratorProbe().choose(mode);
      try {
        String xml =
            DomainXmlPreview.render(
                manifest, DomainXmlPreview.podContext(choice.accelerator(), blockClaims, bridges));
        spec.commandLine().getOut().print(xml);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      } catch (ManifestException e) {
        throw UserException.invalidInput(e.getMessage());
      }
    }
  }
}
