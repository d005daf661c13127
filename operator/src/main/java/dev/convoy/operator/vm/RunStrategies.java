package dev.convoy.operator.vm;

import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineSpec;
import dev.convoy.api.kubevirt.v1.VirtualMachineStateChangeRequest;
import java.util.List;

/**
 * A VirtualMachine's run strategy and its pending start/stop requests, read the way KubeVirt reads
 * them.
 *
 * <p>{@code spec.running: true} means Always and {@code false} means Halted; with neither field set
 * the VM is Halted. Setting both is an error (the admission webhook rejects it; the controller
 * reports it as a Failure).
 */
public final class RunStrategies {

  private RunStrategies() {}

  /** Thrown for a spec whose run strategy cannot be determined. */
  public static final class InvalidRunStrategyException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidRunStrategyException(String message) {
      super(message);
    }
  }

  /** The effective run strategy of {@code spec}. */
  public static String of(VirtualMachineSpec spec) throws InvalidRunStrategyException {
    if (spec == null) {
      return RunStrategy.HALTED;
    }
    if (spec.getRunning() != null && spec.getRunStrategy() != null) {
      throw new InvalidRunStrategyException(
          "spec.running and spec.runStrategy are mutually exclusive");
    }
    if (spec.getRunning() != null) {
      return spec.getRunning() ? RunStrategy.ALWAYS : RunStrategy.HALTED;
    }
    if (spec.getRunStrategy() == null) {
      return RunStrategy.HALTED;
    }
    if (!RunStrategy.ALL.contains(spec.getRunStrategy())) {
      throw new InvalidRunStrategyException(
          "spec.runStrategy: unknown run strategy \""
              + spec.getRunStrategy()
              + "\", expected one of "
              + RunStrategy.ALL);
    }
    return spec.getRunStrategy();
  }

  private static VirtualMachineStateChangeRequest first(VirtualMachine vm) {
    if (vm.getStatus() == null) {
      return null;
    }
    List<VirtualMachineStateChangeRequest> requests = vm.getStatus().getStateChangeRequests();
    return requests == null || requests.isEmpty() ? null : requests.get(0);
  }

  /** The first pending request is a Start. Only the first request is ever acted on. */
  public static boolean hasStartRequest(VirtualMachine vm) {
    VirtualMachineStateChangeRequest r = first(vm);
    return r != null && VirtualMachineStateChangeRequest.START.equals(r.getAction());
  }

  /** The first pending request is a Start asking to start paused. */
  public static boolean hasStartPausedRequest(VirtualMachine vm) {
    VirtualMachineStateChangeRequest r = first(vm);
    return hasStartRequest(vm) && r.getData() != null && "true".equals(r.getData().get("paused"));
  }

  /** The first pending request is a Stop of exactly this VMI (by UID). */
  public static boolean hasStopRequestFor(VirtualMachine vm, VirtualMachineInstance vmi) {
    VirtualMachineStateChangeRequest r = first(vm);
    return r != null
        && vmi != null
        && VirtualMachineStateChangeRequest.STOP.equals(r.getAction())
        && r.getUid() != null
        && r.getUid().equals(vmi.getMetadata().getUid());
  }
}
