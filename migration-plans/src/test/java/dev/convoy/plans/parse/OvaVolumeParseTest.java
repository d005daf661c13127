package dev.convoy.plans.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.convoy.v1alpha1.OvaVolume;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code spec.source.ovaVolume}: where import pods read OVA packages in a cluster. */
class OvaVolumeParseTest {
  static final String SOURCE =
      """
      apiVersion: convoy.dev/v1alpha1
      kind: MigrationPlan
      metadata:
        name: p
      spec:
        target:
          namespace: apps
        source:
          provider:
            inventory:
              file: inv.yaml
      """;

  @Test
  @DisplayName("an NFS export or a PVC binds, with positions")
  void binds() {
    ParsedPlan nfs =
        PlanParser.parse(
            "plan.yaml",
            SOURCE
                + """
                    ovaVolume:
                      root: /mnt/ova
                      nfs: {server: nfs.example.com, path: /exports/ova}
                """);
    OvaVolume volume = nfs.plan().getSpec().getSource().getOvaVolume();
    assertThat(volume.getRoot()).isEqualTo("/mnt/ova");
    assertThat(volume.getNfs().getServer()).isEqualTo("nfs.example.com");
    assertThat(volume.getNfs().getPath()).isEqualTo("/exports/ova");
    assertThat(nfs.at("spec.source.ovaVolume.root").line()).isEqualTo(13);
    ParsedPlan claim =
        PlanParser.parse(
            "plan.yaml",
            SOURCE
                + """
                    ovaVolume:
                      root: /data
                      persistentVolumeClaim: {claimName: ova-packages}
                """);
    assertThat(
            claim
                .plan()
                .getSpec()
                .getSource()
                .getOvaVolume()
                .getPersistentVolumeClaim()
                .getClaimName())
        .isEqualTo("ova-packages");
  }

  @Test
  @DisplayName("bad values are named with their position")
  void badValues() {
    assertThat(
            PlanParserTest.problems(
                SOURCE
                    + """
                        ovaVolume:
                          root: mnt/../ova
                          nfs: {server: "nfs server", path: exports}
                          persistentVolumeClaim: {claimName: OVA_Files}
                    """))
        .containsExactly(
            "plan.yaml:13:7: 'spec.source.ovaVolume' needs exactly one of 'nfs' (an NFS export) or"
                + " 'persistentVolumeClaim' (a PVC holding the packages); it has both",
            "plan.yaml:13:13: 'spec.source.ovaVolume.root' is 'mnt/../ova'; expected an absolute"
                + " path without '..'",
            "plan.yaml:14:21: 'spec.source.ovaVolume.nfs.server' is 'nfs server'; expected a host"
                + " name or IP address",
            "plan.yaml:14:41: 'spec.source.ovaVolume.nfs.path' is 'exports'; expected an absolute"
                + " path without '..'",
            "plan.yaml:15:42: 'spec.source.ovaVolume.persistentVolumeClaim.claimName' is"
                + " 'OVA_Files'; expected a PVC name: lower-case letters, digits, '-' and '.'");
    assertThat(
            PlanParserTest.problems(
                SOURCE
                    + """
                        ovaVolume:
                          nfs: {server: nfs.example.com}
                          persistenVolumeClaim: {}
                    """))
        .containsExactly(
            "plan.yaml:13:7: 'spec.source.ovaVolume' needs the key 'root'",
            "plan.yaml:13:12: 'spec.source.ovaVolume.nfs' needs the key 'path'",
            "plan.yaml:14:7: unknown key 'persistenVolumeClaim' in 'spec.source.ovaVolume'; did"
                + " you mean 'persistentVolumeClaim'?");
  }
}
