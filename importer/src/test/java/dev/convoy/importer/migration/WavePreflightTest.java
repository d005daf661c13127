package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.importer.assessment.AssessmentReport;
import dev.convoy.importer.assessment.Finding;
import dev.convoy.importer.assessment.KubernetesTargetReader;
import dev.convoy.importer.assessment.Severity;
import dev.convoy.importer.testing.TargetClusterFixture;
import dev.convoy.plans.execution.Admission;
import dev.convoy.plans.execution.DiskMigration;
import dev.convoy.plans.execution.MigrationRound;
import dev.convoy.plans.execution.Preflight;
import dev.convoy.plans.execution.TargetSnapshot;
import dev.convoy.plans.execution.VmMigration;
import dev.convoy.plans.manifests.GeneratedFile;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workload's placements and pre-flight values, read from generated manifests, and pre-flight of
 * a wave against fabric8's mock API server (CRUD mode) through the same reader {@code convoy assess
 * --kube} uses.
 */
@EnableKubernetesMockClient(crud = true)
class WavePreflightTest {
  static KubernetesClient client;

  static String vm(String name, String host, String cpu, String memory) {
    return String.join(
        "\n",
        "apiVersion: kubevirt.io/v1",
        "kind: VirtualMachine",
        "metadata:",
        "  name: " + name,
        "  namespace: apps",
        "  annotations:",
        "    convoy.dev/source-kind: vsphere",
        "    convoy.dev/source-location: vsphere://vc.example.com/DC1",
        "    convoy.dev/source-moref: vm-" + name,
        "    convoy.dev/source-vm-name: " + name.toUpperCase(),
        host == null ? "" : "    convoy.dev/source-host: " + host,
        "spec:",
        "  runStrategy: Halted",
        "  template:",
        "    spec:",
        "      domain:",
        "        cpu: " + cpu,
        "        memory: " + memory,
        "        devices: {}",
        "");
  }

  static String claim(String vm, int index, String datastore, String storageClass, String size) {
    return String.join(
        "\n",
        "apiVersion: v1",
        "kind: PersistentVolumeClaim",
        "metadata:",
        "  name: " + vm + "-disk-" + index,
        "  namespace: apps",
        "  annotations:",
        "    convoy.dev/source-disk-index: \"" + index + "\"",
        "    convoy.dev/source-disk-file: \"[" + datastore + "] " + vm + "/" + vm + ".vmdk\"",
        "    convoy.dev/source-disk-capacity-bytes: \"1073741824\"",
        "spec:",
        "  accessModes: [ReadWriteOnce]",
        storageClass == null ? "" : "  storageClassName: " + storageClass,
        "  resources:",
        "    requests:",
        "      storage: " + size,
        "");
  }

  static final MigrationWorkload WORKLOAD =
      MigrationWorkload.from(
          List.of(
              new GeneratedFile(
                  "wave-01/a.yaml",
                  String.join(
                      "---\n",
                      claim("a", 0, "ds1", "fast", "10Gi"),
                      claim("a", 1, "ds2", "fast", "10Gi"),
                      vm("a", "esx-1.example.com", "{cores: 2, sockets: 2}", "{guest: 1Gi}"))),
              new GeneratedFile(
                  "wave-01/b.yaml",
                  String.join(
                      "---\n",
                      claim("b", 0, "ds1", null, "4Gi"),
                      vm("b", null, "{cores: 1}", "{guest: 512Mi}"))),
              new GeneratedFile(
                  "wave-01/c.yaml",
                  String.join(
                      "---\n",
                      claim("c", 0, "ds3", "fast", "8Gi"),
                      vm("c", "esx-2.example.com", "{cores: 4}", "{guest: 2Gi}")))));

  @BeforeAll
  static void cluster() {
    TargetClusterFixture.on(client)
        .namespace("apps")
        .storageClass("fast", false)
        .storageClass("standard", true)
        .capacity("fast-zone-a", "fast", "25Gi", "12Gi")
        .quota(
            "apps",
            "compute",
            Map.of(
                "requests.cpu", "1500m", "requests.memory", "4Gi", "persistentvolumeclaims", "10"),
            Map.of(
                "requests.cpu", "500m", "requests.memory", "1Gi", "persistentvolumeclaims", "1"));
    // a's first disk was already created by an earlier round
    client
        .persistentVolumeClaims()
        .inNamespace("apps")
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("a-disk-0")
                .withNamespace("apps")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("fast")
                .endSpec()
                .build())
        .create();
  }

  @Test
  void theWorkloadCarriesHostDatastoresAndStorageClassesPerDisk() {
    Admission.Placement a = WORKLOAD.vm("a").placement();
    assertThat(a.sourceHost()).isEqualTo("esx-1.example.com");
    assertThat(a.disks())
        .containsExactly(
            new Admission.DiskPlacement("disk-0", "ds1", "fast"),
            new Admission.DiskPlacement("disk-1", "ds2", "fast"));
    Admission.Placement b = WORKLOAD.vm("b").placement();
    assertThat(b.sourceHost()).isNull(); // manifests from before the annotation
    assertThat(b.targetStorage()).containsExactly(Admission.Placement.DEFAULT_STORAGE_CLASS);
    assertThat(WORKLOAD.placements()).containsOnlyKeys("a", "b", "c");
  }

  @Test
  void theWorkloadGivesPreflightItsClaimsMemoryAndCpu() {
    Preflight.Vm a = WORKLOAD.vm("a").preflight();
    assertThat(a.claims())
        .containsExactly(
            new Preflight.Claim("a-disk-0", "fast", 10L << 30),
            new Preflight.Claim("a-disk-1", "fast", 10L << 30));
    assertThat(a.memoryBytes()).isEqualTo(1L << 30);
    assertThat(a.cpuMillis()).isEqualTo(400); // 4 vCPUs at KubeVirt's default 100m each
    Preflight.Vm b = WORKLOAD.vm("b").preflight();
    assertThat(b.claims()).containsExactly(new Preflight.Claim("b-disk-0", null, 4L << 30));
    assertThat(b.memoryBytes()).isEqualTo(512L << 20);
    assertThat(b.cpuMillis()).isEqualTo(100);
  }

  @Test
  void theSnapshotReaderIsTheAssessReaderInBaseUnits() {
    TargetSnapshot snapshot = KubernetesTargetReader.snapshot(client, List.of("apps", "missing"));
    assertThat(snapshot.namespaces()).containsExactly("apps");
    assertThat(snapshot.storageClass("fast").orElseThrow().capacities())
        .containsExactly(new TargetSnapshot.Capacity(25L << 30, 12L << 30));
    assertThat(snapshot.defaultStorageClass().orElseThrow().name()).isEqualTo("standard");
    TargetSnapshot.Quota quota = snapshot.quotas().get(0);
    assertThat(quota.remaining("requests.cpu")).contains(1000L);
    assertThat(quota.remaining("requests.memory")).contains(3L << 30);
    assertThat(quota.remaining("persistentvolumeclaims")).contains(9L);
    assertThat(snapshot.claimExists("apps", "a-disk-0")).isTrue();
    assertThat(snapshot.instanceExists("apps", "a")).isFalse();
  }

  static List<MigrationRound.Wave> pending(String... names) {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    return List.of(
        new MigrationRound.Wave(
            "wave-01",
            java.util.Arrays.stream(names)
                .map(
                    n ->
                        VmMigration.pending(
                            n,
                            "vm-" + n,
                            n,
                            List.of(DiskMigration.pending("disk-0", n + "-disk-0", "s", 1)),
                            t0))
                .toList()));
  }

  @Test
  void aWaveIsCheckedAgainstTheLiveClusterInPlanOrder() {
    WavePreflight preflight = new WavePreflight(WavePreflight.kubernetes(client));
    Map<String, List<String>> blocking = preflight.blocking(WORKLOAD, pending("a", "b", "c"));
    // a: 10 GiB new on fast (a-disk-0 exists), 400m CPU, 1 GiB: fits.
    // b: default class standard (no capacity published), 100m, 512 MiB: fits.
    // c: 8 GiB on fast would make 18 GiB of 25: fits; but 400m CPU after 500m leaves 500m of
    // the 1000m left: fits too; memory 2 GiB after 1.5 GiB of 3 GiB left: blocked.
    assertThat(blocking)
        .containsOnly(
            Map.entry(
                "c",
                List.of(
                    "target.quota.memory: ResourceQuota apps/compute requests.memory: it needs 2"
                        + " GiB, 3 GiB left of 4 GiB and VMs before it in the wave take 1.5"
                        + " GiB")));
  }

  @Test
  void existingInstancesAreNotChargedAndAssessmentFindingsBlock() {
    VirtualMachineInstance instance = new VirtualMachineInstance();
    instance.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("a")
            .withNamespace("apps")
            .build());
    client.resources(VirtualMachineInstance.class).inNamespace("apps").resource(instance).create();
    try {
      AssessmentReport report =
          new AssessmentReport(
              AssessmentReport.SCHEMA_VERSION,
              1,
              "2026-01-01T00:00:00Z",
              new AssessmentReport.Summary(1, 1, 0, 0, 1, 0, 0),
              null,
              List.of(),
              List.of(
                  new AssessmentReport.VmAssessment(
                      "vm-b",
                      "B",
                      "vc1",
                      Severity.CRITICAL,
                      List.of(
                          new Finding(
                              "passthrough_device.detected",
                              Severity.CRITICAL,
                              "vc1",
                              "vm-b",
                              "B",
                              "PCI passthrough device 0000:3b:00.0",
                              "remove it"),
                          new Finding(
                              "snapshot.detected",
                              Severity.INFO,
                              "vc1",
                              "vm-b",
                              "B",
                              "1 snapshot",
                              null)))));
      Map<String, List<Preflight.Finding>> findings = WavePreflight.findings(WORKLOAD, report);
      assertThat(findings).containsOnlyKeys("b");
      WavePreflight preflight =
          new WavePreflight(WavePreflight.kubernetes(client), findings, Set.of());
      Map<String, List<String>> blocking = preflight.blocking(WORKLOAD, pending("a", "b", "c"));
      // a's instance exists, so its memory is in the quota's used already; b is blocked by its
      // finding and charged nothing, so c fits
      assertThat(blocking)
          .containsOnly(
              Map.entry(
                  "b",
                  List.of("passthrough_device.detected: PCI passthrough device 0000:3b:00.0")));
    } finally {
      client.resources(VirtualMachineInstance.class).inNamespace("apps").withName("a").delete();
    }
  }

  @Test
  void theVerdictsDriveTheRoundBlockedVmsEndWithTheirReasonsTheOthersStart() {
    // what the executor does each round: blocking reasons into the observations, one pure step
    List<MigrationRound.Wave> waves = pending("a", "b", "c");
    Map<String, List<String>> blocking =
        new WavePreflight(WavePreflight.kubernetes(client)).blocking(WORKLOAD, waves);
    Map<String, dev.convoy.plans.execution.VmObservation> seen = new java.util.HashMap<>();
    for (String vm : List.of("a", "b", "c")) {
      seen.put(
          vm,
          new dev.convoy.plans.execution.VmObservation(
              dev.convoy.plans.execution.VmObservation.SourcePower.ON,
              blocking.getOrDefault(vm, List.of()),
              Map.of(),
              dev.convoy.plans.execution.VmObservation.TargetObservation.absent(),
              false));
    }
    MigrationRound.Result r =
        MigrationRound.next(
            waves,
            seen,
            WORKLOAD.placements(),
            new Admission.Limits(1, 0, 0, 0),
            Instant.parse("2026-01-01T00:01:00Z"),
            dev.convoy.plans.execution.ItinerarySettings.defaults());
    List<VmMigration> vms = r.waves().get(0).vms();
    assertThat(vms)
        .extracting(VmMigration::phase)
        .containsExactly(
            dev.convoy.plans.execution.VmPhase.PRE_FLIGHT, // a: esx-1
            dev.convoy.plans.execution.VmPhase.PRE_FLIGHT, // b: host unknown, no host limit
            dev.convoy.plans.execution.VmPhase.ROLLED_BACK); // c: blocked by the memory quota
    assertThat(vms.get(2).error())
        .startsWith("blocked by pre-flight: target.quota.memory: ResourceQuota apps/compute");
    assertThat(vms.get(2).sourceWasOn()).isNull(); // its source was never touched
  }

  @Test
  void findingsFromAnAssessmentFileAndFromTwoSourcesSharingIds() throws Exception {
    String json =
        """
        {"schemaVersion": "convoy.dev/assessment/v1",
         "vms": [
           {"id": "vm-a", "sourceId": "vc1", "findings": [
             {"ruleId": "disk.capacity.invalid", "severity": "Critical", "message": "disk 0 is 0 bytes"}]},
           {"id": "vm-x", "sourceId": "vc1", "findings": [
             {"ruleId": "datastore.missing", "severity": "Critical", "message": "not ours"}]}]}
        """;
    Map<String, List<Preflight.Finding>> fromFile =
        WavePreflight.findings(
            WORKLOAD, dev.convoy.plans.report.AssessmentFindings.parse(json, "assessment.json"));
    assertThat(fromFile)
        .containsOnly(
            Map.entry(
                "a",
                List.of(
                    new Preflight.Finding(
                        "disk.capacity.invalid", "Critical", "disk 0 is 0 bytes"))));

    // two vCenters both have a vm-b: only the finding about the VM of the same name applies
    Map<String, List<Preflight.Finding>> twoSources =
        WavePreflight.findings(
            WORKLOAD,
            List.of(
                new Finding(
                    "passthrough_device.detected",
                    Severity.CRITICAL,
                    "vc1",
                    "vm-b",
                    "B",
                    "pci",
                    null),
                new Finding(
                    "passthrough_device.detected",
                    Severity.CRITICAL,
                    "vc2",
                    "vm-b",
                    "OTHER",
                    "not this one",
                    null)));
    assertThat(twoSources)
        .containsOnly(
            Map.entry(
                "b",
                List.of(new Preflight.Finding("passthrough_device.detected", "Critical", "pci"))));
  }

  @Test
  void findingsSurviveTheAssessmentJsonAControllerReadsBack() throws Exception {
    AssessmentReport report =
        new AssessmentReport(
            AssessmentReport.SCHEMA_VERSION,
            1,
            "2026-01-01T00:00:00Z",
            new AssessmentReport.Summary(1, 1, 0, 0, 1, 0, 0),
            null,
            List.of(),
            List.of(
                new AssessmentReport.VmAssessment(
                    "vm-c",
                    "C",
                    "vc1",
                    Severity.CRITICAL,
                    List.of(
                        new Finding(
                            "datastore.missing",
                            Severity.CRITICAL,
                            "vc1",
                            "vm-c",
                            "C",
                            "disk 1 is not on a datastore",
                            "move it")))));
    String json =
        dev.convoy.importer.assessment.AssessmentRenderer.serialise(
            report, dev.convoy.api.inventory.InventoryCodec.Format.JSON);
    assertThat(WavePreflight.findings(WORKLOAD, json, "ConfigMap apps/m-manifests"))
        .isEqualTo(WavePreflight.findings(WORKLOAD, report))
        .containsOnly(
            Map.entry(
                "c",
                List.of(
                    new Preflight.Finding(
                        "datastore.missing", "Critical", "disk 1 is not on a datastore"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WavePreflight.findings(WORKLOAD, "{}", "ConfigMap apps/m-manifests"))
        .hasMessageStartingWith("ConfigMap apps/m-manifests: schemaVersion is ''");
  }
}
