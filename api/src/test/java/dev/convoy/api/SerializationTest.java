package dev.convoy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convoy.api.convoy.v1alpha1.MigrationPlanSpec;
import dev.convoy.api.kubevirt.v1.Disk;
import dev.convoy.api.kubevirt.v1.DiskTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SerializationTest {

  @Test
  @DisplayName(
      "strings that look like numbers, booleans or null are quoted in YAML and read back as strings")
  void quotesAmbiguousStrings() throws Exception {
    List<String> tricky =
        List.of(
            "true",
            "false",
            "yes",
            "no",
            "on",
            "off",
            "null",
            "~",
            "",
            "1",
            "012",
            "1.5",
            "1e3",
            "0x1F",
            "12:30",
            "00:50:56:12:34:56",
            "-",
            "- item",
            "a: b",
            "#comment",
            "multi\nline\n");
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < tricky.size(); i++) {
      values.put("k" + i, tricky.get(i));
    }
    String yaml = Serialization.toYaml(values);

    JsonNode read = Serialization.yaml().readTree(yaml);
    for (int i = 0; i < tricky.size(); i++) {
      JsonNode value = read.get("k" + i);
      assertThat(value.isTextual()).as("%s in%n%s", tricky.get(i), yaml).isTrue();
      assertThat(value.asText()).isEqualTo(tricky.get(i));
    }
    assertThat(yaml).doesNotStartWith("---").contains("k20: |");
  }

  @Test
  @DisplayName("output is deterministic: map keys sorted, nulls left out, empty objects kept")
  void deterministicOutput() {
    Disk disk = new Disk();
    disk.setName("root");
    disk.setDisk(new DiskTarget());
    disk.setAdditionalProperty("zeta", 1);
    disk.setAdditionalProperty("alpha", Map.of("b", 2, "a", 1));

    assertThat(Serialization.toJson(disk))
        .isEqualTo("{\"name\":\"root\",\"disk\":{},\"alpha\":{\"a\":1,\"b\":2},\"zeta\":1}");
  }

  @Test
  @DisplayName("the strict mapper names an unknown field with its line and column")
  void strictMapperRejectsUnknownFields() {
    String plan =
        """
        source:
          provider:
            ova:
              path: /data/ova
        target:
          namespace: vms
          storageMapp: []
        """;
    assertThatThrownBy(() -> Serialization.strictYaml().readValue(plan, MigrationPlanSpec.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("\"storageMapp\"")
        .hasMessageContaining("line: 7,");
  }

  @Test
  @DisplayName("the lenient mapper ignores unknown fields of Convoy's kinds")
  void lenientMapperIgnoresUnknownFields() throws Exception {
    MigrationPlanSpec spec =
        Serialization.yaml()
            .readValue("target: {namespace: vms, storageMapp: []}\n", MigrationPlanSpec.class);
    assertThat(spec.getTarget().getNamespace()).isEqualTo("vms");
  }

  @Test
  @DisplayName("deepCopy copies unknown fields and shares nothing")
  void deepCopy() {
    Disk disk = new Disk();
    disk.setName("root");
    disk.setAdditionalProperty("blockSize", Map.of("logical", 512));
    Disk copy = Serialization.deepCopy(disk);

    copy.setName("other");
    assertThat(disk.getName()).isEqualTo("root");
    assertThat(copy.getAdditionalProperties()).containsEntry("blockSize", Map.of("logical", 512));
    assertThat(Serialization.sameJson(disk, Serialization.deepCopy(disk))).isTrue();
    assertThat(Serialization.sameJson(disk, copy)).isFalse();
  }

  @Test
  @DisplayName("toTree gives the same tree as reading the JSON text, whatever the Java number type")
  void toTreeNormalisesNumbers() throws Exception {
    ObjectNode read = (ObjectNode) Serialization.json().readTree("{\"n\":180}");
    assertThat(Serialization.toTree(Map.of("n", 180L))).isEqualTo(read);
  }
}
