package dev.convoy.handler.local.pods;

import dev.convoy.handler.local.LocalPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a local pod's volumes are on this machine, in the kubelet's layout: an emptyDir is {@code
 * <data>/pods/<uid>/volumes/kubernetes.io~empty-dir/<name>} (the node agent finds the launcher's
 * socket there, as virt-handler does under /var/lib/kubelet/pods), a claim is its bound local
 * volume's directory, a hostPath is itself, and configMap/secret volumes are written out as files.
 * A process cannot see a different file system tree, so the container's mount paths are mapped: see
 * {@link Mounts}.
 */
final class PodVolumes {

  /** The outcome of resolving a pod's volumes. */
  sealed interface Resolution {
    /** Every volume is available, by volume name. */
    record Ready(Map<String, Path> volumes) implements Resolution {}

    /** Something is not there yet (an unbound claim): wait, as ContainerCreating. */
    record Waiting(String message) implements Resolution {}

    /** The pod cannot run here (an unsupported volume type): CreateContainerConfigError. */
    record Failed(String message) implements Resolution {}
  }

  /** A container's mount table: mount path to host path, longest mount path first. */
  record Mounts(Map<String, Path> byMountPath) {

    /** Maps {@code value} when it is a mount path or lies below one; otherwise returns it. */
    String translate(String value) {
      if (value == null) {
        return null;
      }
      for (Map.Entry<String, Path> mount : byMountPath.entrySet()) {
        String mountPath = mount.getKey();
        if (value.equals(mountPath)) {
          return mount.getValue().toString();
        }
        if (value.startsWith(mountPath + "/")) {
          return mount.getValue() + value.substring(mountPath.length());
        }
        // --flag=/mount/path/... arguments
        int equals = value.indexOf('=');
        if (equals > 0 && value.startsWith("-")) {
          String rest = value.substring(equals + 1);
          if (rest.equals(mountPath) || rest.startsWith(mountPath + "/")) {
            return value.substring(0, equals + 1) + translate(rest);
          }
        }
      }
      return value;
    }

    /** {@code {"mountPath":"hostPath",...}} for the process's CONVOY_VOLUME_MOUNTS. */
    String toJson() {
      StringBuilder json = new StringBuilder("{");
      for (Map.Entry<String, Path> mount : byMountPath.entrySet()) {
        if (json.length() > 1) {
          json.append(',');
        }
        json.append(quote(mount.getKey())).append(':').append(quote(mount.getValue().toString()));
      }
      return json.append('}').toString();
    }

    private static String quote(String text) {
      return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  private final KubernetesClient client;
  private final LocalPaths paths;

  PodVolumes(KubernetesClient client, LocalPaths paths) {
    this.client = client;
    this.paths = paths;
  }

  /** Resolves (and creates) the volumes of {@code pod}. */
  Resolution resolve(Pod pod) throws IOException {
    Map<String, Path> volumes = new LinkedHashMap<>();
    String uid = pod.getMetadata().getUid();
    String namespace = pod.getMetadata().getNamespace();
    List<Volume> specVolumes =
        pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes();
    for (Volume volume : specVolumes) {
      String name = volume.getName();
      if (volume.getEmptyDir() != null) {
        Path dir = paths.emptyDirStorage(uid, name);
        Files.createDirectories(dir);
        // as the kubelet does: world-writable, so QEMU (libvirt-qemu) can create its sockets
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (Path parent = dir.getParent();
            parent != null && parent.startsWith(paths.shortRoot().getParent());
            parent = parent.getParent()) {
          Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path link = paths.emptyDir(uid, name);
        if (!Files.isSymbolicLink(link)) {
          Files.createDirectories(link.getParent());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, dir);
        }
        volumes.put(name, dir);
      } else if (volume.getPersistentVolumeClaim() != null) {
        String claimName = volume.getPersistentVolumeClaim().getClaimName();
        PersistentVolumeClaim claim =
            client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
        if (claim == null) {
          return new Resolution.Waiting(
              "persistentvolumeclaim \"" + claimName + "\" not found (volume " + name + ")");
        }
        if (claim.getMetadata().getDeletionTimestamp() != null) {
          return new Resolution.Failed(
              "persistentvolumeclaim \"" + claimName + "\" is being deleted (volume " + name + ")");
        }
        String pvName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
        PersistentVolume pv =
            pvName == null || pvName.isEmpty()
                ? null
                : client.persistentVolumes().withName(pvName).get();
        if (pv == null) {
          return new Resolution.Waiting(
              "persistentvolumeclaim \"" + claimName + "\" is not bound (volume " + name + ")");
        }
        if (pv.getSpec().getLocal() != null) {
          volumes.put(name, Path.of(pv.getSpec().getLocal().getPath()));
        } else if (pv.getSpec().getHostPath() != null) {
          volumes.put(name, Path.of(pv.getSpec().getHostPath().getPath()));
        } else {
          return new Resolution.Failed(
              "persistentvolume \""
                  + pvName
                  + "\" is neither a local nor a hostPath volume; the local runtime cannot mount it");
        }
      } else if (volume.getHostPath() != null) {
        Path path = Path.of(volume.getHostPath().getPath());
        String type = volume.getHostPath().getType();
        if ("DirectoryOrCreate".equals(type)) {
          Files.createDirectories(path);
        }
        volumes.put(name, path);
      } else if (volume.getConfigMap() != null) {
        ConfigMap configMap =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(volume.getConfigMap().getName())
                .get();
        if (configMap == null) {
          if (Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
            configMap = new ConfigMap();
          } else {
            return new Resolution.Waiting(
                "configmap \""
                    + volume.getConfigMap().getName()
                    + "\" not found (volume "
                    + name
                    + ")");
          }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (configMap.getData() != null) {
          configMap.getData().forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
          configMap.getBinaryData().forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
        }
        volumes.put(
            name,
            writeFiles(
                uid, "kubernetes.io~configmap", name, files, volume.getConfigMap().getItems()));
      } else if (volume.getSecret() != null) {
        Secret secret =
            client
                .secrets()
                .inNamespace(namespace)
                .withName(volume.getSecret().getSecretName())
                .get();
        if (secret == null) {
          if (Boolean.TRUE.equals(volume.getSecret().getOptional())) {
            secret = new Secret();
          } else {
            return new Resolution.Waiting(
                "secret \""
                    + volume.getSecret().getSecretName()
                    + "\" not found (volume "
                    + name
                    + ")");
          }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (secret.getData() != null) {
          secret.getData().forEach((k, v) -> files.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
          secret
              .getStringData()
              .forEach((k, v) -> files.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        volumes.put(
            name,
            writeFiles(uid, "kubernetes.io~secret", name, files, volume.getSecret().getItems()));
      } else {
        return new Resolution.Failed(
            "volume \""
                + name
                + "\": only emptyDir, persistentVolumeClaim, hostPath, configMap and"
                + " secret volumes are supported by the local runtime");
      }
    }
    return new Resolution.Ready(volumes);
  }

  private Path writeFiles(
      String uid, String plugin, String name, Map<String, byte[]> files, List<KeyToPath> items)
      throws IOException {
    Path dir = paths.pod(uid).resolve("volumes").resolve(plugin).resolve(name);
    Files.createDirectories(dir);
    if (items != null && !items.isEmpty()) {
      for (KeyToPath item : items) {
        byte[] content = files.get(item.getKey());
        if (content != null) {
          Path target = dir.resolve(item.getPath()).normalize();
          if (target.startsWith(dir)) {
            Files.createDirectories(target.getParent());
            Files.write(target, content);
          }
        }
      }
    } else {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = dir.resolve(file.getKey()).normalize();
        if (target.startsWith(dir) && !target.equals(dir)) {
          Files.write(target, file.getValue());
        }
      }
    }
    return dir;
  }

  /** The mount table of {@code container} given the resolved volumes. */
  static Mounts mounts(Container container, Map<String, Path> volumes) {
    Map<String, Path> byPath =
        new java.util.TreeMap<>(
            Comparator.comparingInt(String::length)
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
    if (container.getVolumeMounts() != null) {
      for (VolumeMount mount : container.getVolumeMounts()) {
        Path host = volumes.get(mount.getName());
        if (host == null) {
          continue;
        }
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
          host = host.resolve(mount.getSubPath()).normalize();
        }
        String mountPath = mount.getMountPath();
        while (mountPath.length() > 1 && mountPath.endsWith("/")) {
          mountPath = mountPath.substring(0, mountPath.length() - 1);
        }
        byPath.put(mountPath, host);
      }
    }
    return new Mounts(new LinkedHashMap<>(byPath));
  }
}
