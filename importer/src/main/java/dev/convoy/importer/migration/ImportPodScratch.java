package dev.convoy.importer.migration;

import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The ephemeral storage of an import pod. A conversion from vCenter downloads the source file once
 * into its scratch directory (under {@code /tmp}, an emptyDir) and converts from that copy, so the
 * scratch space grows, as the download progresses, to the size of the source file. The pod requests
 * and is limited to that size plus {@link #MARGIN_BYTES}, and the emptyDir has the same sizeLimit:
 * the scheduler places it on a node with room, and a source larger than announced ends in an
 * eviction (a failed import, retried) rather than a full node disk.
 *
 * <p>The source file's size is the datastore file's own size when vCenter tells it (a HEAD's
 * Content-Length, {@link #forDisk(DiskWorkload, long)}): a streamOptimized or sparse VMDK is much
 * smaller than the disk's capacity. A file below {@link #DESCRIPTOR_MAX_BYTES} is taken for a VMDK
 * descriptor whose extents (the data, staged too) are other files: it is sized like a disk whose
 * file size is unknown, by its capacity, which bounds a datastore file (a flat extent is exactly
 * that; a sparse VMDK's grain tables and the descriptor are covered by {@link
 * #SPARSE_OVERHEAD_DIVISOR}). A disk read in place (an OVA member) stages nothing: the margin only.
 * Neither size nor capacity known (0) gets {@link #unknown()}: the margin as request and no limit,
 * so that the import is never evicted for its own size; the node's own eviction thresholds still
 * apply.
 *
 * @param request the container's {@code ephemeral-storage} request
 * @param limit its limit and the emptyDir's sizeLimit; null: none
 */
public record ImportPodScratch(Quantity request, Quantity limit) {
  /**
   * Beyond the staged source: qemu-img's and the JVM's temporary files, a regenerated descriptor,
   * the container's log.
   */
  public static final long MARGIN_BYTES = 512L << 20;

  /** A sparse VMDK's metadata is far below 1/64 of its size (4 bytes per 64 KiB grain, twice). */
  public static final long SPARSE_OVERHEAD_DIVISOR = 64;

  /**
   * For a source of {@code stagedBytes} (the file the import downloads into its scratch directory;
   * 0 when it stages nothing, negative when unknown).
   */
  public static ImportPodScratch forStagedSource(long stagedBytes) {
    if (stagedBytes < 0) {
      return unknown();
    }
    long bytes = stagedBytes + ceilDiv(stagedBytes, SPARSE_OVERHEAD_DIVISOR) + MARGIN_BYTES;
    Quantity quantity = new Quantity(ceilDiv(bytes, 1L << 20) + "Mi");
    return new ImportPodScratch(quantity, quantity);
  }

  /**
   * Smaller datastore files are taken for VMDK descriptors (text naming extent files): a data file
   * of a disk (sparse or streamOptimized) holds at least its header, grain directory and tables.
   */
  public static final long DESCRIPTOR_MAX_BYTES = 64L << 10;

  /**
   * For a source file of exactly {@code fileBytes} (known from vCenter): that and {@link
   * #MARGIN_BYTES}, rounded up to MiB.
   */
  public static ImportPodScratch forStagedFile(long fileBytes) {
    if (fileBytes < 0) {
      return unknown();
    }
    Quantity quantity = new Quantity(ceilDiv(fileBytes + MARGIN_BYTES, 1L << 20) + "Mi");
    return new ImportPodScratch(quantity, quantity);
  }

  /**
   * For {@code disk} whose datastore file has {@code fileBytes} (a HEAD's Content-Length; negative
   * when vCenter did not tell): the file's size when it is a disk's data, else as {@link
   * #forDisk(DiskWorkload)}. Pure.
   */
  public static ImportPodScratch forDisk(DiskWorkload disk, long fileBytes) {
    if (disk.file() == null || fileBytes < DESCRIPTOR_MAX_BYTES) {
      return forDisk(disk);
    }
    return forStagedFile(fileBytes);
  }

  /** The request in bytes. */
  public long requestBytes() {
    return bytes(request);
  }

  /** The limit in bytes, -1 when there is none. */
  public long limitBytes() {
    return limit == null ? -1 : bytes(limit);
  }

  private static long bytes(Quantity quantity) {
    return quantity
        .getNumericalAmount()
        .setScale(0, java.math.RoundingMode.CEILING)
        .longValueExact();
  }

  /**
   * For {@code disk} when its file's size is not known: a vSphere disk stages its file (at most its
   * capacity; a capacity of 0 is unknown), a disk read in place (no datastore file: an OVA member)
   * nothing.
   */
  public static ImportPodScratch forDisk(DiskWorkload disk) {
    if (disk.file() == null) {
      return forStagedSource(0);
    }
    return forStagedSource(disk.capacityBytes() > 0 ? disk.capacityBytes() : -1);
  }

  /** The emptyDir volume holding the scratch directory. */
  public static final String VOLUME = "scratch";

  /** Where it is mounted: the JVM's temporary directory, where disk-convert stages. */
  public static final String MOUNT_PATH = "/tmp";

  /**
   * Adds the scratch emptyDir (mounted at {@link #MOUNT_PATH} in the first container) and the
   * container's ephemeral-storage request and limit to {@code pod}, in place.
   */
  public Pod applyTo(Pod pod) {
    Container container = pod.getSpec().getContainers().get(0);
    ResourceRequirements resources =
        container.getResources() == null ? new ResourceRequirements() : container.getResources();
    var requests =
        new LinkedHashMap<>(
            resources.getRequests() == null
                ? java.util.Map.<String, Quantity>of()
                : resources.getRequests());
    requests.put("ephemeral-storage", request);
    resources.setRequests(requests);
    if (limit != null) {
      var limits =
          new LinkedHashMap<>(
              resources.getLimits() == null
                  ? java.util.Map.<String, Quantity>of()
                  : resources.getLimits());
      limits.put("ephemeral-storage", limit);
      resources.setLimits(limits);
    }
    container.setResources(resources);
    var mounts =
        new ArrayList<>(
            container.getVolumeMounts() == null
                ? java.util.List.of()
                : container.getVolumeMounts());
    mounts.add(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT_PATH).build());
    container.setVolumeMounts(mounts);
    var volumes =
        new ArrayList<>(
            pod.getSpec().getVolumes() == null ? java.util.List.of() : pod.getSpec().getVolumes());
    volumes.add(
        new VolumeBuilder()
            .withName(VOLUME)
            .withNewEmptyDir()
            .withSizeLimit(limit)
            .endEmptyDir()
            .build());
    pod.getSpec().setVolumes(volumes);
    return pod;
  }

  /** When the source's size is not known: the margin as request, no limit. */
  public static ImportPodScratch unknown() {
    return new ImportPodScratch(new Quantity((MARGIN_BYTES >> 20) + "Mi"), null);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
