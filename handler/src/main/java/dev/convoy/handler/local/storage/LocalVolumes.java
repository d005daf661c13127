package dev.convoy.handler.local.storage;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The local provisioner's decisions as pure functions: which claims it serves, whether a claim
 * fits, and the PersistentVolume and StorageClass it writes.
 */
public final class LocalVolumes {
  /** The storage class of the local runtime (the default class). */
  public static final String STORAGE_CLASS = "convoy-local";

  /** The provisioner name in the class and in the claims it bound. */
  public static final String PROVISIONER = "convoy.dev/local-path";

  /** Free space the provisioner never hands out, so that the journal and logs can still grow. */
  public static final long RESERVE_BYTES = 512L * 1024 * 1024;

  private LocalVolumes() {}

  /** What to do with a claim. */
  public sealed interface Decision {
    /** Not ours (another class), or already bound. */
    record Ignore() implements Decision {}

    /** Provision a volume of {@code bytes}. */
    record Provision(long bytes) implements Decision {}

    /** Cannot provision; the reason goes into an event and the claim stays Pending. */
    record Refuse(String reason, String message) implements Decision {}
  }

  /** Decides for {@code claim}, given the free bytes of the volume file system. */
  public static Decision decide(PersistentVolumeClaim claim, long freeBytes) {
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      return new Decision.Ignore();
    }
    if (claim.getSpec() == null
        || (claim.getSpec().getVolumeName() != null && !claim.getSpec().getVolumeName().isEmpty())
        || (claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase()))) {
      return new Decision.Ignore();
    }
    String storageClass = claim.getSpec().getStorageClassName();
    if (storageClass != null && !storageClass.isEmpty() && !storageClass.equals(STORAGE_CLASS)) {
      return new Decision.Ignore();
    }
    if ("Block".equals(claim.getSpec().getVolumeMode())) {
      return new Decision.Refuse(
          "ProvisioningFailed",
          "spec.volumeMode: Block is not supported by the local runtime's provisioner"
              + " (only Filesystem: the claim becomes a directory holding disk.img)");
    }
    Quantity requested =
        claim.getSpec().getResources() == null
                || claim.getSpec().getResources().getRequests() == null
            ? null
            : claim.getSpec().getResources().getRequests().get("storage");
    if (requested == null) {
      return new Decision.Refuse(
          "ProvisioningFailed", "spec.resources.requests.storage: required to provision a volume");
    }
    long bytes;
    try {
      bytes = requested.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException | IllegalArgumentException e) {
      return new Decision.Refuse(
          "ProvisioningFailed",
          "spec.resources.requests.storage: \"" + requested + "\" is not a valid size");
    }
    if (bytes <= 0) {
      return new Decision.Refuse(
          "ProvisioningFailed", "spec.resources.requests.storage: must be greater than zero");
    }
    long available = Math.max(0, freeBytes - RESERVE_BYTES);
    if (bytes > available) {
      return new Decision.Refuse(
          "ProvisioningFailed",
          "insufficient free space for "
              + requested
              + " ("
              + bytes
              + " bytes): "
              + available
              + " bytes are available in the runtime's volume directory"
              + " (free space minus a reserve of "
              + RESERVE_BYTES
              + " bytes)");
    }
    return new Decision.Provision(bytes);
  }

  /** The PV's name for a claim: {@code pvc-<claim uid>}, as dynamic provisioners name them. */
  public static String volumeName(PersistentVolumeClaim claim) {
    return "pvc-" + claim.getMetadata().getUid();
  }

  /** The PersistentVolume for {@code claim}, bound to it, on {@code node} at {@code path}. */
  public static PersistentVolume persistentVolume(
      PersistentVolumeClaim claim, String node, String path, long bytes) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(volumeName(claim))
        .withAnnotations(Map.of("pv.kubernetes.io/provisioned-by", PROVISIONER))
        .endMetadata()
        .withNewSpec()
        .withCapacity(Map.of("storage", new Quantity(Long.toString(bytes))))
        .withAccessModes(
            claim.getSpec().getAccessModes() == null || claim.getSpec().getAccessModes().isEmpty()
                ? List.of("ReadWriteOnce")
                : claim.getSpec().getAccessModes())
        .withPersistentVolumeReclaimPolicy("Delete")
        .withStorageClassName(STORAGE_CLASS)
        .withVolumeMode("Filesystem")
        .withNewLocal()
        .withPath(path)
        .endLocal()
        .withNewNodeAffinity()
        .withNewRequired()
        .addNewNodeSelectorTerm()
        .withMatchExpressions(
            new NodeSelectorRequirementBuilder()
                .withKey("kubernetes.io/hostname")
                .withOperator("In")
                .withValues(node)
                .build())
        .endNodeSelectorTerm()
        .endRequired()
        .endNodeAffinity()
        .withClaimRef(
            new ObjectReferenceBuilder()
                .withApiVersion("v1")
                .withKind("PersistentVolumeClaim")
                .withNamespace(claim.getMetadata().getNamespace())
                .withName(claim.getMetadata().getName())
                .withUid(claim.getMetadata().getUid())
                .build())
        .endSpec()
        .withNewStatus()
        .withPhase("Bound")
        .endStatus()
        .build();
  }

  /** The runtime's default StorageClass. */
  public static StorageClass storageClass() {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName(STORAGE_CLASS)
        .withAnnotations(Map.of("storageclass.kubernetes.io/is-default-class", "true"))
        .endMetadata()
        .withProvisioner(PROVISIONER)
        .withReclaimPolicy("Delete")
        .withVolumeBindingMode("Immediate")
        .build();
  }
}
