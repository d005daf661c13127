package dev.convoy.importer.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convoy.api.kubevirt.v1.VirtualMachine;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.importer.migration.MigrationWorkload.DiskWorkload;
import dev.convoy.importer.migration.MigrationWorkload.VmWorkload;
import dev.convoy.plans.execution.VmObservation.DiskObservation;
import dev.convoy.plans.execution.VmObservation.ImportPod;
import dev.convoy.plans.execution.VmObservation.InstancePhase;
import dev.convoy.plans.execution.VmObservation.ReadyMarker;
import dev.convoy.plans.execution.VmObservation.TargetObservation;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link TargetCluster} over fabric8: works against the local runtime and any API server (plain
 * CRUD, no server-side apply).
 */
public final class Fabric8TargetCluster implements TargetCluster {
  /**
   * What an import pod requests: small (the copy is I/O-bound; qemu-img and the JVM stay well
   * within this), but set, so that a namespace with a compute ResourceQuota and no LimitRange
   * admits it. No limits: a memory limit would count the page cache of the write (CDI's importer is
   * OOM-killed that way) and cap the copy's speed.
   */
  public static final Map<String, Quantity> IMPORT_POD_REQUESTS =
      Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi"));

  /** Convoy's importer image; the local runtime maps it to {@link ImportPodMain}. */
  public static final String IMPORTER_IMAGE = "ghcr.io/convoy-dev/convoy-importer";

  /** The main class behind {@link #IMPORTER_IMAGE} in Convoy's jar. */
  public static final String IMPORTER_MAIN = ImportPodMain.class.getName();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_MOUNT = "/target";

  /** Where an OVA import pod sees its package store. */
  static final String OVA_MOUNT = "/convoy-ova";

  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String GENERATED_VM_LABEL = "convoy.dev/vm";

  private final KubernetesClient client;
  private final String imageTag;
  private final ImportPodAccess access;

  /** Over {@code client}, running import pods of {@link #IMPORTER_IMAGE}:{@code imageTag}. */
  public Fabric8TargetCluster(KubernetesClient client, String imageTag) {
    this(client, imageTag, null);
  }

  /**
   * As {@link #Fabric8TargetCluster(KubernetesClient, String)}, import pods running as {@code
   * access}'s ServiceAccount (created before each import pod); null: the namespace's default one.
   */
  public Fabric8TargetCluster(KubernetesClient client, String imageTag, ImportPodAccess access) {
    this.client = client;
    this.imageTag = imageTag;
    this.access = access;
  }

  static String podName(DiskWorkload disk) {
    return shorten(disk.claim().getMetadata().getName() + "-import");
  }

  static String secretName(DiskWorkload disk) {
    return shorten(disk.claim().getMetadata().getName() + "-source");
  }

  private static String shorten(String name) {
    return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
  }

  @Override
  public DiskObservation observeDisk(VmWorkload vm, DiskWorkload disk) {
    Pod pod = client.pods().inNamespace(vm.namespace()).withName(podName(disk)).get();
    PersistentVolumeClaim claim =
        client
            .persistentVolumeClaims()
            .inNamespace(vm.namespace())
            .withName(disk.claim().getMetadata().getName())
            .get();
    Map<String, String> annotations =
        claim == null || claim.getMetadata().getAnnotations() == null
            ? Map.of()
            : claim.getMetadata().getAnnotations();
    ImportPod state = ImportPod.NONE;
    String failure = null;
    if (pod != null && pod.getMetadata().getDeletionTimestamp() == null) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      state =
          switch (phase == null ? "" : phase) {
            case "Succeeded" -> ImportPod.SUCCEEDED;
            case "Failed" -> ImportPod.FAILED;
            default -> ImportPod.RUNNING;
          };
      if (state == ImportPod.FAILED) {
        failure = annotations.getOrDefault(ImportAnnotations.ERROR, terminated(pod));
      }
    } else if (pod != null) {
      state = ImportPod.FAILED; // being deleted: finished as far as this attempt goes
    }
    ReadyMarker marker = null;
    String converted = annotations.get(ImportAnnotations.CONVERTED);
    if (converted != null) {
      try {
        JsonNode node = JSON.readTree(converted);
        marker =
            new ReadyMarker(
                node.path("sourceIdentity").asText(null),
                node.path("sha256").asText(null),
                node.path("verified").asBoolean(false));
      } catch (java.io.IOException e) {
        marker = null; // unreadable: not verifiably done
      }
    }
    long copied = 0;
    long total = 0;
    String progress = annotations.get(ImportAnnotations.PROGRESS);
    if (progress != null && progress.matches("\\d+/\\d+")) {
      copied = Long.parseLong(progress.substring(0, progress.indexOf('/')));
      total = Long.parseLong(progress.substring(progress.indexOf('/') + 1));
    }
    return new DiskObservation(state, failure, marker, copied, total);
  }

  private static String terminated(Pod pod) {
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        ContainerStateTerminated t =
            status.getState() == null ? null : status.getState().getTerminated();
        if (t != null) {
          return "import container exited with code "
              + t.getExitCode()
              + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
      }
    }
    return "import pod failed";
  }

  @Override
  public TargetObservation observeTarget(VmWorkload vm) {
    VirtualMachine existing =
        client
            .resources(VirtualMachine.class)
            .inNamespace(vm.namespace())
            .withName(vm.name())
            .get();
    VirtualMachineInstance vmi =
        client
            .resources(VirtualMachineInstance.class)
            .inNamespace(vm.namespace())
            .withName(vm.name())
            .get();
    InstancePhase instance = InstancePhase.NONE;
    String failure = null;
    if (vmi != null) {
      String phase = vmi.getStatus() == null ? null : vmi.getStatus().getPhase();
      instance =
          switch (phase == null ? "" : phase) {
            case "Running" -> InstancePhase.RUNNING;
            case "Failed" -> InstancePhase.FAILED;
            case "Succeeded" -> InstancePhase.SUCCEEDED;
            default -> InstancePhase.STARTING;
          };
      if (instance == InstancePhase.FAILED && vmi.getStatus().getReason() != null) {
        failure = vmi.getStatus().getReason();
      }
    }
    int leftovers =
        client
                .persistentVolumeClaims()
                .inNamespace(vm.namespace())
                .withLabel(GENERATED_VM_LABEL, vm.name())
                .list()
                .getItems()
                .size()
            + client
                .pods()
                .inNamespace(vm.namespace())
                .withLabel(ImportAnnotations.VM_LABEL, vm.name())
                .list()
                .getItems()
                .size();
    return new TargetObservation(existing != null, instance, failure, null, leftovers);
  }

  @Override
  public void startImport(
      VmWorkload vm, DiskWorkload disk, ImportSource source, String sourceIdentity) {
    String namespace = vm.namespace();
    String claimName = disk.claim().getMetadata().getName();
    if (client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get() == null) {
      PersistentVolumeClaim claim =
          new PersistentVolumeClaimBuilder(disk.claim())
              .editMetadata()
              .withNamespace(namespace)
              .withResourceVersion(null)
              .endMetadata()
              .build();
      createIgnoringConflict(
          () -> client.persistentVolumeClaims().inNamespace(namespace).resource(claim).create());
    }
    List<String> args = new ArrayList<>();
    if (source instanceof ImportSource.Http http) {
      // with a login the pod opens (and renews) its own session: the controller's cookie is not
      // handed out
      String cookie = http.login().isEmpty() ? http.headers().getOrDefault("Cookie", "") : "";
      var secret =
          new SecretBuilder()
              .withNewMetadata()
              .withName(secretName(disk))
              .withNamespace(namespace)
              .addToLabels(ImportAnnotations.VM_LABEL, vm.name())
              .addToLabels(MANAGED_BY, "convoy")
              .endMetadata()
              // data, not stringData: the local runtime's API server stores stringData as it is
              // and its pods read env values from data only
              .addToData("cookie", base64(cookie))
              .addToData(base64(http.login()))
              .build();
      client
          .secrets()
          .inNamespace(namespace)
          .resource(secret)
          .createOr(existing -> existing.update());
      if (client.pods().inNamespace(namespace).withName(podName(disk)).get() != null) {
        return;
      }
      args.addAll(List.of("--source", http.url().toString()));
    } else if (source instanceof ImportSource.Ova ova) {
      if (client.pods().inNamespace(namespace).withName(podName(disk)).get() != null) {
        return;
      }
      args.addAll(List.of("--ova", OVA_MOUNT + "/" + ova.file(), "--ova-disk", ova.member()));
    }
    args.addAll(
        List.of(
            "--target", TARGET_MOUNT,
            "--pvc", claimName,
            "--source-identity", sourceIdentity));
    if (source instanceof ImportSource.Http http && !http.verifyTls()) {
      args.add("--insecure-tls");
    }
    PodBuilder builder =
        new PodBuilder()
            .withNewMetadata()
            .withName(podName(disk))
            .withNamespace(namespace)
            .addToLabels(ImportAnnotations.VM_LABEL, vm.name())
            .addToLabels(ImportAnnotations.DISK_LABEL, disk.name())
            .addToLabels(MANAGED_BY, "convoy")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("importer")
            .withImage(IMPORTER_IMAGE + ":" + imageTag)
            .withArgs(args)
            .withNewResources()
            .withRequests(IMPORT_POD_REQUESTS)
            .endResources()
            .addNewVolumeMount()
            .withName("target")
            .withMountPath(TARGET_MOUNT)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("target")
            .withNewPersistentVolumeClaim(claimName, false)
            .endVolume()
            .endSpec();
    if (source instanceof ImportSource.Http http) {
      builder
          .editSpec()
          .editFirstContainer()
          .addNewEnv()
          .withName(ImportPodMain.COOKIE_ENV)
          .withNewValueFrom()
          .withNewSecretKeyRef("cookie", secretName(disk), false)
          .endValueFrom()
          .endEnv()
          .endContainer()
          .endSpec();
      if (http.timeout() != null) {
        builder
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName(ImportPodMain.TIMEOUT_ENV)
            .withValue(Long.toString(http.timeout().toSeconds()))
            .endEnv()
            .endContainer()
            .endSpec();
      }
      // the vCenter login and trust, by reference: nothing secret in the pod spec
      for (String name : http.login().keySet()) {
        builder
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName(name)
            .withNewValueFrom()
            .withNewSecretKeyRef(name, secretName(disk), false)
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec();
      }
    } else if (source instanceof ImportSource.Ova ova) {
      builder
          .editSpec()
          .editFirstContainer()
          .addNewVolumeMount()
          .withName("ova")
          .withMountPath(OVA_MOUNT)
          .withReadOnly(true)
          .endVolumeMount()
          .endContainer()
          .addToVolumes(ovaVolume(ova.volume()))
          .endSpec();
    }
    ImportPodScratch scratch =
        source instanceof ImportSource.Http http
            ? ImportPodScratch.forDisk(disk, http.sourceBytes())
            : ImportPodScratch.forDisk(disk);
    Pod pod = scratch.applyTo(builder.build());
    if (access != null) {
      access.ensure(client, namespace);
      access.applyTo(pod);
    }
    createIgnoringConflict(() -> client.pods().inNamespace(namespace).resource(pod).create());
  }

  /** The pod volume named {@code ova} for a package store, read-only. */
  static Volume ovaVolume(OvaVolume volume) {
    VolumeBuilder v = new VolumeBuilder().withName("ova");
    if (volume instanceof OvaVolume.HostPath h) {
      v.withNewHostPath().withPath(h.directory().toString()).withType("Directory").endHostPath();
    } else if (volume instanceof OvaVolume.Nfs n) {
      v.withNewNfs().withServer(n.server()).withPath(n.path()).withReadOnly(true).endNfs();
    } else if (volume instanceof OvaVolume.Claim c) {
      v.withNewPersistentVolumeClaim(c.claimName(), true);
    }
    return v.build();
  }

  private static String base64(String value) {
    return java.util.Base64.getEncoder()
        .encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Map<String, String> base64(Map<String, String> values) {
    Map<String, String> encoded = new java.util.LinkedHashMap<>();
    values.forEach((k, v) -> encoded.put(k, base64(v)));
    return encoded;
  }

  private static void createIgnoringConflict(Runnable create) {
    try {
      create.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public void deleteImportPod(VmWorkload vm, DiskWorkload disk) {
    client.pods().inNamespace(vm.namespace()).withName(podName(disk)).delete();
    client.secrets().inNamespace(vm.namespace()).withName(secretName(disk)).delete();
  }

  @Override
  public void createVirtualMachine(VmWorkload vm) {
    if (client.resources(VirtualMachine.class).inNamespace(vm.namespace()).withName(vm.name()).get()
        != null) {
      return;
    }
    VirtualMachine copy =
        Serialization.unmarshal(Serialization.asJson(vm.virtualMachine()), VirtualMachine.class);
    copy.getMetadata().setResourceVersion(null);
    // the migration's point is a running target; the plan's runStrategy applies to generate only
    copy.getSpec().setRunStrategy("Always");
    createIgnoringConflict(
        () ->
            client
                .resources(VirtualMachine.class)
                .inNamespace(vm.namespace())
                .resource(copy)
                .create());
  }

  @Override
  public void deleteTarget(VmWorkload vm) {
    String namespace = vm.namespace();
    client.resources(VirtualMachine.class).inNamespace(namespace).withName(vm.name()).delete();
    client
        .resources(VirtualMachineInstance.class)
        .inNamespace(namespace)
        .withName(vm.name())
        .delete();
    client.pods().inNamespace(namespace).withLabel(ImportAnnotations.VM_LABEL, vm.name()).delete();
    client
        .secrets()
        .inNamespace(namespace)
        .withLabel(ImportAnnotations.VM_LABEL, vm.name())
        .delete();
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .withLabel(GENERATED_VM_LABEL, vm.name())
        .delete();
  }
}
