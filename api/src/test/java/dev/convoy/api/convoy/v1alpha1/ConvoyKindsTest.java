package dev.convoy.api.convoy.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.convoy.api.Serialization;
import dev.convoy.api.testing.ReferencePaths;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConvoyKindsTest {

  /** The YAML examples of docs/api.md, so the documentation cannot drift from the model. */
  static List<String> documentedExamples() throws Exception {
    String doc = Files.readString(ReferencePaths.root().resolve("docs/api.md"));
    Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    List<String> examples = new ArrayList<>();
    while (blocks.find()) {
      examples.add(blocks.group(1));
    }
    return examples;
  }

  static <T extends HasMetadata> T documented(Class<T> type, String kind) throws Exception {
    for (String yaml : documentedExamples()) {
      if (yaml.contains("\nkind: " + kind + "\n")) {
        return Serialization.strictYaml().readValue(yaml, type);
      }
    }
    throw new AssertionError("docs/api.md has no " + kind + " example");
  }

  @Test
  @DisplayName("the MigrationPlan example of docs/api.md reads strictly into the model")
  void documentedPlan() throws Exception {
    MigrationPlan plan = documented(MigrationPlan.class, "MigrationPlan");
    MigrationPlanSpec spec = plan.getSpec();

    assertThat(spec.getSource().getProvider().getVsphere().getUrl())
        .isEqualTo("https://vcenter.example.com/sdk");
    assertThat(spec.getSource().getProvider().getVsphere().getCredentialsSecretRef().getName())
        .isEqualTo("vcenter-credentials");
    assertThat(spec.getTarget().getStorageMap())
        .extracting(StorageMapping::getSource, StorageMapping::getStorageClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("datastore1", "fast"),
            org.assertj.core.groups.Tuple.tuple("nfs-archive", "standard"));
    assertThat(spec.getTarget().getNetworkMap().get(0).getPod()).isNotNull();
    assertThat(spec.getTarget().getNetworkMap().get(1).getMultus().getNetworkName())
        .isEqualTo("finance/vlan-20");
    assertThat(spec.getDefaults().getPreserveMacs()).as("default").isTrue();
    assertThat(spec.getDefaults().getNicModel()).as("default").isEqualTo("virtio");
    assertThat(spec.getSelection().getExclude()).containsExactly("finance-scratch");
    AutoWaves auto = spec.getWaves().getAuto();
    assertThat(auto.getMoveGroups().get(0).getVms()).containsExactly("ledger-db", "ledger-app");
    assertThat(auto.getDependencies().get(0).getDependsOn()).containsExactly("ledger-db");
    assertThat(auto.getCaps().getMaxProvisionedGiB()).isEqualTo(2048L);
    assertThat(auto.getWindows()).hasSize(2);
    assertThat(auto.getWindows().get(0).getTimeZone()).isEqualTo("Europe/Berlin");
  }

  @Test
  @DisplayName("the Migration example of docs/api.md reads strictly into the model")
  void documentedMigration() throws Exception {
    Migration migration = documented(Migration.class, "Migration");
    assertThat(migration.getSpec().getPlanRef().getName()).isEqualTo("finance");
    assertThat(migration.getSpec().getWaves()).containsExactly("wave-1");
    assertThat(migration.getSpec().getCancel()).containsExactly("ledger-batch");
  }

  @Test
  @DisplayName("a misspelled plan field is an error with its position")
  void typoInPlan() throws Exception {
    String yaml = documentedExamples().get(0).replace("    exclude:", "    exlcude:");
    int line = yaml.substring(0, yaml.indexOf("exlcude")).split("\n", -1).length;
    assertThatThrownBy(() -> Serialization.strictYaml().readValue(yaml, MigrationPlan.class))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("\"exlcude\"")
        .hasMessageContaining("line: " + line + ",");
  }

  @Test
  @DisplayName("Migration status writes per wave, VM and disk progress with the documented names")
  void migrationStatus() throws Exception {
    DiskMigrationStatus disk = new DiskMigrationStatus();
    disk.setName("[datastore1] ledger-db/ledger-db.vmdk");
    disk.setTargetPvc("ledger-db-disk-0");
    disk.setPhase(MigrationPhase.RUNNING);
    disk.setBytesCopied(1L << 30);
    disk.setBytesTotal(4L << 30);
    MigrationError error = new MigrationError();
    error.setPhase("CopyDisks");
    error.setReason("DatastoreUnreachable");
    error.setMessage("datastore1 did not answer");
    VmMigrationStatus vm = new VmMigrationStatus();
    vm.setName("ledger-db");
    vm.setPhase(MigrationPhase.FAILED);
    vm.setDisks(List.of(disk));
    vm.setError(error);
    WaveStatus wave = new WaveStatus();
    wave.setName("wave-1");
    wave.setPhase(MigrationPhase.RUNNING);
    wave.setVms(List.of(vm));
    MigrationStatus status = new MigrationStatus();
    status.setObservedGeneration(2L);
    status.setPhase(MigrationPhase.RUNNING);
    status.setStartedAt("2026-12-05T21:00:00Z");
    status.setBytesCopied(1L << 30);
    status.setBytesTotal(4L << 30);
    status.setWaves(List.of(wave));
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType(ConditionTypes.RUNNING)
                .withStatus("True")
                .withReason("CopyingDisks")
                .withMessage("1 of 1 disks copying")
                .withObservedGeneration(2L)
                .withLastTransitionTime("2026-12-05T21:00:00Z")
                .build()));

    assertThat(Serialization.toTree(status))
        .isEqualTo(
            Serialization.json()
                .readTree(
                    """
                    {"observedGeneration":2,"phase":"Running",
                     "conditions":[{"lastTransitionTime":"2026-12-05T21:00:00Z","message":"1 of 1 disks copying",
                       "observedGeneration":2,"reason":"CopyingDisks","status":"True","type":"Running"}],
                     "startedAt":"2026-12-05T21:00:00Z","bytesCopied":1073741824,"bytesTotal":4294967296,
                     "waves":[{"name":"wave-1","phase":"Running","vms":[{"name":"ledger-db","phase":"Failed",
                       "disks":[{"name":"[datastore1] ledger-db/ledger-db.vmdk","targetPvc":"ledger-db-disk-0",
                         "phase":"Running","bytesCopied":1073741824,"bytesTotal":4294967296}],
                       "error":{"phase":"CopyDisks","reason":"DatastoreUnreachable",
                         "message":"datastore1 did not answer"}}]}]}
                    """));
    assertThat(MigrationPhase.isFinal(vm.getPhase())).isTrue();
    assertThat(MigrationPhase.isFinal(wave.getPhase())).isFalse();
  }
}
