package dev.convoy.launcher.convert;

import static dev.convoy.launcher.domain.XmlElement.element;
import static dev.convoy.launcher.domain.XmlElement.textElement;

import dev.convoy.api.kubevirt.v1.Cpu;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.launcher.domain.Domain;
import dev.convoy.launcher.domain.XmlElement;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * vCPU count, topology and model.
 *
 * <p>Topology: sockets, cores and threads default to 1; without any of them, the CPU limit (else
 * request) rounded up becomes the number of sockets. Model: {@code host-model} and {@code
 * host-passthrough} map to libvirt's modes, any other name to a named model that must exist.
 * Without a model, KVM gets {@code host-model} (KubeVirt's default) and TCG gets QEMU's default
 * model: TCG cannot emulate every feature of the host's CPU.
 */
final class CpuStep implements DomainStep {
  static final String HOST_MODEL = "host-model";
  static final String HOST_PASSTHROUGH = "host-passthrough";

  @Override
  public void apply(ConversionInput input, Domain domain) {
    DomainSpec spec = input.domainSpec();
    Cpu cpu = spec.getCpu() == null ? new Cpu() : spec.getCpu();
    if (cpu.getMaxSockets() != null) {
      input.problem(
          "spec.domain.cpu.maxSockets", "CPU hotplug is not supported by the Convoy launcher");
    }
    if (Boolean.TRUE.equals(cpu.getDedicatedCpuPlacement())) {
      input.problem(
          "spec.domain.cpu.dedicatedCpuPlacement",
          "dedicated CPU placement (pinning) is not supported by the Convoy launcher");
    }
    if (Boolean.TRUE.equals(cpu.getIsolateEmulatorThread())) {
      input.problem(
          "spec.domain.cpu.isolateEmulatorThread",
          "emulator thread isolation is not supported by the Convoy launcher");
    }
    int sockets;
    int cores = positive(input, "spec.domain.cpu.cores", cpu.getCores());
    int threads = positive(input, "spec.domain.cpu.threads", cpu.getThreads());
    if (cpu.getSockets() == null && cpu.getCores() == null && cpu.getThreads() == null) {
      sockets = socketsFromResources(input, spec);
    } else {
      sockets = positive(input, "spec.domain.cpu.sockets", cpu.getSockets());
    }
    domain.vcpus(sockets * cores * threads);

    XmlElement element = element("cpu");
    String model = cpu.getModel();
    Accelerator accelerator = input.context().accelerator();
    if (model == null || model.isEmpty()) {
      if (accelerator == Accelerator.KVM) {
        element.attr("mode", HOST_MODEL);
      }
    } else if (model.equals(HOST_MODEL)) {
      element.attr("mode", HOST_MODEL);
    } else if (model.equals(HOST_PASSTHROUGH)) {
      if (accelerator == Accelerator.TCG) {
        input.problem(
            "spec.domain.cpu.model",
            "host-passthrough needs KVM; this host runs guests under QEMU's TCG emulator");
      }
      element.attr("mode", HOST_PASSTHROUGH);
    } else {
      element.attr("mode", "custom").attr("match", "exact");
      element.child(textElement("model", model).attr("fallback", "forbid"));
    }
    element
        .addChild("topology")
        .attr("sockets", sockets)
        .attr("dies", 1)
        .attr("cores", cores)
        .attr("threads", threads);
    domain.cpu(element);
  }

  private static int positive(ConversionInput input, String field, Integer value) {
    if (value == null) {
      return 1;
    }
    if (value < 1) {
      input.problem(field, "must be 1 or greater, not " + value);
      return 1;
    }
    return value;
  }

  private static int socketsFromResources(ConversionInput input, DomainSpec spec) {
    var resources = spec.getResources();
    if (resources == null) {
      return 1;
    }
    String field = "spec.domain.resources.limits.cpu";
    Quantity cpu = resources.getLimits() == null ? null : resources.getLimits().get("cpu");
    if (cpu == null) {
      field = "spec.domain.resources.requests.cpu";
      cpu = resources.getRequests() == null ? null : resources.getRequests().get("cpu");
    }
    if (cpu == null) {
      return 1;
    }
    try {
      BigDecimal amount = cpu.getNumericalAmount();
      int sockets = amount.setScale(0, RoundingMode.CEILING).intValueExact();
      if (sockets < 1) {
        input.problem(field, "must be greater than zero, not " + cpu);
        return 1;
      }
      return sockets;
    } catch (RuntimeException e) {
      input.problem(field, "'" + cpu + "' is not a CPU quantity");
      return 1;
    }
  }
}
