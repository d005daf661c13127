package dev.convoy.launcher.convert;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.launcher.domain.Domain;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test helpers: VMIs from YAML snippets, contexts, and single-step runs. */
final class Vmis {
  private Vmis() {}

  /** A VMI named {@code test} in namespace {@code ns} with {@code specYaml} as its spec. */
  static VirtualMachineInstance vmi(String specYaml) {
    String yaml =
        "apiVersion: kubevirt.io/v1\nkind: VirtualMachineInstance\n"
            + "metadata:\n  name: test\n  namespace: ns\n  uid: 11111111-2222-3333-4444-555555555555\n"
            + "spec:\n"
            + specYaml.indent(2);
    try {
      return Serialization.yaml().readValue(yaml, VirtualMachineInstance.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad test YAML:\n" + yaml, e);
    }
  }

  static ConversionContext context(Accelerator accelerator) {
    return new ConversionContext(
        accelerator,
        new MappedVolumeLayout(
            Map.of(
                "fs-claim", new ClaimStorage.Filesystem(Path.of("/pvc/fs-claim")),
                "block-claim", new ClaimStorage.Block(Path.of("/dev/sdz"))),
            Map.of("cd", new ContainerDiskImage(Path.of("/images/cd.qcow2"), "qcow2")),
            Path.of("/scratch")),
        new NetworkLayout(Map.of("br-net", "br0")),
        RuntimePaths.in(Path.of("/run/l")),
        FirmwarePaths.debian());
  }

  static ConversionContext tcg() {
    return context(Accelerator.TCG);
  }

  /** The outcome of running some steps on a fresh domain. */
  record Run(Domain domain, ConversionInput input) {
    List<String> problems() {
      return input.problems().stream().map(Object::toString).toList();
    }

    Set<String> problemFields() {
      return Set.copyOf(input.problems().stream().map(ConversionException.Problem::field).toList());
    }
  }

  static Run run(VirtualMachineInstance vmi, ConversionContext context, DomainStep... steps) {
    ConversionInput input = ConversionInput.of(vmi, context);
    Domain domain = new Domain();
    for (DomainStep step : steps) {
      step.apply(input, domain);
    }
    return new Run(domain, input);
  }

  static Run run(String specYaml, DomainStep... steps) {
    return run(vmi(specYaml), tcg(), steps);
  }
}
