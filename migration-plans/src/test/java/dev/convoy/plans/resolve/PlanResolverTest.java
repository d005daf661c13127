package dev.convoy.plans.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.convoy.api.inventory.Inventory;
import dev.convoy.api.inventory.InventoryCodec;
import dev.convoy.plans.parse.InvalidPlanException;
import dev.convoy.plans.parse.PlanParser;
import dev.convoy.plans.waves.PlanningVm;
import dev.convoy.plans.yaml.YamlProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PlanResolverTest {
  static final Inventory INVENTORY =
      InventoryCodec.parse(
          resource("inventory.yaml"), InventoryCodec.Format.YAML, "inventory.yaml");

  static String resource(String name) {
    try (InputStream in = PlanResolverTest.class.getResourceAsStream("/generator/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static final String HEAD =
      """
      apiVersion: convoy.dev/v1alpha1
      kind: MigrationPlan
      metadata: {name: p}
      spec:
        source: {provider: {inventory: {file: inventory.yaml}}}
        target:
          namespace: apps
          storageMap:
            - {source: ds-fast, storageClass: fast}
          networkMap:
            - {source: VM Network, pod: {}}
      """;

  static ResolvedPlan resolve(String text) {
    return PlanResolver.resolve(PlanParser.parse("plan.yaml", text), INVENTORY);
  }

  static List<String> problems(String text) {
    InvalidPlanException e = catchThrowableOfType(InvalidPlanException.class, () -> resolve(text));
    assertThat(e).as("expected problems").isNotNull();
    return e.problems().stream().map(YamlProblem::toString).toList();
  }

  @Test
  @DisplayName("unknown VMs, folders, clusters, tags: errors at their position with a did-you-mean")
  void unresolvedSelection() {
    String text =
        HEAD
            + """
              selection:
                names: [db02, App Server 01]
                folders: [/DC1/vm/Financ]
                clusters: [Prod-Clustr]
                tags: [app/biling]
                exclude: [Legacy.Ap]
            """;
    assertThat(problems(text))
        .contains(
            "plan.yaml:13:13: no VM named 'db02' in the inventory; did you mean 'db01'?",
            "plan.yaml:14:15: folder '/DC1/vm/Financ' holds no VM of the inventory; did you mean"
                + " '/DC1/vm/Finance'?",
            "plan.yaml:15:16: cluster 'Prod-Clustr' runs no VM of the inventory; did you mean"
                + " 'Prod-Cluster'?",
            "plan.yaml:16:12: no VM of the inventory has the tag 'app/biling'; did you mean"
                + " 'app/billing'?",
            "plan.yaml:17:15: no VM named 'Legacy.Ap' in the inventory; did you mean"
                + " 'Legacy.App'?");
  }

  @Test
  @DisplayName("a network without a mapping and a datastore without a storage class are errors")
  void unmappedNetworksAndDatastores() {
    assertThat(problems(HEAD))
        .containsExactly(
            "plan.yaml:9:7: datastore 'ds-slow' of 1 selected VM (App Server 01) has no storage"
                + " class in 'spec.target.storageMap'",
            "plan.yaml:9:7: disks outside any datastore (OVA/OVF) of 1 selected VM (Legacy.App)"
                + " has no storage class in 'spec.target.storageMap'; map source '*'",
            "plan.yaml:11:7: network 'DPG-Backend-100' of 2 selected VMs (App Server 01,"
                + " app_server_01) has no mapping in 'spec.target.networkMap'");
  }

  static final String MAPPED =
      HEAD.replace(
              "    - {source: ds-fast, storageClass: fast}",
              "    - {source: ds-fast, storageClass: fast}\n      - {source: '*', storageClass: std}")
          .replace(
              "    - {source: VM Network, pod: {}}",
              "    - {source: VM Network, pod: {}}\n"
                  + "      - {source: DPG-Backend-100, multus: {networkName: backend}}");

  @Test
  @DisplayName("groups, dependencies and priorities resolve to VMs; unknown names are errors")
  void groupsAndDependencies() {
    String text =
        MAPPED
            + """
              waves:
                auto:
                  moveGroups:
                    - {name: billing, tags: [app/billing]}
                    - {name: ghosts, folders: [/nowhere]}
                  dependencies:
                    - {vm: billing, dependsOn: [db01, dbO1]}
                  priority: [billing, nobody]
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:18:11: move group 'ghosts' matches no selected VM",
            "plan.yaml:20:43: 'dbO1' is neither a VM of the inventory nor a move group; did you"
                + " mean 'db01'?",
            "plan.yaml:21:27: 'nobody' is neither a VM of the inventory nor a move group");
    ResolvedPlan resolved =
        resolve(
            text.replace(", dbO1", "")
                .replace(", nobody", "")
                .replace("        - {name: ghosts, folders: [/nowhere]}\n", ""));
    assertThat(resolved.plannerInput().groups())
        .singleElement()
        .satisfies(g -> assertThat(g.vmIds()).containsExactly("vc1:vm-101", "vc1:vm-102"));
    assertThat(resolved.plannerInput().dependencies())
        .singleElement()
        .satisfies(d -> assertThat(d.requiredId()).isEqualTo("vc1:vm-103"));
    assertThat(resolved.plannerInput().vms())
        .filteredOn(v -> v.id().equals("vc1:vm-101"))
        .extracting(PlanningVm::priority)
        .containsExactly(1);
  }

  @Test
  @DisplayName("environments come from tags; VMs without one need a default")
  void environments() {
    String text =
        MAPPED
            + """
              waves:
                auto:
                  environmentOrder: [dev, prod]
            """;
    assertThat(problems(text))
        .containsExactly(
            "plan.yaml:16:25: 1 selected VM (Legacy.App) has no tag in category 'environment';"
                + " tag them or set 'defaultEnvironment'");
    ResolvedPlan resolved = resolve(text + "      defaultEnvironment: dev\n");
    assertThat(resolved.plannerInput().vms())
        .extracting(PlanningVm::environment)
        .containsExactly("prod", "dev", "prod", "prod");
  }

  @Test
  @DisplayName("target names are RFC 1123 labels, unique, and stable per VM")
  void targetNames() {
    ResolvedPlan resolved = resolve(MAPPED);
    assertThat(resolved.targetNames())
        .containsEntry("vc1:vm-103", "db01")
        .containsEntry("ova1:legacy", "legacy-app");
    String first = resolved.targetNames().get("vc1:vm-101");
    String second = resolved.targetNames().get("vc1:vm-102");
    assertThat(first).matches("app-server-01-[0-9a-f]{6}").isNotEqualTo(second);
    // The suffix depends on the VM alone: dropping the other VM keeps the name stable only
    // when names still collide; with one left it is plain again.
    ResolvedPlan one = resolve(MAPPED + "  selection: {exclude: [app_server_01]}\n");
    assertThat(one.targetNames().get("vc1:vm-101")).isEqualTo("app-server-01");
    assertThat(KubernetesNames.label("--Ünïcode VM__(prod)--", 52)).isEqualTo("n-code-vm-prod");
    assertThat(KubernetesNames.label("x".repeat(80), 52)).hasSize(52);
  }
}
