package dev.convoy.importer.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convoy.importer.vsphere.DatastoreFile;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

/** The import pod's ephemeral storage: sized from the staged source, pure. */
class ImportPodScratchTest {
  static MigrationWorkload.DiskWorkload disk(DatastoreFile file, long capacity) {
    return new MigrationWorkload.DiskWorkload(
        "disk-0",
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("a-disk-0")
            .endMetadata()
            .build(),
        file,
        capacity);
  }

  @Test
  void theSourcePlusItsSparseOverheadPlusTheMarginRoundedUpToMebibytes() {
    // 64 MiB + 1 MiB (1/64) + 512 MiB
    assertThat(ImportPodScratch.forStagedSource(64L << 20))
        .isEqualTo(new ImportPodScratch(new Quantity("577Mi"), new Quantity("577Mi")));
    // 10 GiB + 160 MiB + 512 MiB
    assertThat(ImportPodScratch.forStagedSource(10L << 30).limit())
        .isEqualTo(new Quantity("10912Mi"));
    // one byte more than 1 GiB: rounded up, never below the source
    assertThat(ImportPodScratch.forStagedSource((1L << 30) + 1).limit())
        .isEqualTo(new Quantity("1553Mi"));
    assertThat(ImportPodScratch.forStagedSource(0))
        .isEqualTo(new ImportPodScratch(new Quantity("512Mi"), new Quantity("512Mi")));
  }

  @Test
  void anUnknownSizeRequestsTheMarginAndSetsNoLimit() {
    assertThat(ImportPodScratch.forStagedSource(-1))
        .isEqualTo(ImportPodScratch.unknown())
        .isEqualTo(new ImportPodScratch(new Quantity("512Mi"), null));
  }

  @Test
  void aVsphereDiskStagesItsCapacityADiskReadInPlaceNothing() {
    DatastoreFile file = DatastoreFile.parse("DC0", "[ds1] a/a.vmdk");
    assertThat(ImportPodScratch.forDisk(disk(file, 64L << 20)).limit())
        .isEqualTo(new Quantity("577Mi"));
    assertThat(ImportPodScratch.forDisk(disk(file, 0))).isEqualTo(ImportPodScratch.unknown());
    assertThat(ImportPodScratch.forDisk(disk(null, 8L << 30)).limit())
        .isEqualTo(new Quantity("512Mi"));
  }

  @Test
  void aKnownFileSizeSizesTheScratchNotTheCapacity() {
    DatastoreFile file = DatastoreFile.parse("DC0", "[ds1] a/a.vmdk");
    // a streamOptimized VMDK of 3 MiB for a 10 GiB disk: 3 MiB + 512 MiB, not 10 GiB + ...
    ImportPodScratch stream = ImportPodScratch.forDisk(disk(file, 10L << 30), 3L << 20);
    assertThat(stream)
        .isEqualTo(new ImportPodScratch(new Quantity("515Mi"), new Quantity("515Mi")));
    assertThat(stream.requestBytes()).isEqualTo(515L << 20);
    assertThat(stream.limitBytes()).isEqualTo(515L << 20);
    // rounded up to MiB
    assertThat(ImportPodScratch.forStagedFile((1L << 30) + 1).limit())
        .isEqualTo(new Quantity("1537Mi"));
    // a flat extent the size of its capacity
    assertThat(ImportPodScratch.forDisk(disk(file, 8L << 30), 8L << 30).limit())
        .isEqualTo(new Quantity("8704Mi"));
  }

  @Test
  void aDescriptorSizedFileOrAnUnknownSizeFallsBackToTheCapacityAnOvaMemberStagesNothing() {
    DatastoreFile file = DatastoreFile.parse("DC0", "[ds1] a/a.vmdk");
    // a text descriptor naming a -flat.vmdk extent: its data is the extent, bounded by capacity
    assertThat(ImportPodScratch.forDisk(disk(file, 64L << 20), 512))
        .isEqualTo(ImportPodScratch.forDisk(disk(file, 64L << 20)));
    assertThat(
            ImportPodScratch.forDisk(
                disk(file, 64L << 20), ImportPodScratch.DESCRIPTOR_MAX_BYTES - 1))
        .isEqualTo(ImportPodScratch.forDisk(disk(file, 64L << 20)));
    assertThat(ImportPodScratch.forDisk(disk(file, 64L << 20), -1).limit())
        .isEqualTo(new Quantity("577Mi"));
    assertThat(ImportPodScratch.forDisk(disk(file, 0), -1)).isEqualTo(ImportPodScratch.unknown());
    assertThat(ImportPodScratch.unknown().limitBytes()).isEqualTo(-1);
    // an OVA member is read in place whatever its size
    assertThat(ImportPodScratch.forDisk(disk(null, 8L << 30), 3L << 30).limit())
        .isEqualTo(new Quantity("512Mi"));
  }

  @Test
  void appliedToAPodItAddsTheEmptyDirAndTheContainersRequestAndLimit() {
    Pod pod =
        new PodBuilder()
            .withNewSpec()
            .addNewContainer()
            .withName("importer")
            .withNewResources()
            .addToRequests("cpu", new Quantity("100m"))
            .endResources()
            .addNewVolumeMount()
            .withName("target")
            .withMountPath("/target")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("target")
            .withNewPersistentVolumeClaim("a-disk-0", false)
            .endVolume()
            .endSpec()
            .build();
    ImportPodScratch.forStagedSource(64L << 20).applyTo(pod);
    var container = pod.getSpec().getContainers().get(0);
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("ephemeral-storage", new Quantity("577Mi"));
    assertThat(container.getResources().getLimits())
        .containsOnlyKeys("ephemeral-storage")
        .containsEntry("ephemeral-storage", new Quantity("577Mi"));
    assertThat(container.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("target:/target", "scratch:/tmp");
    assertThat(pod.getSpec().getVolumes().get(1).getEmptyDir().getSizeLimit())
        .isEqualTo(new Quantity("577Mi"));

    Pod unknown =
        new PodBuilder()
            .withNewSpec()
            .addNewContainer()
            .withName("i")
            .endContainer()
            .endSpec()
            .build();
    ImportPodScratch.unknown().applyTo(unknown);
    assertThat(unknown.getSpec().getContainers().get(0).getResources().getLimits()).isNullOrEmpty();
    assertThat(unknown.getSpec().getVolumes().get(0).getEmptyDir().getSizeLimit()).isNull();
  }
}
