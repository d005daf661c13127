package dev.convoy.api.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.api.Serialization;
import dev.convoy.api.cdi.v1beta1.DataVolume;
import dev.convoy.api.cdi.v1beta1.DataVolumeSourceVddk;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineSerializationTest;
import dev.convoy.api.testing.ReferenceExamples.Example;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema helper accepts what KubeVirt's schema accepts and, above all, rejects what it rejects.
 */
class ReferenceSchemasTest {

  static Stream<Example> vmsAndVmis() {
    return Stream.concat(
        ReferenceExamples.ofKind("VirtualMachine").stream(),
        ReferenceExamples.ofKind("VirtualMachineInstance").stream());
  }

  @DisplayName("every KubeVirt example VM and VMI validates, as read and after a typed round trip")
  @ParameterizedTest(name = "{0}")
  @MethodSource("vmsAndVmis")
  void examplesValidate(Example example) throws Exception {
    String definition = "v1." + example.kind();
    assertThat(ReferenceSchemas.validate(example.document(), definition)).isEmpty();

    Class<?> type =
        example.kind().equals("VirtualMachine")
            ? VirtualMachine.class
            : VirtualMachineInstance.class;
    Object typed = Serialization.json().treeToValue(example.document(), type);
    ReferenceSchemas.assertValid(typed, definition);
  }

  @Test
  @DisplayName(
      "a VirtualMachine built in Java validates, and so does its DataVolume template as a DataVolume")
  void javaBuiltVmValidates() {
    VirtualMachine vm = VirtualMachineSerializationTest.migratedVm();
    ReferenceSchemas.assertValidVirtualMachine(vm);

    DataVolume dv = new DataVolume();
    dv.setMetadata(vm.getSpec().getDataVolumeTemplates().get(0).getMetadata());
    dv.setSpec(vm.getSpec().getDataVolumeTemplates().get(0).getSpec());
    ReferenceSchemas.assertValidDataVolume(dv);
  }

  static ObjectNode cirrosVm() {
    return (ObjectNode)
        ReferenceExamples.ofKind("VirtualMachine").stream()
            .filter(e -> e.file().getFileName().toString().equals("vm-cirros.yaml"))
            .findFirst()
            .orElseThrow()
            .document()
            .deepCopy();
  }

  @Test
  @DisplayName("spec.running of the wrong type is rejected, naming the field")
  void rejectsWrongType() {
    ObjectNode vm = cirrosVm();
    ((ObjectNode) vm.get("spec")).put("running", "yes");

    List<String> errors = ReferenceSchemas.validate(vm, "v1.VirtualMachine");
    assertThat(errors).singleElement().asString().contains("/spec/running").contains("boolean");
    assertThatThrownBy(() -> ReferenceSchemas.assertValidVirtualMachine(vm))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not a valid v1.VirtualMachine")
        .hasMessageContaining("/spec/running");
  }

  @Test
  @DisplayName("a VMI spec without domain, and a domain without devices, are rejected")
  void rejectsMissingRequired() {
    ObjectNode vm = cirrosVm();
    ObjectNode templateSpec = (ObjectNode) vm.at("/spec/template/spec");
    templateSpec.remove("domain");
    assertThat(ReferenceSchemas.validate(vm, "v1.VirtualMachine"))
        .singleElement()
        .asString()
        .contains("/spec/template/spec")
        .contains("domain");

    ObjectNode vmi = vm.at("/spec/template").deepCopy();
    vmi.put("apiVersion", "kubevirt.io/v1").put("kind", "VirtualMachineInstance");
    ((ObjectNode) vmi.get("spec")).putObject("domain").putObject("memory").put("guest", "1Gi");
    assertThat(ReferenceSchemas.validate(vmi, "v1.VirtualMachineInstance"))
        .singleElement()
        .asString()
        .contains("devices");
  }

  @Test
  @DisplayName(
      "values outside a schema enum are rejected; runStrategy has no enum upstream, so any string passes")
  void enumsAsFarAsTheSchemaGoes() {
    ObjectNode vm = cirrosVm();
    ((ObjectNode) vm.at("/spec/template/spec")).put("dnsPolicy", "Sometimes");
    assertThat(ReferenceSchemas.validate(vm, "v1.VirtualMachine"))
        .singleElement()
        .asString()
        .contains("dnsPolicy");

    // Honest limit: KubeVirt's swagger types runStrategy as a plain string; only its webhook
    // rejects "Sometimes".
    ObjectNode other = cirrosVm();
    ((ObjectNode) other.get("spec")).put("runStrategy", "Sometimes");
    assertThat(ReferenceSchemas.validate(other, "v1.VirtualMachine")).isEmpty();
  }

  @Test
  @DisplayName(
      "unknown fields pass: the upstream schema does not forbid them (no additionalProperties: false)")
  void unknownFieldsAreNotDetected() {
    ObjectNode vm = cirrosVm();
    ((ObjectNode) vm.get("spec")).put("runStrategyy", "Always");
    assertThat(ReferenceSchemas.validate(vm, "v1.VirtualMachine")).isEmpty();
  }

  @Test
  @DisplayName("a DataVolume with a VDDK source validates; a pvc source without namespace does not")
  void dataVolumes() throws Exception {
    DataVolumeSourceVddk vddk = new DataVolumeSourceVddk();
    vddk.setUrl("https://vcenter.example.com");
    vddk.setUuid("4213c3b0-8a6e-4ad5-9f0c-1a2b3c4d5e6f");
    vddk.setBackingFile("[datastore1] web-01/web-01.vmdk");
    vddk.setThumbprint("AA:BB:CC");
    vddk.setSecretRef("vcenter-credentials");
    vddk.setInitImageUrl("registry.example.com/vddk:8");
    JsonNode dv =
        Serialization.yaml()
            .readTree(
                """
                apiVersion: cdi.kubevirt.io/v1beta1
                kind: DataVolume
                metadata: {name: web-01-disk-0}
                spec:
                  storage:
                    resources: {requests: {storage: 40Gi}}
                """);
    DataVolume typed = Serialization.json().treeToValue(dv, DataVolume.class);
    typed.getSpec().setSource(new dev.convoy.api.cdi.v1beta1.DataVolumeSource());
    typed.getSpec().getSource().setVddk(vddk);
    ReferenceSchemas.assertValidDataVolume(typed);
    assertThat(Serialization.toTree(typed).at("/spec/source/vddk/initImageURL").asText())
        .isEqualTo("registry.example.com/vddk:8");

    ObjectNode broken = (ObjectNode) Serialization.toTree(typed);
    ((ObjectNode) broken.at("/spec/source")).removeAll().putObject("pvc").put("name", "golden");
    assertThat(ReferenceSchemas.validate(broken, "v1beta1.DataVolume"))
        .singleElement()
        .asString()
        .contains("namespace");
  }

  @Test
  @DisplayName("an unknown definition name is an error, not a silent pass")
  void unknownDefinition() {
    assertThatThrownBy(() -> ReferenceSchemas.validate(cirrosVm(), "v1.VirtualMachineTypo"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v1.VirtualMachineTypo");
  }
}
