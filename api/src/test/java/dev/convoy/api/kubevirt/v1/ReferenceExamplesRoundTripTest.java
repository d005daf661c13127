package dev.convoy.api.kubevirt.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convoy.api.Serialization;
import dev.convoy.api.testing.ReferenceExamples;
import dev.convoy.api.testing.ReferenceExamples.Example;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every VirtualMachine and VirtualMachineInstance manifest of KubeVirt's examples reads into the
 * typed classes and writes back to the same JSON tree: no field is lost (unknown ones are kept),
 * renamed, retyped or added.
 */
class ReferenceExamplesRoundTripTest {

  static List<Example> virtualMachines() {
    return ReferenceExamples.ofKind("VirtualMachine");
  }

  static List<Example> virtualMachineInstances() {
    return ReferenceExamples.ofKind("VirtualMachineInstance");
  }

  @DisplayName("a VirtualMachine example survives read and write unchanged")
  @ParameterizedTest(name = "{0}")
  @MethodSource("virtualMachines")
  void virtualMachine(Example example) throws Exception {
    assertRoundTrip(example, VirtualMachine.class);
  }

  @DisplayName("a VirtualMachineInstance example survives read and write unchanged")
  @ParameterizedTest(name = "{0}")
  @MethodSource("virtualMachineInstances")
  void virtualMachineInstance(Example example) throws Exception {
    assertRoundTrip(example, VirtualMachineInstance.class);
  }

  private static void assertRoundTrip(Example example, Class<?> type) throws Exception {
    JsonNode original = example.document();

    Object typed = Serialization.json().treeToValue(original, type);
    assertThat(Serialization.toTree(typed)).as("JSON written by Serialization").isEqualTo(original);

    // The same through YAML text, the form manifests are written in.
    String yaml = Serialization.toYaml(typed);
    assertThat(Serialization.yaml().readTree(yaml))
        .as("YAML written by Serialization")
        .isEqualTo(original);

    // And through fabric8's own serialization, which the Kubernetes client uses on the wire.
    KubernetesSerialization fabric8 = new KubernetesSerialization();
    Object viaClient = fabric8.unmarshal(fabric8.asJson(original), type);
    assertThat(Serialization.json().readTree(fabric8.asJson(viaClient)))
        .as("JSON written by the Kubernetes client")
        .isEqualTo(original);
  }
}
