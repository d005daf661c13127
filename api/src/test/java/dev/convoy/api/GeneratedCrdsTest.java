package dev.convoy.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.testing.GeneratedCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generated CRDs carry KubeVirt's names, columns and subresources. */
class GeneratedCrdsTest {

  static CustomResourceDefinition crd(String file) {
    return GeneratedCrds.load(file);
  }

  static CustomResourceDefinitionVersion onlyVersion(CustomResourceDefinition crd) {
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    return crd.getSpec().getVersions().get(0);
  }

  /** Printer columns as name to JSON path. */
  static Map<String, String> columns(CustomResourceDefinitionVersion version) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
      columns.put(column.getName(), column.getJsonPath());
    }
    return columns;
  }

  static JSONSchemaProps schemaAt(CustomResourceDefinitionVersion version, String... path) {
    JSONSchemaProps schema = version.getSchema().getOpenAPIV3Schema();
    for (String property : path) {
      schema =
          property.equals("[]")
              ? schema.getItems().getSchema()
              : schema.getProperties().get(property);
      assertThat(schema).as("schema of %s", String.join(".", path)).isNotNull();
    }
    return schema;
  }

  @Test
  @DisplayName("VirtualMachine: vm/vms, category all, Age/Status/Ready columns, status subresource")
  void virtualMachine() throws Exception {
    CustomResourceDefinition crd = crd("virtualmachines.kubevirt.io-v1.yml");
    assertThat(crd.getMetadata().getName()).isEqualTo("virtualmachines.kubevirt.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("VirtualMachine");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("vm", "vms");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("all");
    CustomResourceDefinitionVersion v1 = onlyVersion(crd);
    assertThat(v1.getName()).isEqualTo("v1");
    assertThat(columns(v1))
        .containsEntry("Age", ".metadata.creationTimestamp")
        .containsEntry("Status", ".status.printableStatus")
        .containsEntry("Ready", ".status.conditions[?(@.type=='Ready')].status")
        .hasSize(3);
    assertThat(v1.getSubresources().getStatus()).isNotNull();

    assertThat(schemaAt(v1, "spec", "running").getType()).isEqualTo("boolean");
    assertThat(schemaAt(v1, "spec").getRequired()).contains("template");
    JSONSchemaProps domain = schemaAt(v1, "spec", "template", "spec", "domain");
    assertThat(domain.getXKubernetesPreserveUnknownFields()).isTrue();
    assertThat(domain.getRequired()).contains("devices");
    assertThat(schemaAt(v1, "spec", "template", "metadata").getXKubernetesPreserveUnknownFields())
        .isTrue();
    assertThat(
            schemaAt(v1, "spec", "template", "spec", "domain", "memory", "guest")
                .getXKubernetesIntOrString())
        .isTrue();
    assertThat(
            schemaAt(v1, "spec", "dataVolumeTemplates", "[]", "spec", "source", "http", "url")
                .getType())
        .isEqualTo("string");
  }

  @Test
  @DisplayName("VirtualMachineInstance: vmi/vmis, KubeVirt's columns, and NO status subresource")
  void virtualMachineInstance() throws Exception {
    CustomResourceDefinition crd = crd("virtualmachineinstances.kubevirt.io-v1.yml");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("vmi", "vmis");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("all");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    CustomResourceDefinitionVersion v1 = onlyVersion(crd);
    assertThat(columns(v1))
        .containsEntry("Age", ".metadata.creationTimestamp")
        .containsEntry("Phase", ".status.phase")
        .containsEntry("IP", ".status.interfaces[0].ipAddress")
        .containsEntry("NodeName", ".status.nodeName")
        .containsEntry("Ready", ".status.conditions[?(@.type=='Ready')].status");
    assertThat(v1.getAdditionalPrinterColumns())
        .filteredOn(c -> c.getName().equals("Live-Migratable") || c.getName().equals("Paused"))
        .allSatisfy(c -> assertThat(c.getPriority()).isEqualTo(1))
        .hasSize(2);
    assertThat(v1.getSubresources()).as("KubeVirt's VMI has no /status subresource").isNull();
    assertThat(schemaAt(v1, "status", "phase").getType()).isEqualTo("string");
  }

  @Test
  @DisplayName(
      "VirtualMachineInstanceMigration: vmim/vmims, Phase and VMI columns, status subresource")
  void virtualMachineInstanceMigration() throws Exception {
    CustomResourceDefinition crd = crd("virtualmachineinstancemigrations.kubevirt.io-v1.yml");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("vmim", "vmims");
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("all");
    CustomResourceDefinitionVersion v1 = onlyVersion(crd);
    assertThat(columns(v1))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Phase", ".status.phase", "VMI", ".spec.vmiName"));
    assertThat(v1.getSubresources().getStatus()).isNotNull();
  }

  @Test
  @DisplayName(
      "Convoy's kinds: names, columns, status subresource, strict schema with CEL one-of rules")
  void convoyKinds() throws Exception {
    CustomResourceDefinition plan = crd("migrationplans.convoy.dev-v1.yml");
    assertThat(plan.getSpec().getNames().getShortNames()).containsExactly("mplan", "mplans");
    assertThat(plan.getSpec().getNames().getCategories()).containsExactly("convoy");
    CustomResourceDefinitionVersion planVersion = onlyVersion(plan);
    assertThat(planVersion.getName()).isEqualTo("v1alpha1");
    assertThat(columns(planVersion)).containsKeys("Target", "VMs", "Waves", "Ready", "Age");
    assertThat(planVersion.getSubresources().getStatus()).isNotNull();
    assertThat(schemaAt(planVersion, "spec").getXKubernetesPreserveUnknownFields())
        .as("unknown fields of a plan are pruned, not kept")
        .isNull();
    assertThat(schemaAt(planVersion, "spec").getRequired()).contains("source", "target");
    assertThat(schemaAt(planVersion, "spec", "source", "provider").getXKubernetesValidations())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getMessage()).contains("exactly one of vsphere, ova or inventory"));
    assertThat(schemaAt(planVersion, "spec", "defaults", "preserveMacs").getDefault().asBoolean())
        .isTrue();

    CustomResourceDefinition migration = crd("migrations.convoy.dev-v1.yml");
    assertThat(migration.getSpec().getNames().getShortNames()).containsExactly("cmig", "cmigs");
    CustomResourceDefinitionVersion migrationVersion = onlyVersion(migration);
    assertThat(columns(migrationVersion))
        .containsEntry("Plan", ".spec.planRef.name")
        .containsEntry("Phase", ".status.phase");
    assertThat(migrationVersion.getSubresources().getStatus()).isNotNull();
  }

  @Test
  @DisplayName("no CRD is generated for CDI's DataVolume: CDI installs its own")
  void noDataVolumeCrd() throws Exception {
    assertThat(CrdsUpToDateTest.yamlFiles(GeneratedCrds.directory()))
        .containsExactlyInAnyOrderElementsOf(GeneratedCrds.FILES);
  }
}
