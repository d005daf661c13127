package dev.convoy.handler.local.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.local.api.AdmissionHook;
import dev.convoy.handler.local.api.LocalApiServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalVolumeProvisionerTest {
  private static final long GIB = 1024L * 1024 * 1024;

  @TempDir Path dataDir;
  private LocalApiServer api;
  private LocalVolumeProvisioner provisioner;
  private final AtomicLong free = new AtomicLong(10 * GIB);
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    api = LocalApiServer.start(dataDir, 0, AdmissionHook.NONE);
    client = api.client();
    provisioner = new LocalVolumeProvisioner(client, new LocalPaths(dataDir), "node-a", free::get);
    provisioner.start();
  }

  @AfterEach
  void stop() {
    provisioner.close();
    api.close();
  }

  private static PersistentVolumeClaim claim(String name, String size, String mode) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withVolumeMode(mode)
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }

  @Test
  @DisplayName("a claim is bound to a new directory and a local PV pinned to this node")
  void bindsClaimToDirectory() {
    client.persistentVolumeClaims().resource(claim("disk", "1Gi", null)).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              PersistentVolumeClaim c = client.persistentVolumeClaims().withName("disk").get();
              return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase());
            });
    PersistentVolumeClaim bound = client.persistentVolumeClaims().withName("disk").get();
    assertThat(bound.getSpec().getVolumeName()).isEqualTo("pvc-" + bound.getMetadata().getUid());
    assertThat(bound.getSpec().getStorageClassName()).isEqualTo(LocalVolumes.STORAGE_CLASS);
    assertThat(bound.getStatus().getCapacity().get("storage").getNumericalAmount().longValue())
        .isEqualTo(GIB);
    assertThat(bound.getMetadata().getFinalizers()).contains(LocalVolumeProvisioner.PVC_PROTECTION);
    PersistentVolume pv =
        client.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();
    assertThat(pv.getStatus().getPhase()).isEqualTo("Bound");
    assertThat(pv.getSpec().getClaimRef().getUid()).isEqualTo(bound.getMetadata().getUid());
    assertThat(
            pv.getSpec()
                .getNodeAffinity()
                .getRequired()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("node-a");
    assertThat(Path.of(pv.getSpec().getLocal().getPath()))
        .isDirectory()
        .startsWith(dataDir.resolve("volumes"));
  }

  @Test
  @DisplayName("a claim larger than the free space, or in Block mode, stays Pending with an event")
  void refusesWhatItCannotServe() {
    free.set(2 * GIB);
    client.persistentVolumeClaims().resource(claim("huge", "5Gi", "Filesystem")).create();
    client.persistentVolumeClaims().resource(claim("block", "1Gi", "Block")).create();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace("default").list().getItems())
                    .extracting(Event::getMessage)
                    .anySatisfy(m -> assertThat(m).contains("insufficient free space for 5Gi"))
                    .anySatisfy(m -> assertThat(m).contains("spec.volumeMode: Block")));
    for (String name : new String[] {"huge", "block"}) {
      PersistentVolumeClaim c = client.persistentVolumeClaims().withName(name).get();
      assertThat(c.getSpec().getVolumeName()).isNull();
      assertThat(c.getStatus() == null ? null : c.getStatus().getPhase()).isNotEqualTo("Bound");
    }
    assertThat(client.persistentVolumes().list().getItems()).isEmpty();
  }

  @Test
  @DisplayName("a deleted claim outlives the pod using it, then its directory and PV are reclaimed")
  void reclaimsAfterLastPod() throws Exception {
    client.persistentVolumeClaims().resource(claim("data", "1Gi", null)).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.persistentVolumeClaims().withName("data").get().getSpec().getVolumeName()
                    != null);
    String pvName =
        client.persistentVolumeClaims().withName("data").get().getSpec().getVolumeName();
    Path dir =
        Path.of(client.persistentVolumes().withName(pvName).get().getSpec().getLocal().getPath());
    Files.writeString(dir.resolve("disk.img"), "data");
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("user")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("c")
                .withImage("x")
                .endContainer()
                .addNewVolume()
                .withName("v")
                .withNewPersistentVolumeClaim("data", false)
                .endVolume()
                .endSpec()
                .build())
        .create();

    client.persistentVolumeClaims().withName("data").delete();
    // held by pvc-protection while the pod exists
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client.persistentVolumeClaims().withName("data").get() != null
                    && Files.exists(dir));

    client.pods().withName("user").delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.persistentVolumeClaims().withName("data").get() == null
                    && client.persistentVolumes().withName(pvName).get() == null
                    && !Files.exists(dir));
  }
}
