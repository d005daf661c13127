package dev.convoy.operator.vm;

import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.volumes.VolumeFacts;

/**
 * Everything the printableStatus of a VirtualMachine depends on. Pod facts reach the VM through its
 * VMI's conditions (PodScheduled, Synchronized with ErrImagePull/ImagePullBackOff), which the VMI
 * controller copies from the launcher pod, as in KubeVirt.
 *
 * @param vm the VirtualMachine, with the status computed so far (startFailure already synced)
 * @param vmi its VirtualMachineInstance, or null
 * @param runStrategy the effective run strategy, or null when the spec is invalid
 * @param volumes the state of the template's PVCs and DataVolumes
 * @param startExpected this pass created the VMI (KubeVirt: a pending creation expectation)
 * @param stopExpected this pass deleted the VMI (KubeVirt: a pending deletion expectation)
 */
public record VmObservation(
    VirtualMachine vm,
    VirtualMachineInstance vmi,
    String runStrategy,
    VolumeFacts volumes,
    boolean startExpected,
    boolean stopExpected) {}
