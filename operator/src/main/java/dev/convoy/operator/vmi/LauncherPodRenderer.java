package dev.convoy.operator.vmi;

import dev.convoy.api.kubevirt.v1.Annotations;
import dev.convoy.api.kubevirt.v1.Cpu;
import dev.convoy.api.kubevirt.v1.DomainSpec;
import dev.convoy.api.kubevirt.v1.KubeVirt;
import dev.convoy.api.kubevirt.v1.Labels;
import dev.convoy.api.kubevirt.v1.ResourceRequirements;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstance;
import dev.convoy.api.kubevirt.v1.VirtualMachineInstanceSpec;
import dev.convoy.api.kubevirt.v1.Volume;
import dev.convoy.operator.volumes.StorageView;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeDevice;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the launcher pod of a VirtualMachineInstance (KubeVirt's {@code RenderLaunchManifest}) as
 * a pure function of the VMI, the PVCs it mounts and the {@link LauncherSettings}.
 *
 * <ul>
 *   <li>Name {@code virt-launcher-<vmi>-<5 chars>}: the suffix is derived from the VMI's UID, so
 *       the same VMI always gets the same pod name and a second create (another replica, a
 *       restarted operator, a stale cache) fails with 409 instead of making a twin. A new VMI (new
 *       UID) gets a new name.
 *   <li>Labels {@code kubevirt.io=virt-launcher}, {@code kubevirt.io/created-by=<vmi uid>}, {@code
 *       vm.kubevirt.io/name}, plus the VMI's labels; a controller owner reference to the VMI.
 *   <li>One container {@code compute}: the launcher image with {@code --vmi-namespace --vmi-name
 *       --uid --socket-dir --grace-period-seconds}; requests memory = guest + {@link
 *       #memoryOverhead overhead}, cpu = the VMI's request or 100m per vCPU; limits where the VMI
 *       sets them.
 *   <li>Volumes: an emptyDir for the command socket, an emptyDir for ephemeral disks, each
 *       PVC/DataVolume claim (filesystem claims mounted at {@code
 *       /var/run/kubevirt-private/vmi-disks/<volume>}, block claims as {@code /dev/<volume>}), and
 *       /dev/kvm per {@link LauncherSettings.KvmAccess}.
 *   <li>Placement is the scheduler's: nodeSelector {@code kubevirt.io/schedulable=true} plus the
 *       VMI's nodeSelector, affinity, tolerations, schedulerName and priorityClassName.
 *   <li>terminationGracePeriodSeconds = the VMI's grace (default 30) + 15, so the node agent's ACPI
 *       shutdown and forced stop finish before the kubelet kills the pod.
 * </ul>
 */
public final class LauncherPodRenderer {

  /** Value of the {@code kubevirt.io} label on launcher pods. */
  public static final String LAUNCHER_APP = "virt-launcher";

  /** The container running the launcher. */
  public static final String COMPUTE_CONTAINER = "compute";

  /** KubeVirt's KVM device-plugin resource. */
  public static final String KVM_RESOURCE = "devices.kubevirt.io/kvm";

  /** Where filesystem PVCs are mounted (each holds {@code disk.img}). */
  public static final String DISKS_DIR = "/var/run/kubevirt-private/vmi-disks";

  /** Where the launcher keeps ephemeral disks and overlays. */
  public static final String EPHEMERAL_DIR = "/var/run/kubevirt-ephemeral-disks";

  /** Extra grace the pod gets over the VMI's so the guest's shutdown completes first. */
  public static final long GRACE_PADDING_SECONDS = 15;

  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final long MIB = 1024L * 1024L;

  private LauncherPodRenderer() {}

  /** The pod name for {@code vmi}: {@code virt-launcher-<name>-<suffix from uid>}. */
  public static String podName(VirtualMachineInstance vmi) {
    String prefix = "virt-launcher-" + vmi.getMetadata().getName() + "-";
    if (prefix.length() > 58) { // what generateName would keep, leaving room for the suffix in 63
      prefix = prefix.substring(0, 58);
    }
    return prefix + suffix(vmi.getMetadata().getUid());
  }

  static String suffix(String uid) {
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest((uid == null ? "" : uid).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    BigInteger n = new BigInteger(1, digest);
    BigInteger base = BigInteger.valueOf(SUFFIX_ALPHABET.length());
    StringBuilder s = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      BigInteger[] qr = n.divideAndRemainder(base);
      s.append(SUFFIX_ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    return s.toString();
  }

  /**
   * The launcher pod.
   *
   * @param claims the PVCs of the VMI's namespace by name (for block/filesystem mode); missing ones
   *     render as filesystem claims
   */
  public static Pod render(
      VirtualMachineInstance vmi,
      Map<String, PersistentVolumeClaim> claims,
      LauncherSettings settings) {
    VirtualMachineInstanceSpec spec = vmi.getSpec();
    String name = vmi.getMetadata().getName();
    String namespace = vmi.getMetadata().getNamespace();
    long grace =
        spec.getTerminationGracePeriodSeconds() == null
            ? KubeVirt.DEFAULT_GRACE_PERIOD_SECONDS
            : spec.getTerminationGracePeriodSeconds();

    Map<String, String> labels = new LinkedHashMap<>();
    if (vmi.getMetadata().getLabels() != null) {
      labels.putAll(vmi.getMetadata().getLabels());
    }
    labels.remove(Labels.NODE_NAME); // the VMI's node label must not pin the pod
    labels.put(Labels.APP, LAUNCHER_APP);
    labels.put(Labels.CREATED_BY, vmi.getMetadata().getUid());
    labels.put(Labels.VM_NAME, name);

    Map<String, String> nodeSelector = new LinkedHashMap<>();
    nodeSelector.put(Labels.SCHEDULABLE, "true");
    if (spec.getNodeSelector() != null) {
      nodeSelector.putAll(spec.getNodeSelector());
    }

    List<VolumeMount> mounts = new ArrayList<>();
    List<VolumeDevice> devices = new ArrayList<>();
    List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("sockets").withNewEmptyDir().endEmptyDir().build());
    mounts.add(mount("sockets", settings.socketDir(), false));
    volumes.add(
        new VolumeBuilder().withName("ephemeral-disks").withNewEmptyDir().endEmptyDir().build());
    mounts.add(mount("ephemeral-disks", EPHEMERAL_DIR, false));
    if (spec.getVolumes() != null) {
      for (Volume v : spec.getVolumes()) {
        String claim = StorageView.claimName(v);
        if (claim == null) {
          continue; // cloud-init, emptyDisk: built by the launcher inside the pod
        }
        boolean readOnly =
            v.getPersistentVolumeClaim() != null
                && Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly());
        volumes.add(
            new VolumeBuilder()
                .withName(v.getName())
                .withNewPersistentVolumeClaim(claim, readOnly)
                .build());
        PersistentVolumeClaim pvc = claims.get(claim);
        boolean block =
            pvc != null && pvc.getSpec() != null && "Block".equals(pvc.getSpec().getVolumeMode());
        if (block) {
          devices.add(new VolumeDevice("/dev/" + v.getName(), v.getName()));
        } else {
          mounts.add(mount(v.getName(), DISKS_DIR + "/" + v.getName(), readOnly));
        }
      }
    }

    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    resources(spec.getDomain(), settings, requests, limits);

    ContainerBuilder compute =
        new ContainerBuilder()
            .withName(COMPUTE_CONTAINER)
            .withImage(settings.image())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withArgs(
                "--vmi-namespace",
                namespace,
                "--vmi-name",
                name,
                "--uid",
                vmi.getMetadata().getUid(),
                "--socket-dir",
                settings.socketDir(),
                "--grace-period-seconds",
                Long.toString(grace))
            .withNewResources()
            .withRequests(requests)
            .withLimits(limits.isEmpty() ? null : limits)
            .endResources()
            .withVolumeMounts(mounts)
            .withVolumeDevices(devices.isEmpty() ? null : devices)
            // Ready once the command socket exists: then the node agent can take over.
            .withNewReadinessProbe()
            .withNewExec()
            .withCommand("test", "-S", settings.socketDir() + "/" + LauncherSettings.SOCKET_NAME)
            .endExec()
            .withPeriodSeconds(1)
            .withFailureThreshold(5)
            .endReadinessProbe();
    if (!settings.command().isEmpty()) {
      compute.withCommand(settings.command());
    }
    if (settings.kvm() == LauncherSettings.KvmAccess.HOST_PATH) {
      volumes.add(
          new VolumeBuilder().withName("kvm").withNewHostPath("/dev/kvm", "CharDevice").build());
      compute.addToVolumeMounts(mount("kvm", "/dev/kvm", false));
      compute.withNewSecurityContext().withPrivileged(true).endSecurityContext();
    }
    Container container = compute.build();

    return new PodBuilder()
        .withNewMetadata()
        .withName(podName(vmi))
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(Map.of(Annotations.DOMAIN, name))
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(KubeVirt.API_VERSION)
                .withKind("VirtualMachineInstance")
                .withName(name)
                .withUid(vmi.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(grace + GRACE_PADDING_SECONDS)
        .withAutomountServiceAccountToken(false)
        .withNodeSelector(nodeSelector)
        .withAffinity(spec.getAffinity())
        .withTolerations(spec.getTolerations())
        .withSchedulerName(spec.getSchedulerName())
        .withPriorityClassName(spec.getPriorityClassName())
        .withHostname(spec.getHostname() != null ? spec.getHostname() : hostname(name))
        .withSubdomain(spec.getSubdomain())
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec()
        .build();
  }

  private static String hostname(String name) {
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    VolumeMount m = new VolumeMount();
    m.setName(name);
    m.setMountPath(path);
    if (readOnly) {
      m.setReadOnly(true);
    }
    return m;
  }

  /** Number of vCPUs: sockets × cores × threads, each defaulting to 1. */
  public static int vcpus(DomainSpec domain) {
    Cpu cpu = domain == null ? null : domain.getCpu();
    if (cpu == null) {
      return 1;
    }
    return Math.max(1, nz(cpu.getSockets()))
        * Math.max(1, nz(cpu.getCores()))
        * Math.max(1, nz(cpu.getThreads()));
  }

  private static int nz(Integer i) {
    return i == null ? 1 : i;
  }

  /**
   * Guest memory in bytes: memory.guest, else the memory request, else the limit; 0 when none is
   * set.
   */
  public static long guestMemoryBytes(DomainSpec domain) {
    Quantity q = domain.getMemory() == null ? null : domain.getMemory().getGuest();
    ResourceRequirements r = domain.getResources();
    if (q == null && r != null && r.getRequests() != null) {
      q = r.getRequests().get("memory");
    }
    if (q == null && r != null && r.getLimits() != null) {
      q = r.getLimits().get("memory");
    }
    return q == null ? 0 : bytes(q);
  }

  /**
   * Memory the pod needs besides the guest, in bytes: the fixed part of the settings, page tables
   * (guest / 512), 8 MiB per vCPU, and 16 MiB for the video device when graphics auto-attach is on.
   */
  public static long memoryOverhead(DomainSpec domain, LauncherSettings settings) {
    long guest = guestMemoryBytes(domain);
    long overhead = settings.fixedOverheadMiB() * MIB;
    overhead += (guest + 511) / 512;
    overhead += 8 * MIB * vcpus(domain);
    // Convoy's launcher attaches graphics only when asked (docs/launcher-protocol.md), unlike
    // KubeVirt.
    boolean graphics =
        domain.getDevices() != null
            && Boolean.TRUE.equals(domain.getDevices().getAutoattachGraphicsDevice());
    if (graphics) {
      overhead += 16 * MIB;
    }
    return overhead;
  }

  private static void resources(
      DomainSpec domain,
      LauncherSettings settings,
      Map<String, Quantity> requests,
      Map<String, Quantity> limits) {
    ResourceRequirements r = domain.getResources();
    Map<String, Quantity> vmiRequests =
        r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    Map<String, Quantity> vmiLimits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    long overhead = memoryOverhead(domain, settings);
    long base =
        vmiRequests.get("memory") != null
            ? bytes(vmiRequests.get("memory"))
            : guestMemoryBytes(domain);
    requests.put("memory", mebibytes(base + overhead));
    if (vmiLimits.get("memory") != null) {
      limits.put("memory", mebibytes(bytes(vmiLimits.get("memory")) + overhead));
    }
    requests.put(
        "cpu",
        vmiRequests.get("cpu") != null
            ? vmiRequests.get("cpu")
            : new Quantity((100L * vcpus(domain)) + "m"));
    if (vmiLimits.get("cpu") != null) {
      limits.put("cpu", vmiLimits.get("cpu"));
    }
    if (settings.kvm() == LauncherSettings.KvmAccess.DEVICE_PLUGIN) {
      requests.put(KVM_RESOURCE, new Quantity("1"));
      limits.put(KVM_RESOURCE, new Quantity("1"));
    }
  }

  private static long bytes(Quantity q) {
    return q.getNumericalAmount().setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static Quantity mebibytes(long bytes) {
    BigDecimal mib =
        BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(MIB), 0, RoundingMode.CEILING);
    return new Quantity(mib.toPlainString() + "Mi");
  }
}
