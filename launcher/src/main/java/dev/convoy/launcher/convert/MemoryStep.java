package dev.convoy.launcher.convert;

import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.launcher.domain.Domain;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Guest memory: {@code spec.domain.memory.guest}, else the memory request, else the memory limit
 * (KubeVirt's defaulting order), in KiB rounded up.
 */
final class MemoryStep implements DomainStep {
  private static final BigDecimal KIB = BigDecimal.valueOf(1024);

  @Override
  public void apply(ConversionInput input, Domain domain) {
    DomainSpec spec = input.domainSpec();
    var memory = spec.getMemory();
    if (memory != null && memory.getMaxGuest() != null) {
      input.problem(
          "spec.domain.memory.maxGuest", "memory hotplug is not supported by the Convoy launcher");
    }
    String field;
    Quantity guest;
    if (memory != null && memory.getGuest() != null) {
      field = "spec.domain.memory.guest";
      guest = memory.getGuest();
    } else if (resource(spec, true) != null) {
      field = "spec.domain.resources.requests.memory";
      guest = resource(spec, true);
    } else if (resource(spec, false) != null) {
      field = "spec.domain.resources.limits.memory";
      guest = resource(spec, false);
    } else {
      input.problem(
          "spec.domain.memory.guest",
          "guest memory is not set (set spec.domain.memory.guest or"
              + " spec.domain.resources.requests.memory)");
      return;
    }
    BigDecimal bytes;
    try {
      bytes = guest.getNumericalAmount();
    } catch (RuntimeException e) {
      input.problem(field, "'" + guest + "' is not a memory quantity");
      return;
    }
    if (bytes.signum() <= 0) {
      input.problem(field, "must be greater than zero, not " + guest);
      return;
    }
    domain.memoryKib(bytes.divide(KIB, 0, RoundingMode.CEILING).longValueExact());
  }

  private static Quantity resource(DomainSpec spec, boolean requests) {
    var resources = spec.getResources();
    if (resources == null) {
      return null;
    }
    var map = requests ? resources.getRequests() : resources.getLimits();
    return map == null ? null : map.get("memory");
  }
}
