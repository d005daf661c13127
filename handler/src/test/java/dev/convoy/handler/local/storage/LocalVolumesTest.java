package dev.convoy.handler.local.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalVolumesTest {
  private static final long GIB = 1024L * 1024 * 1024;

  private static PersistentVolumeClaim claim(String storageClass, String mode, String size) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("c")
        .withUid("u")
        .endMetadata()
        .withNewSpec()
        .withStorageClassName(storageClass)
        .withVolumeMode(mode)
        .withNewResources()
        .addToRequests(
            size == null ? java.util.Map.of() : java.util.Map.of("storage", new Quantity(size)))
        .endResources()
        .endSpec()
        .build();
  }

  @ParameterizedTest(name = "class {0}, mode {1}, size {2}, {3} GiB free -> {4}")
  @DisplayName("the provisioner serves its class (and the default), Filesystem claims that fit")
  @CsvSource(
      nullValues = "-",
      value = {
        "-,            -,          1Gi,   10, Provision",
        "convoy-local, Filesystem, 1Gi,   10, Provision",
        "other,        -,          1Gi,   10, Ignore",
        "-,            Block,      1Gi,   10, Refuse",
        "-,            -,          -,     10, Refuse",
        "-,            -,          12Gi,  10, Refuse",
        // the reserve: 9.6 GiB of 10 GiB free fits, 9.9 GiB does not
        "-,            -,          9600Mi, 10, Provision",
        "-,            -,          9900Mi, 10, Refuse",
      })
  void decide(String storageClass, String mode, String size, long freeGib, String outcome) {
    LocalVolumes.Decision decision =
        LocalVolumes.decide(claim(storageClass, mode, size), freeGib * GIB);
    assertThat(decision.getClass().getSimpleName()).isEqualTo(outcome);
  }
}
