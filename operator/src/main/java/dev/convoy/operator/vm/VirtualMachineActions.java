package dev.convoy.operator.vm;

import dev.convoy.api.Serialization;
import dev.convoy.api.kubevirt.v1.RunStrategy;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstancePhase;
import dev.convoy.api.kubevirt.v1.VirtualMachineStateChangeRequest;
import dev.convoy.api.kubevirt.v1.VirtualMachineStatus;
import dev.convoy.operator.status.Vmis;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * Start, stop and restart of a VirtualMachine, the way KubeVirt's virt-api subresources do them
 * ({@code pkg/virt-api/rest/lifecycle.go}); {@code convoy vm start|stop|restart} calls these.
 *
 * <table>
 *   <caption>what each action writes, by run strategy</caption>
 *   <tr><th></th><th>Halted</th><th>Always, Once</th><th>Manual, RerunOnFailure</th></tr>
 *   <tr><td>start</td><td>spec.runStrategy: Always (or running: true)</td><td>refused: always running</td>
 *       <td>status.stateChangeRequests: [Start] (a finished VMI is restarted: [Stop uid, Start])</td></tr>
 *   <tr><td>stop</td><td>refused unless a VMI still runs</td><td>spec.runStrategy: Halted (or running: false)</td>
 *       <td>status.stateChangeRequests: [Stop uid], replacing pending ones</td></tr>
 *   <tr><td>restart</td><td>refused</td><td>[Stop uid, Start] (Once: refused)</td><td>[Stop uid, Start]</td></tr>
 * </table>
 *
 * Every write carries the resourceVersion read, so a concurrent change makes it fail with 409 and
 * the action is evaluated again on the fresh object (a few times) instead of overwriting it. A
 * request that makes no sense for the VM's state fails with {@link ConflictException}, KubeVirt's
 * 409.
 */
public final class VirtualMachineActions {

  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;

  public VirtualMachineActions(KubernetesClient client) {
    this.client = client;
  }

  /** The action cannot be applied to the VM in its current state (KubeVirt answers 409). */
  public static final class ConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
      super(message);
    }
  }

  /** The VirtualMachine does not exist. */
  public static final class NotFoundException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
      super(message);
    }
  }

  private interface Step {
    /** Writes the change (optimistically locked) or throws ConflictException. */
    void apply(VirtualMachine vm, VirtualMachineInstance vmi, String runStrategy)
        throws ConflictException;
  }

  /** Starts the VM. */
  public void start(String namespace, String name) throws ConflictException, NotFoundException {
    retrying(
        namespace,
        name,
        (vm, vmi, rs) -> {
          if (vmi != null
              && !Vmis.isFinal(vmi)
              && !Vmis.phase(vmi).isEmpty()
              && !VirtualMachineInstancePhase.UNKNOWN.equals(Vmis.phase(vmi))) {
            throw new ConflictException("VM is already running");
          }
          switch (rs) {
            case RunStrategy.HALTED -> setRunning(vm, true);
            case RunStrategy.MANUAL, RunStrategy.RERUN_ON_FAILURE -> {
              if (RunStrategy.RERUN_ON_FAILURE.equals(rs)
                  && VirtualMachineInstancePhase.FAILED.equals(Vmis.phase(vmi))) {
                throw new ConflictException(
                    "RerunOnFailure does not support manual start requests after a failure: the VM"
                        + " restarts by itself");
              }
              List<VirtualMachineStateChangeRequest> requests = new ArrayList<>();
              if (vmi != null && Vmis.isFinal(vmi)) {
                requests.add(stop(vmi));
              }
              requests.add(request(VirtualMachineStateChangeRequest.START));
              addRequests(vm, requests, true);
            }
            default -> throw new ConflictException(rs + " does not support manual start requests");
          }
        });
  }

  /** Stops the VM. */
  public void stop(String namespace, String name) throws ConflictException, NotFoundException {
    retrying(
        namespace,
        name,
        (vm, vmi, rs) -> {
          boolean running = vmi != null && !Vmis.isFinal(vmi);
          switch (rs) {
            case RunStrategy.HALTED -> {
              if (!running) {
                throw new ConflictException("VM is not running");
              }
              // Halted already: the controller is deleting the VMI; nothing to write.
            }
            case RunStrategy.MANUAL, RunStrategy.RERUN_ON_FAILURE -> {
              if (!running) {
                throw new ConflictException("VM is not running");
              }
              addRequests(vm, List.of(stop(vmi)), false);
            }
            default -> setRunning(vm, false);
          }
        });
  }

  /** Restarts the VM: its VMI is deleted and a new one created. */
  public void restart(String namespace, String name) throws ConflictException, NotFoundException {
    retrying(
        namespace,
        name,
        (vm, vmi, rs) -> {
          if (RunStrategy.HALTED.equals(rs) || RunStrategy.ONCE.equals(rs)) {
            throw new ConflictException(rs + " does not support manual restart requests");
          }
          if (vmi == null || Vmis.isMarkedForDeletion(vmi)) {
            throw new ConflictException("VM is not running");
          }
          addRequests(
              vm, List.of(stop(vmi), request(VirtualMachineStateChangeRequest.START)), true);
        });
  }

  private void retrying(String namespace, String name, Step step)
      throws ConflictException, NotFoundException {
    for (int attempt = 1; ; attempt++) {
      VirtualMachine vm =
          client.resources(VirtualMachine.class).inNamespace(namespace).withName(name).get();
      if (vm == null) {
        throw new NotFoundException("VirtualMachine " + namespace + "/" + name + " not found");
      }
      VirtualMachineInstance vmi =
          client
              .resources(VirtualMachineInstance.class)
              .inNamespace(namespace)
              .withName(name)
              .get();
      String rs;
      try {
        rs = RunStrategies.of(vm.getSpec());
      } catch (RunStrategies.InvalidRunStrategyException e) {
        throw new ConflictException(e.getMessage());
      }
      try {
        step.apply(vm, vmi, rs);
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= ATTEMPTS) {
          throw e;
        }
        // Someone wrote the VM in between: evaluate again on the fresh object.
      }
    }
  }

  private void setRunning(VirtualMachine vm, boolean running) {
    VirtualMachine desired = Serialization.deepCopy(vm);
    if (desired.getSpec().getRunning() != null) {
      desired.getSpec().setRunning(running);
    } else {
      desired.getSpec().setRunStrategy(running ? RunStrategy.ALWAYS : RunStrategy.HALTED);
    }
    client.resource(desired).update();
  }

  private void addRequests(
      VirtualMachine vm, List<VirtualMachineStateChangeRequest> add, boolean failOnPending)
      throws ConflictException {
    VirtualMachine desired = Serialization.deepCopy(vm);
    VirtualMachineStatus status =
        desired.getStatus() == null ? new VirtualMachineStatus() : desired.getStatus();
    List<VirtualMachineStateChangeRequest> pending = status.getStateChangeRequests();
    if (pending != null && !pending.isEmpty() && failOnPending) {
      throw new ConflictException("unable to complete request: stop/start already underway");
    }
    // A lone stop replaces whatever is pending, as in KubeVirt.
    status.setStateChangeRequests(new ArrayList<>(add));
    desired.setStatus(status);
    client.resource(desired).updateStatus();
  }

  private static VirtualMachineStateChangeRequest request(String action) {
    VirtualMachineStateChangeRequest r = new VirtualMachineStateChangeRequest();
    r.setAction(action);
    return r;
  }

  private static VirtualMachineStateChangeRequest stop(VirtualMachineInstance vmi) {
    VirtualMachineStateChangeRequest r = request(VirtualMachineStateChangeRequest.STOP);
    r.setUid(vmi.getMetadata().getUid());
    return r;
  }
}
