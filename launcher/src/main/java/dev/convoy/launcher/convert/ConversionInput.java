package dev.convoy.launcher.convert;

import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the steps of one conversion share: the VMI, the context, the problems found so far, the
 * scratch files to make, and facts one step leaves for a later one (boot orders in use, whether a
 * SCSI controller is needed).
 */
public final class ConversionInput {
  private final VirtualMachineInstance vmi;
  private final ConversionContext context;
  private final List<ConversionException.Problem> problems = new ArrayList<>();
  private final List<ScratchFile> scratchFiles = new ArrayList<>();
  private final Map<Integer, String> bootOrders = new LinkedHashMap<>();
  private boolean scsiControllerNeeded;

  ConversionInput(VirtualMachineInstance vmi, ConversionContext context) {
    this.vmi = vmi;
    this.context = context;
  }

  /** A conversion input for running single steps (tests). */
  public static ConversionInput of(VirtualMachineInstance vmi, ConversionContext context) {
    return new ConversionInput(vmi, context);
  }

  public VirtualMachineInstance vmi() {
    return vmi;
  }

  /** The VMI spec; an empty one when the VMI has none. */
  public VirtualMachineInstanceSpec spec() {
    if (vmi.getSpec() == null) {
      vmi.setSpec(new VirtualMachineInstanceSpec());
    }
    return vmi.getSpec();
  }

  /** The domain part of the spec; an empty one when the VMI has none. */
  public DomainSpec domainSpec() {
    if (spec().getDomain() == null) {
      spec().setDomain(new DomainSpec());
    }
    return spec().getDomain();
  }

  public ConversionContext context() {
    return context;
  }

  /** Records that {@code field} cannot be converted, and why. */
  public void problem(String field, String message) {
    problems.add(new ConversionException.Problem(field, message));
  }

  public List<ConversionException.Problem> problems() {
    return List.copyOf(problems);
  }

  /** Adds a file the launcher must make before starting the domain. */
  public void scratchFile(ScratchFile file) {
    scratchFiles.add(file);
  }

  public List<ScratchFile> scratchFiles() {
    return List.copyOf(scratchFiles);
  }

  /**
   * Claims boot order {@code order} for the device at {@code field}; records a problem when the
   * order is not positive or another device has it already.
   */
  public boolean claimBootOrder(int order, String field) {
    if (order < 1) {
      problem(field, "must be 1 or greater, not " + order);
      return false;
    }
    String other = bootOrders.putIfAbsent(order, field);
    if (other != null) {
      problem(field, "boot order " + order + " is already used by " + other);
      return false;
    }
    return true;
  }

  public void requireScsiController() {
    scsiControllerNeeded = true;
  }

  public boolean scsiControllerNeeded() {
    return scsiControllerNeeded;
  }
}
