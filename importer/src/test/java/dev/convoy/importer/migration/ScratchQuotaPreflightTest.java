package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.plans.execution.Preflight;
import dev.convoy.plans.execution.TargetSnapshot;
import dev.convoy.plans.manifests.GeneratedFile;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pre-flight charges the import pods' scratch space ({@link ImportPodScratch}) to the namespace's
 * {@code requests.ephemeral-storage}, {@code ephemeral-storage} and {@code
 * limits.ephemeral-storage} quotas, sized from the source files' sizes when vCenter tells them.
 * Pure: the target is a snapshot value.
 */
class ScratchQuotaPreflightTest {
  static final long MIB = 1L << 20;

  /** a: two disks of 1 GiB capacity; b: one. Both in namespace apps. */
  static final MigrationWorkload WORKLOAD =
      MigrationWorkload.from(
          List.of(
              new GeneratedFile(
                  "wave-01/a.yaml",
                  String.join(
                      "---\n",
                      WavePreflightTest.claim("a", 0, "ds1", "fast", "1Gi"),
                      WavePreflightTest.claim("a", 1, "ds1", "fast", "1Gi"),
                      WavePreflightTest.vm("a", null, "{cores: 1}", "{guest: 1Gi}"))),
              new GeneratedFile(
                  "wave-01/b.yaml",
                  String.join(
                      "---\n",
                      WavePreflightTest.claim("b", 0, "ds1", "fast", "1Gi"),
                      WavePreflightTest.vm("b", null, "{cores: 1}", "{guest: 1Gi}")))));

  static TargetSnapshot target(Set<String> claims, TargetSnapshot.Quota... quotas) {
    return new TargetSnapshot(
        Set.of("apps", "other"),
        List.of(new TargetSnapshot.StorageClass("fast", true, List.of())),
        List.of(quotas),
        Map.of("apps", claims),
        Map.of());
  }

  static TargetSnapshot.Quota quota(String namespace, String key, long hard, long used) {
    return new TargetSnapshot.Quota(namespace, "scratch", Map.of(key, hard), Map.of(key, used));
  }

  static Map<String, Preflight.Verdict> check(
      TargetSnapshot snapshot, WavePreflight.SourceSizes sizes) {
    return new WavePreflight(namespaces -> snapshot, Map.of(), Set.of(), sizes)
        .check(WORKLOAD.waves().get(0).vms());
  }

  @Test
  void byCapacityTheImportPodsOfAVmDoNotFitAQuotaTheirFilesWouldFit() {
    TargetSnapshot snapshot =
        target(Set.of(), quota("apps", "requests.ephemeral-storage", 2048 * MIB, 0));
    // capacity bound: (1 GiB + 16 MiB + 512 MiB) x 2 = 3104 MiB > 2 GiB; b's one pod fits
    Map<String, Preflight.Verdict> byCapacity = check(snapshot, WavePreflight.CAPACITY_ONLY);
    assertThat(byCapacity.get("a").messages())
        .containsExactly(
            "target.quota.ephemeral_storage: ResourceQuota scratch in namespace apps"
                + " requests.ephemeral-storage: its 2 import pod(s) need 3.0 GiB of scratch space"
                + " (the source file, staged, + 512 MiB each), 2 GiB left of 2 GiB");
    assertThat(byCapacity.get("b").ok()).isTrue();
    // streamOptimized files of 3 MiB: (3 MiB + 512 MiB) x 2 = 1030 MiB fits
    Map<String, Preflight.Verdict> byFile = check(snapshot, disk -> 3 * MIB);
    assertThat(byFile.get("a").ok()).as(byFile.get("a").messages().toString()).isTrue();
  }

  @Test
  void whatIsUsedAlreadyCountsAndAnExistingClaimNeedsNoImportPod() {
    TargetSnapshot used =
        target(Set.of(), quota("apps", "ephemeral-storage", 2048 * MIB, 1600 * MIB));
    Map<String, Preflight.Verdict> verdicts = check(used, disk -> 3 * MIB);
    assertThat(verdicts.get("a").messages())
        .singleElement()
        .asString()
        .contains("ResourceQuota scratch in namespace apps ephemeral-storage")
        .contains("need 1.0 GiB")
        .contains("448 MiB left of 2 GiB");
    // b's one pod, 515 MiB, exceeds the 448 MiB left as well
    assertThat(verdicts.get("b").ok()).isFalse();
    // a-disk-0 exists: only a-disk-1 gets an import pod, 515 MiB
    TargetSnapshot oneExists =
        target(Set.of("a-disk-0"), quota("apps", "requests.ephemeral-storage", 600 * MIB, 0));
    assertThat(check(oneExists, disk -> 3 * MIB).get("a").ok()).isTrue();
  }

  @Test
  void aQuotaOfAnotherNamespaceOrAnotherResourceDoesNotCount() {
    TargetSnapshot snapshot =
        target(
            Set.of(),
            quota("other", "requests.ephemeral-storage", MIB, 0),
            quota("apps", "requests.storage", MIB * 1024 * 100, 0));
    assertThat(check(snapshot, WavePreflight.CAPACITY_ONLY).values())
        .allSatisfy(v -> assertThat(v.ok()).isTrue());
  }

  @Test
  void limitsAreChargedAndAPodWithoutALimitIsNamedUnderALimitsQuota() {
    TargetSnapshot snapshot =
        target(Set.of(), quota("apps", "limits.ephemeral-storage", 1000 * MIB, 0));
    assertThat(check(snapshot, disk -> 3 * MIB).get("a").messages())
        .singleElement()
        .asString()
        .contains("limits.ephemeral-storage: its 2 import pod(s) need 1.0 GiB")
        .contains("1000 MiB left of 1000 MiB");
    Map<String, Preflight.Verdict> unlimited =
        WavePreflight.chargeScratch(
            Map.of("c", new Preflight.Verdict("c", List.of())),
            List.of(new WavePreflight.ScratchNeed("c", "apps", 1, 512 * MIB, 0, 1)),
            List.of(quota("apps", "limits.ephemeral-storage", 100L << 30, 0)));
    assertThat(unlimited.get("c").messages())
        .singleElement()
        .asString()
        .contains("ResourceQuota scratch in namespace apps limits limits.ephemeral-storage")
        .contains("1 of its import pods set no ephemeral-storage limit")
        .contains("LimitRange");
  }

  @Test
  void vmsUnderWayAreNotChargedAgain() {
    TargetSnapshot snapshot = target(Set.of(), quota("apps", "requests.ephemeral-storage", MIB, 0));
    Map<String, Preflight.Verdict> verdicts =
        new WavePreflight(namespaces -> snapshot, Map.of(), Set.of(), WavePreflight.CAPACITY_ONLY)
            .check(WORKLOAD.waves().get(0).vms(), Set.of("a"));
    assertThat(verdicts.get("a").ok()).isTrue();
    assertThat(verdicts.get("b").ok()).isFalse();
  }
}
