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
 * A migration plan ({@code convoy.dev/v1alpha1}): its spec is the plan document (source, target,
 * defaults, selection, waves), its status the validation result and the planned waves. Running a
 * plan is a separate {@link Migration}.
 *
 * <p>Unlike the KubeVirt kinds, unknown fields are not kept: the API server prunes them and {@code
 * Serialization.strictYaml()} rejects them, so a typo in a hand-written plan is an error, not a
 * silent no-op.
 */
@Group(Convoy.GROUP)
@Version(Convoy.VERSION)
@Plural("migrationplans")
@ShortNames({"mplan", "mplans"})
@Categories(Convoy.CATEGORY)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.namespace")
@AdditionalPrinterColumn(
    name = "VMs",
    jsonPath = ".status.vmCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Waves",
    jsonPath = ".status.waveCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type=='Ready')].status")
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class MigrationPlan extends CustomResource<MigrationPlanSpec, MigrationPlanStatus>
    implements Namespaced {}
