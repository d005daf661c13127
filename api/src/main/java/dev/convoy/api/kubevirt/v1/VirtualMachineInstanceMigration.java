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
 * KubeVirt's VirtualMachineInstanceMigration ({@code kubevirt.io/v1}): a request to live-migrate
 * one VirtualMachineInstance to another node. Has a {@code /status} subresource.
 */
@Group(KubeVirt.GROUP)
@Version(KubeVirt.VERSION)
@Plural("virtualmachineinstancemigrations")
@ShortNames({"vmim", "vmims"})
@Categories("all")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "VMI", jsonPath = ".spec.vmiName")
public class VirtualMachineInstanceMigration
    extends CustomResource<
        VirtualMachineInstanceMigrationSpec, VirtualMachineInstanceMigrationStatus>
    implements Namespaced {}
