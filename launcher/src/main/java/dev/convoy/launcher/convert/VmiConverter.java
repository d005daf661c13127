package dev.convoy.launcher.convert;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.launcher.domain.Domain;
import java.util.List;
import java.util.Objects;

/**
 * Turns a VirtualMachineInstance into libvirt domain XML, like KubeVirt's converter: an ordered
 * list of small pure {@link DomainStep}s, each owning one part of the domain. No libvirt, file or
 * process access happens here; everything host-specific comes in through {@link ConversionContext}.
 *
 * <p>Unsupported features are errors: {@link #convert} throws a {@link ConversionException} that
 * lists every problem with its field path, rather than returning a domain that silently differs
 * from the VMI.
 */
public final class VmiConverter {

  /** The steps, in the order they run. Disks before controllers: a scsi disk adds a controller. */
  static final List<DomainStep> STEPS =
      List.of(
          new SupportedFieldsStep(),
          new MetadataStep(),
          new MemoryStep(),
          new CpuStep(),
          new SysinfoStep(),
          new OsStep(),
          new FeaturesStep(),
          new ClockStep(),
          new LifecycleStep(),
          new DisksStep(),
          new ControllersStep(),
          new InterfacesStep(),
          new SerialConsoleStep(),
          new GraphicsStep(),
          new MemBalloonStep(),
          new RngStep());

  private VmiConverter() {}

  /**
   * Converts {@code vmi}; the VMI is not modified.
   *
   * @throws ConversionException naming every field that cannot be converted
   */
  public static ConversionResult convert(VirtualMachineInstance vmi, ConversionContext context) {
    Objects.requireNonNull(vmi, "vmi");
    Objects.requireNonNull(context, "context");
    if (vmi.getMetadata() == null) {
      throw new ConversionException(
          List.of(new ConversionException.Problem("metadata", "is required")));
    }
    ConversionInput input =
        new ConversionInput(dev.convoy.api.Serialization.deepCopy(vmi), context);
    Domain domain = new Domain();
    for (DomainStep step : STEPS) {
      step.apply(input, domain);
    }
    if (!input.problems().isEmpty()) {
      throw new ConversionException(input.problems());
    }
    return ConversionResult.of(domain, input.scratchFiles());
  }
}
