package dev.convoy.plans.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.api.convoy.v1alpha1.AutoWaves;
import dev.convoy.api.convoy.v1alpha1.MigrationPlan;
import dev.convoy.plans.yaml.YamlProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanParserTest {

  static String resource(String name) {
    try (InputStream in = PlanParserTest.class.getResourceAsStream("/plans/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> problems(String text) {
    InvalidPlanException e =
        catchThrowableOfType(InvalidPlanException.class, () -> PlanParser.parse("plan.yaml", text));
    assertThat(e).as("expected the plan to be rejected").isNotNull();
    return e.problems().stream().map(YamlProblem::toString).toList();
  }

  static final String HEADER =
      """
      apiVersion: convoy.dev/v1alpha1
      kind: MigrationPlan
      metadata:
        name: p
      spec:
        source:
          provider:
            inventory:
              file: inv.yaml
        target:
          namespace: apps
      """;

  @Test
  @DisplayName("a plan using every feature binds to the operator's MigrationPlan model")
  void fullPlanBinds() {
    ParsedPlan parsed = PlanParser.parse("full-auto.yaml", resource("full-auto.yaml"));
    MigrationPlan plan = parsed.plan();
    assertThat(plan.getMetadata().getName()).isEqualTo("finance-move");
    assertThat(plan.getSpec().getTarget().getStorageMap()).hasSize(2);
    assertThat(plan.getSpec().getTarget().getNetworkMap().get(1).getMultus().getNetworkName())
        .isEqualTo("finance/vlan-100");
    AutoWaves auto = plan.getSpec().getWaves().getAuto();
    assertThat(auto.getCaps().getMaxProvisionedGiB()).isEqualTo(4096L);
    assertThat(auto.getMoveGroups().get(1).getTags()).containsExactly("app/crm");
    assertThat(auto.getDependencies().get(1).getTogether()).isFalse();
    assertThat(auto.getWindows().get(1).getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(parsed.at("spec.waves.auto.caps.maxVms").line()).isEqualTo(57);
    assertThat(parsed.keyAt("spec.target.namespace").column()).isEqualTo(5);
  }

  @Test
  @DisplayName("many problems at once, each with file:line:column and what was expected")
  void manyProblemsAtOnce() {
    assertThat(problems(resource("broken-many.yaml")))
        .containsExactly(
            "plan.yaml:11:16: 'spec.target.namespace' is 'Finance_Apps'; expected a namespace"
                + " name: at most 63 lower-case letters, digits and '-'",
            "plan.yaml:13:9: 'spec.target.storageMap[0]' needs the key 'storageClass'",
            "plan.yaml:14:9: unknown key 'storageClas' in 'spec.target.storageMap[0]'; did you"
                + " mean 'storageClass'?",
            "plan.yaml:16:14: 'spec.defaults.diskBus' is 'virtoi'; expected one of virtio, scsi,"
                + " sata; did you mean 'virtio'?",
            "plan.yaml:17:3: unknown key 'wavs' in 'spec'; did you mean 'waves'?");
  }

  @Test
  @DisplayName("an unknown key without a close match lists the keys that are allowed")
  void unknownKeyListsChoices() {
    assertThat(problems(HEADER + "  zebra: 1\n"))
        .containsExactly(
            "plan.yaml:12:3: unknown key 'zebra' in 'spec' (expected one of: defaults, execution,"
                + " selection, source, target, waves)");
  }

  @Test
  @DisplayName("wrong kinds of value name what was expected")
  void wrongValueKinds() {
    String text =
        HEADER
            + """
              waves:
                auto:
                  caps:
                    maxVms: many
                    maxProvisionedGiB: 0
                  throughputMiBps: [1]
                  moveGroups: {name: x}
                  dependencies:
                    - vm: a
                      dependsOn: b
                      together: yes
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:15:17: 'spec.waves.auto.caps.maxVms' is 'many'; expected a whole number",
            "plan.yaml:16:28: 'spec.waves.auto.caps.maxProvisionedGiB' is 0; expected at least 1",
            "plan.yaml:17:24: 'spec.waves.auto.throughputMiBps' is a list; expected a whole"
                + " number",
            "plan.yaml:18:19: 'spec.waves.auto.moveGroups' is a mapping; expected a list (lines"
                + " starting with '- ', or [a, b])",
            "plan.yaml:21:22: 'spec.waves.auto.dependencies[0].dependsOn' is 'b'; expected a"
                + " list (lines starting with '- ', or [a, b])",
            "plan.yaml:22:21: 'spec.waves.auto.dependencies[0].together' is 'yes'; expected true"
                + " or false");
  }

  @Test
  @DisplayName("YAML syntax errors point at the offending character; tabs get a hint")
  void syntaxErrors() {
    assertThat(problems("apiVersion: convoy.dev/v1alpha1\nkind: [MigrationPlan\n"))
        .singleElement()
        .asString()
        .startsWith("plan.yaml:3:1: invalid YAML:");
    assertThat(problems("apiVersion: x\nspec:\n\ttarget: {}\n"))
        .singleElement()
        .asString()
        .startsWith("plan.yaml:3:1: invalid YAML: found character '\\t(TAB)'")
        .endsWith("indent YAML with spaces, not tabs");
  }

  @Test
  @DisplayName("documents that are not one mapping are rejected with a position")
  void notOneMapping() {
    assertThat(problems(""))
        .containsExactly("plan.yaml:1:1: the file is empty; expected a YAML mapping");
    assertThat(problems("- a\n- b\n"))
        .singleElement()
        .asString()
        .startsWith("plan.yaml:1:1: the document is a list; expected a mapping");
    assertThat(problems(HEADER + "---\nkind: other\n"))
        .singleElement()
        .asString()
        .startsWith("plan.yaml:12:1: a second YAML document starts here");
  }

  @Test
  @DisplayName("apiVersion and kind must be Convoy's plan kind")
  void headerChecked() {
    assertThat(
            problems(
                HEADER
                    .replace("convoy.dev/v1alpha1", "forklift.konveyor.io/v1beta1")
                    .replace("kind: MigrationPlan", "kind: MigrationPlam")))
        .containsExactly(
            "plan.yaml:1:13: 'apiVersion' is 'forklift.konveyor.io/v1beta1'; expected"
                + " convoy.dev/v1alpha1",
            "plan.yaml:2:7: 'kind' is 'MigrationPlam'; expected MigrationPlan; did you mean"
                + " 'MigrationPlan'?");
  }

  @Test
  @DisplayName("duplicate keys are errors that name the first occurrence")
  void duplicateKeys() {
    assertThat(problems(HEADER + "  target:\n    namespace: b\n"))
        .containsExactly("plan.yaml:12:3: duplicate key 'target' (first defined at line 10)");
  }

  @Test
  @DisplayName("a dependency cycle is an error that prints the whole cycle")
  void dependencyCycle() {
    String text =
        HEADER
            + """
              waves:
                auto:
                  dependencies:
                    - vm: web
                      dependsOn: [app]
                    - vm: app
                      dependsOn: [db, cache]
                    - vm: db
                      dependsOn: [web]
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:20:23: dependency cycle: web needs app needs db needs web; nothing on a"
                + " cycle can move first (mark the dependencies 'together: true' if these VMs"
                + " must move in one wave)");
  }

  @Test
  @DisplayName("a cycle closed only by a 'together' dependency is allowed")
  void togetherBreaksCycle() {
    String text =
        HEADER
            + """
              waves:
                auto:
                  dependencies:
                    - vm: web
                      dependsOn: [db]
                    - vm: db
                      dependsOn: [web]
                      together: true
            """;
    assertThat(PlanParser.parse("plan.yaml", text).plan()).isNotNull();
  }

  @Test
  @DisplayName("cutover windows: zones, local times, order")
  void windows() {
    String text =
        HEADER
            + """
              waves:
                auto:
                  windows:
                    - start: "2026-10-03T22:00"
                      end: "2026-10-04T06:00"
                      timeZone: Europe/Berln
                    - start: "2026-10-03T22:00Z"
                      end: "2026-10-04T06:00"
                    - start: "2026-10-10T22:00"
                      end: "2026-10-10T21:00"
                    - start: "2026-10-11T02:00"
                      end: "2026-10-11T05:00"
                      timeZone: America/New_York
                    - start: "2026-10-11T06:00"
                      end: "2026-10-11T08:00"
                      timeZone: UTC
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:17:21: 'spec.waves.auto.windows[0].timeZone' is 'Europe/Berln'; expected"
                + " an IANA time zone such as Europe/Berlin or America/New_York; did you mean"
                + " 'Europe/Berlin'?",
            "plan.yaml:18:18: 'spec.waves.auto.windows[1].start' is '2026-10-03T22:00Z'; expected"
                + " a local date and time like 2026-10-03T22:00 without an offset (the zone goes"
                + " in timeZone)",
            "plan.yaml:21:16: window 3 ends before it starts",
            "plan.yaml:25:18: window 5 starts before window 4 ends; list windows in order,"
                + " without overlaps (one wave per window)");
  }

  @Test
  @DisplayName("explicit waves: a VM in two waves, duplicate names, both explicit and auto")
  void explicitWaves() {
    String text =
        HEADER
            + """
              waves:
                auto: {}
                explicit:
                  - name: pilot
                    vms: [a, b]
                  - name: pilot
                    vms: [c, a]
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:13:5: 'spec.waves' needs exactly one of 'explicit' (waves listed by hand)"
                + " or 'auto' (planned from groups, dependencies and caps)",
            "plan.yaml:17:15: duplicate wave 'pilot' (first at line 15)",
            "plan.yaml:18:18: VM 'a' is already in wave 'pilot'; a VM moves in exactly one wave");
  }

  @Test
  @DisplayName("network and storage maps: duplicates, one of pod/multus, names")
  void maps() {
    String text =
        HEADER
            + """
                storageMap:
                  - source: ds1
                    storageClass: Fast_SSD
                  - source: ds1
                    storageClass: slow
                networkMap:
                  - source: VM Network
                  - source: VM Network
                    pod: {}
                    multus: {networkName: a/b/c}
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:14:23: 'spec.target.storageMap[0].storageClass' is 'Fast_SSD'; expected a"
                + " storage class name (lower-case letters, digits, '-', '.')",
            "plan.yaml:15:17: duplicate storage mapping for datastore 'ds1' (first at line 13)",
            "plan.yaml:18:9: 'spec.target.networkMap[0]' needs exactly one of 'pod: {}' (the pod"
                + " network, masquerade) or 'multus: {networkName: ...}' (a"
                + " NetworkAttachmentDefinition, bridge)",
            "plan.yaml:19:9: 'spec.target.networkMap[1]' needs exactly one of 'pod: {}' (the pod"
                + " network, masquerade) or 'multus: {networkName: ...}' (a"
                + " NetworkAttachmentDefinition, bridge)",
            "plan.yaml:19:17: duplicate network mapping for 'VM Network' (first at line 18)",
            "plan.yaml:21:31: 'spec.target.networkMap[1].multus.networkName' is 'a/b/c'; expected"
                + " a NetworkAttachmentDefinition as name or namespace/name");
  }

  @Test
  @DisplayName("an alias bomb is refused quickly with a position, not expanded")
  void aliasBomb() {
    StringBuilder text = new StringBuilder(HEADER).append("  x0: &a0 [1, 2, 3, 4, 5, 6, 7, 8]\n");
    for (int i = 1; i < 30; i++) {
      text.append("  x").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 8; j++) {
        text.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      text.append("]\n");
    }
    long started = System.nanoTime();
    List<String> problems = problems(text.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(problems).singleElement().asString().contains("aliases expand this document");
  }

  @Test
  @DisplayName("a file that is not UTF-8 is rejected at the first bad byte")
  void notUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("plan.yaml");
    byte[] head = HEADER.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 3];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = 'x';
    bytes[head.length + 1] = (byte) 0xC3;
    bytes[head.length + 2] = (byte) 0x28;
    Files.write(file, bytes);
    InvalidPlanException e =
        catchThrowableOfType(InvalidPlanException.class, () -> PlanParser.read(file));
    assertThat(e.getMessage()).isEqualTo(file + ":12:2: the file is not UTF-8 text");
  }
}
