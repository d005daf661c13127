package dev.convoy.handler.local.storage;

import dev.convoy.handler.local.LocalPaths;
import dev.convoy.handler.util.EveryChange;
import dev.convoy.handler.util.KeyedWorkQueue;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local runtime's volume provisioner, in the manner of rancher's local-path provisioner: every
 * claim of the {@code convoy-local} class (the default) becomes a directory under {@code
 * <data>/volumes/pvc-<uid>}, with a bound PersistentVolume of type {@code local} pinned to this
 * node. A claim must fit into the free space of that file system. Block claims are refused. Claims
 * carry {@code kubernetes.io/pvc-protection} while a pod uses them, as in a cluster. When a claim
 * is deleted its volume is reclaimed (reclaim policy Delete): the directory and the PV go.
 */
public final class LocalVolumeProvisioner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalVolumeProvisioner.class);

  /** The finalizer Kubernetes puts on claims so that they outlive the pods using them. */
  public static final String PVC_PROTECTION = "kubernetes.io/pvc-protection";

  private final KubernetesClient client;
  private final LocalPaths paths;
  private final String nodeName;
  private final LongSupplier freeBytes;
  private final KeyedWorkQueue queue;
  private final Map<String, String> lastRefusal = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<PersistentVolume> volumes;

  /**
   * @param freeBytes the free bytes of the volume file system (a parameter so tests can make the
   *     disk look full)
   */
  public LocalVolumeProvisioner(
      KubernetesClient client, LocalPaths paths, String nodeName, LongSupplier freeBytes) {
    this.client = client;
    this.paths = paths;
    this.nodeName = nodeName;
    this.freeBytes = freeBytes;
    this.queue = new KeyedWorkQueue("local-provisioner", 1, this::reconcile);
  }

  /** The free space of the file system holding {@code dir}. */
  public static LongSupplier freeSpaceOf(Path dir) {
    return () -> {
      try {
        Files.createDirectories(dir);
        return Files.getFileStore(dir).getUsableSpace();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** Creates the storage class and starts watching claims and volumes. */
  public void start() throws IOException {
    Files.createDirectories(paths.volumes());
    if (client.storage().v1().storageClasses().withName(LocalVolumes.STORAGE_CLASS).get() == null) {
      client.storage().v1().storageClasses().resource(LocalVolumes.storageClass()).create();
    }
    claims =
        client
            .persistentVolumeClaims()
            .inAnyNamespace()
            .inform(EveryChange.to(c -> queue.add("pvc/" + Cache.metaNamespaceKeyFunc(c))), 60_000);
    volumes =
        client
            .persistentVolumes()
            .inform(EveryChange.to(v -> queue.add("pv/" + v.getMetadata().getName())), 60_000);
    SharedIndexInformer<Pod> pods =
        client.pods().inAnyNamespace().inform(EveryChange.to(this::podChanged), 60_000);
    informers.add(claims);
    informers.add(volumes);
    informers.add(pods);
  }

  private void podChanged(Pod pod) {
    // A pod going away may release a protected claim or a volume waiting to be reclaimed.
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return;
    }
    for (var volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() != null) {
        queue.add(
            "pvc/"
                + pod.getMetadata().getNamespace()
                + "/"
                + volume.getPersistentVolumeClaim().getClaimName());
      }
    }
  }

  private Duration reconcile(String key) {
    if (key.startsWith("pv/")) {
      return reconcileVolume(key.substring(3));
    }
    String namespacedName = key.substring(4);
    String namespace = namespacedName.substring(0, namespacedName.indexOf('/'));
    String name = namespacedName.substring(namespacedName.indexOf('/') + 1);
    PersistentVolumeClaim claim =
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    if (claim == null) {
      lastRefusal.remove(namespacedName);
      // its volume (if any) is reclaimed through the PV's own key
      for (PersistentVolume pv : volumes.getStore().list()) {
        if (pv.getSpec().getClaimRef() != null
            && namespace.equals(pv.getSpec().getClaimRef().getNamespace())
            && name.equals(pv.getSpec().getClaimRef().getName())) {
          queue.add("pv/" + pv.getMetadata().getName());
        }
      }
      return null;
    }
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      return releaseProtection(claim);
    }
    LocalVolumes.Decision decision = LocalVolumes.decide(claim, freeBytes.getAsLong());
    if (decision instanceof LocalVolumes.Decision.Refuse refuse) {
      if (!refuse.message().equals(lastRefusal.put(namespacedName, refuse.message()))) {
        LOG.warn("Claim {}: {}", namespacedName, refuse.message());
        event(claim, refuse.reason(), refuse.message());
      }
      return Duration.ofSeconds(30); // space may be freed, or the claim replaced
    }
    lastRefusal.remove(namespacedName);
    if (decision instanceof LocalVolumes.Decision.Provision provision) {
      provision(claim, provision.bytes());
    }
    return null;
  }

  private void provision(PersistentVolumeClaim claim, long bytes) {
    String volumeName = LocalVolumes.volumeName(claim);
    Path dir = paths.volumes().resolve(volumeName);
    try {
      Files.createDirectories(dir);
      // QEMU runs as libvirt-qemu: it must be able to reach disk.img inside.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (client.persistentVolumes().withName(volumeName).get() == null) {
      PersistentVolume pv = LocalVolumes.persistentVolume(claim, nodeName, dir.toString(), bytes);
      PersistentVolume created = client.persistentVolumes().resource(pv).create();
      // status is a subresource on a real API server
      created.setStatus(pv.getStatus());
      client.persistentVolumes().resource(created).updateStatus();
    }
    PersistentVolumeClaim bound =
        client
            .persistentVolumeClaims()
            .inNamespace(claim.getMetadata().getNamespace())
            .withName(claim.getMetadata().getName())
            .edit(
                c -> {
                  c.getSpec().setVolumeName(volumeName);
                  if (c.getSpec().getStorageClassName() == null) {
                    c.getSpec().setStorageClassName(LocalVolumes.STORAGE_CLASS);
                  }
                  Map<String, String> annotations =
                      c.getMetadata().getAnnotations() == null
                          ? new LinkedHashMap<>()
                          : new LinkedHashMap<>(c.getMetadata().getAnnotations());
                  annotations.put("pv.kubernetes.io/bind-completed", "yes");
                  annotations.put("pv.kubernetes.io/bound-by-controller", "yes");
                  annotations.put(
                      "volume.kubernetes.io/storage-provisioner", LocalVolumes.PROVISIONER);
                  c.getMetadata().setAnnotations(annotations);
                  List<String> finalizers =
                      c.getMetadata().getFinalizers() == null
                          ? new ArrayList<>()
                          : new ArrayList<>(c.getMetadata().getFinalizers());
                  if (!finalizers.contains(PVC_PROTECTION)) {
                    finalizers.add(PVC_PROTECTION);
                  }
                  c.getMetadata().setFinalizers(finalizers);
                  return c;
                });
    bound.setStatus(
        new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder()
            .withPhase("Bound")
            .withAccessModes(
                bound.getSpec().getAccessModes() == null
                        || bound.getSpec().getAccessModes().isEmpty()
                    ? List.of("ReadWriteOnce")
                    : bound.getSpec().getAccessModes())
            .withCapacity(Map.of("storage", new Quantity(Long.toString(bytes))))
            .build());
    client.persistentVolumeClaims().resource(bound).updateStatus();
    LOG.info(
        "Bound claim {}/{} to {} ({} bytes)",
        claim.getMetadata().getNamespace(),
        claim.getMetadata().getName(),
        dir,
        bytes);
  }

  /** Drops pvc-protection once no pod that has not ended uses the claim. */
  private Duration releaseProtection(PersistentVolumeClaim claim) {
    List<String> finalizers = claim.getMetadata().getFinalizers();
    if (finalizers == null || !finalizers.contains(PVC_PROTECTION)) {
      return null;
    }
    if (claimInUse(claim.getMetadata().getNamespace(), claim.getMetadata().getName())) {
      return Duration.ofSeconds(5);
    }
    client
        .persistentVolumeClaims()
        .inNamespace(claim.getMetadata().getNamespace())
        .withName(claim.getMetadata().getName())
        .edit(
            c -> {
              List<String> remaining = new ArrayList<>(c.getMetadata().getFinalizers());
              remaining.remove(PVC_PROTECTION);
              c.getMetadata().setFinalizers(remaining);
              return c;
            });
    return null;
  }

  private boolean claimInUse(String namespace, String claimName) {
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
        for (var volume : pod.getSpec().getVolumes()) {
          if (volume.getPersistentVolumeClaim() != null
              && claimName.equals(volume.getPersistentVolumeClaim().getClaimName())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private Duration reconcileVolume(String name) {
    PersistentVolume pv = client.persistentVolumes().withName(name).get();
    if (pv == null
        || pv.getSpec().getClaimRef() == null
        || pv.getSpec().getLocal() == null
        || !LocalVolumes.STORAGE_CLASS.equals(pv.getSpec().getStorageClassName())) {
      return null;
    }
    var ref = pv.getSpec().getClaimRef();
    PersistentVolumeClaim claim =
        client
            .persistentVolumeClaims()
            .inNamespace(ref.getNamespace())
            .withName(ref.getName())
            .get();
    if (claim != null && Objects.equals(claim.getMetadata().getUid(), ref.getUid())) {
      return null; // still bound
    }
    if (claimInUse(ref.getNamespace(), ref.getName())) {
      return Duration.ofSeconds(5);
    }
    Path dir = Path.of(pv.getSpec().getLocal().getPath());
    if (!dir.normalize().startsWith(paths.volumes().normalize())) {
      LOG.warn("Not reclaiming {}: {} is outside {}", name, dir, paths.volumes());
      return null;
    }
    LocalPaths.deleteTree(dir);
    client.persistentVolumes().withName(name).delete();
    LOG.info(
        "Reclaimed {} ({}): its claim {}/{} is gone", name, dir, ref.getNamespace(), ref.getName());
    return null;
  }

  private void event(PersistentVolumeClaim claim, String reason, String message) {
    try {
      String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
      client
          .v1()
          .events()
          .inNamespace(claim.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(claim.getMetadata().getName() + ".")
                  .withNamespace(claim.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion("v1")
                  .withKind("PersistentVolumeClaim")
                  .withNamespace(claim.getMetadata().getNamespace())
                  .withName(claim.getMetadata().getName())
                  .withUid(claim.getMetadata().getUid())
                  .endInvolvedObject()
                  .withReason(reason)
                  .withMessage(message)
                  .withType("Warning")
                  .withNewSource()
                  .withComponent("convoy-local-provisioner")
                  .endSource()
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn("Could not record event for claim {}", claim.getMetadata().getName(), e);
    }
  }

  @Override
  public void close() {
    queue.close();
    informers.forEach(SharedIndexInformer::close);
  }
}
