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
 * KubeVirt's VirtualMachineInstance ({@code kubevirt.io/v1}): one running virtual machine, backed
 * by one launcher pod.
 *
 * <p>Unlike VirtualMachine, this kind has <b>no {@code /status} subresource</b> in KubeVirt:
 * controllers write the status with a full update (or a patch) of the object, and so does Convoy.
 * The generated CRD drops the subresource the CRD generator would otherwise add (see api/pom.xml).
 */
@Group(KubeVirt.GROUP)
@Version(KubeVirt.VERSION)
@Plural("virtualmachineinstances")
@ShortNames({"vmi", "vmis"})
@Categories("all")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "IP", jsonPath = ".status.interfaces[0].ipAddress")
@AdditionalPrinterColumn(name = "NodeName", jsonPath = ".status.nodeName")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type=='Ready')].status")
@AdditionalPrinterColumn(
    name = "Live-Migratable",
    jsonPath = ".status.conditions[?(@.type=='LiveMigratable')].status",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Paused",
    jsonPath = ".status.conditions[?(@.type=='Paused')].status",
    priority = 1)
public class VirtualMachineInstance
    extends CustomResource<VirtualMachineInstanceSpec, VirtualMachineInstanceStatus>
    implements Namespaced {}
