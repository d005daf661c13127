package dev.convoy.api.kubevirt.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KubeVirt's VirtualMachine ({@code kubevirt.io/v1}): a VirtualMachineInstance template plus a run
 * strategy. The VM controller creates, restarts and deletes the VirtualMachineInstance of the same
 * name. Has a {@code /status} subresource.
 */
@Group(KubeVirt.GROUP)
@Version(KubeVirt.VERSION)
@Plural("virtualmachines")
@ShortNames({"vm", "vms"})
@Categories("all")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.printableStatus")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type=='Ready')].status")
public class VirtualMachine extends CustomResource<VirtualMachineSpec, VirtualMachineStatus>
    implements Namespaced {}
