package dev.convoy.api.convoy.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One run of a {@link MigrationPlan} ({@code convoy.dev/v1alpha1}): which waves to run, dry run,
 * VMs to cancel; its status tracks progress per wave, VM and disk.
 */
@Group(Convoy.GROUP)
@Version(Convoy.VERSION)
@Plural("migrations")
@ShortNames({"cmig", "cmigs"})
@Categories(Convoy.CATEGORY)
@AdditionalPrinterColumn(name = "Plan", jsonPath = ".spec.planRef.name")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(
    name = "Copied",
    jsonPath = ".status.bytesCopied",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Total",
    jsonPath = ".status.bytesTotal",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Migration extends CustomResource<MigrationSpec, MigrationStatus>
    implements Namespaced {}
