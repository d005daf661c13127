package dev.convoy.operator.vmi;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.operator.volumes.VolumeFacts;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What the VMI controller knows in one pass.
 *
 * @param vmi the VirtualMachineInstance as read
 * @param pod its launcher pod (the one created this pass, if any), or null
 * @param volumes the state of the claims its volumes name
 * @param podCreateError why creating the pod failed this pass, or null
 */
public record VmiObservation(
    VirtualMachineInstance vmi, Pod pod, VolumeFacts volumes, String podCreateError) {}
